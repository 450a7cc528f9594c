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
    /** N switches connect at once; time until every handshake is done. */
    STORM,
    /**
     * N switches connect and stay connected, answering everything, until stopped ({@link HoldRun}): a
     * load for something else to be measured beside it.
     */
    HOLD
}
