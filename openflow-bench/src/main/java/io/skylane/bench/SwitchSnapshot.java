package io.skylane.bench;

import java.util.Arrays;

/**
 * One switch's counters and state at one instant, taken on its event loop.
 *
 * @param dpid          datapath id
 * @param counters      indexed by {@link Metric#ordinal()}
 * @param waiting       packet-ins waiting for an answer now
 * @param flows         flows in the emulated table (exact when recording, else adds minus deletes)
 * @param watchedFlows  recorded flows at the watched priority (-1 when not recording)
 * @param watchedAddsConfirmed watched ADDs that a barrier reply has confirmed
 * @param handshakeNs   from the connect call to ready, or -1 if not ready
 * @param learned       the controller answered the learning packet
 * @param closeReason   why the connection closed, or null while open
 */
record SwitchSnapshot(long dpid, long[] counters, int waiting, long flows, long watchedFlows,
                      long watchedAddsConfirmed, long handshakeNs, boolean learned, String closeReason) {

    long get(Metric m) {
        return counters[m.ordinal()];
    }

    /** This minus an earlier snapshot of the same switch, counter by counter (state fields from this). */
    SwitchSnapshot minus(SwitchSnapshot earlier) {
        long[] d = Arrays.copyOf(counters, counters.length);
        for (int i = 0; i < d.length; i++) {
            d[i] -= earlier.counters[i];
        }
        return new SwitchSnapshot(dpid, d, waiting, flows, watchedFlows, watchedAddsConfirmed, handshakeNs, learned,
                closeReason);
    }

    boolean ready() {
        return handshakeNs >= 0;
    }

    String dpidText() {
        return String.format("%016x", dpid);
    }
}
