package io.skylane.bench;

/** What a {@link LoadGenerator} run measures. */
public enum BenchMode {
    /** cbench's default: one PACKET_IN outstanding per switch; round-trip times and answers/s. */
    LATENCY,
    /** cbench -t: each switch keeps a window of PACKET_INs outstanding; answers/s. */
    THROUGHPUT,
    /** Rules installed through the controller's REST API, confirmed by barrier; rules/s. */
    FLOWS,
    /**
     * Rules handed to the flow rule service itself (the core and southbound run in the generator's
     * process, the switches connect to them over TCP), confirmed by barrier; rules/s.
     */
    FLOW_SERVICE,
    /**
     * A controller restart facing a fabric that already holds its rules: the switches start with
     * the flow_service rules in their tables, the flow rule service (in process, as in FLOW_SERVICE)
     * audits them as they connect and is then handed the same rules; counts what it sent.
     */
    FLOW_RESTART,
    /** N switches connect at once; time until every handshake is done. */
    STORM,
    /** Concurrent REST clients create (and optionally delete) tenant ports; creates/s and latency. */
    CHURN,
    /**
     * A generated fat-tree of switches wired to each other (frames sent out of a port arrive at the
     * cabled peer port): time until the controller's topology holds every link.
     */
    FABRIC,
    /**
     * N switches connect and stay connected, answering everything, until stopped ({@link HoldRun}): a
     * load for something else to be measured beside it.
     */
    HOLD
}
