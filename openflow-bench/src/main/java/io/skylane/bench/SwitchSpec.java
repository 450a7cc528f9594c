package io.skylane.bench;

/**
 * What one emulated switch is and how it behaves; derived from the {@link BenchConfig} per switch
 * ({@link #of}).
 *
 * @param dpid             datapath id (base + index; in a fabric run, the fat-tree's, shifted by base - 1)
 * @param index            position in the fleet, from 0
 * @param wireVersion      {@link Wire#OF10} or {@link Wire#OF13}
 * @param buffers          n_buffers in FEATURES_REPLY; 0 = every PACKET_IN carries NO_BUFFER and the frame
 * @param tables           n_tables in FEATURES_REPLY
 * @param ports            ports 1..ports, up, 10 Gbit/s
 * @param window           PACKET_INs that may wait for an answer at once (1 in latency mode)
 * @param macs             source MACs cycled through
 * @param seed             seed of the source MACs
 * @param answerStats      answer flow/aggregate/group/port/table statistics (false = ignore them as cbench does)
 * @param recordFlows      keep every FLOW_MOD in an emulated table (flow stats reply with it) instead of counting
 * @param watchPriority    FLOW_MOD ADDs at this priority are counted apart (flow programming verification); -1 none
 * @param answerTimeoutNs  a PACKET_IN not answered within this long counts as unanswered and frees its slot
 * @param echoIntervalNs   an ECHO_REQUEST is sent this often
 * @param preloadRules     the flows-mode rules (and the table-miss entry in 1.3) the table holds before it
 *                         connects, as a previous run of the controller left them (flow_restart mode); 0 none
 */
record SwitchSpec(long dpid, int index, int wireVersion, int buffers, int tables, int ports, int window, int macs,
                  long seed, boolean answerStats, boolean recordFlows, int watchPriority, long answerTimeoutNs,
                  long echoIntervalNs, int preloadRules) {

    /** Switch number {@code index} of a run: its datapath id, and what the run's mode needs it to do. */
    static SwitchSpec of(BenchConfig c, int index) {
        boolean restart = c.mode() == BenchMode.FLOW_RESTART;
        boolean flows = c.mode() == BenchMode.FLOWS || c.mode() == BenchMode.FLOW_SERVICE || restart;
        boolean packetIns = c.mode() == BenchMode.LATENCY || c.mode() == BenchMode.THROUGHPUT;
        long dpid = c.mode() == BenchMode.FABRIC ? FatTreeFabric.dpid(c.fatTreeK(), index) + c.dpidBase() - 1
                : c.dpidBase() + index;
        boolean record = flows || c.mode() == BenchMode.HOLD; // held switches answer flow statistics truthfully
        return new SwitchSpec(dpid, index, c.openflow().equals("1.0") ? Wire.OF10 : Wire.OF13,
                c.buffers(), c.tables(), c.ports(), packetIns ? c.window() : 1, c.macs(), c.seed(), c.answerStats(),
                record, flows ? c.priority() : -1, c.answerTimeoutMs() * 1_000_000L, c.echoIntervalMs() * 1_000_000L,
                restart ? c.rules() : 0);
    }

    boolean buffered() {
        return buffers > 0;
    }

    String dpidText() {
        return String.format("%016x", dpid);
    }
}
