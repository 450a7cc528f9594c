package io.skylane.bench;

/** The counters every emulated switch keeps (plain longs on its event loop, indexed by ordinal). */
enum Metric {
    PACKET_INS("packet_ins"),
    /** Packet-ins answered, each once, by the first FLOW_MOD or PACKET_OUT naming it. */
    ANSWERED("answered"),
    ANSWERED_BY_FLOW_MOD("answered_by_flow_mod"),
    ANSWERED_BY_PACKET_OUT("answered_by_packet_out"),
    /** A second answer to an already answered packet-in (FLOW_MOD and PACKET_OUT for one packet). */
    DUPLICATE_ANSWERS("duplicate_answers"),
    /** An answer to a packet-in that had already expired (counted unanswered). */
    LATE_ANSWERS("late_answers"),
    /** A buffer id or frame sequence this switch never sent (or too old to know). */
    UNKNOWN_ANSWERS("unknown_answers"),
    /** Packet-ins not answered within the answer timeout. */
    UNANSWERED("unanswered"),
    FLOW_MODS("flow_mods"),
    FLOW_ADDS("flow_adds"),
    FLOW_MODIFIES("flow_modifies"),
    FLOW_DELETES("flow_deletes"),
    /** FLOW_MOD ADDs at the watched priority (flow programming mode). */
    WATCHED_ADDS("watched_adds"),
    PACKET_OUTS("packet_outs"),
    /** PACKET_OUTs that answer no test packet (learning, LLDP, floods of foreign frames). */
    FOREIGN_PACKET_OUTS("foreign_packet_outs"),
    OTHER_MODS("other_mods"),
    BARRIERS("barriers"),
    STATS_REQUESTS("stats_requests"),
    STATS_IGNORED("stats_ignored"),
    ECHO_REQUESTS("echo_requests_received"),
    ECHO_REPLIES("echo_replies_received"),
    ERRORS("errors_received"),
    /** Messages a switch does not expect from a controller (and requests it does not serve). */
    UNEXPECTED("unexpected"),
    MESSAGES_IN("messages_in");

    private final String key;

    Metric(String key) {
        this.key = key;
    }

    /** The name in JSON output. */
    String key() {
        return key;
    }

    static final int COUNT = values().length;
}
