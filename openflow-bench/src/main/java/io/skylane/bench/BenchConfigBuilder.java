package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.URI;

/** Collects and checks the settings. */
public final class BenchConfigBuilder {
    BenchMode mode = BenchMode.LATENCY;
    String host = "127.0.0.1";
    int port = 6653;
    String openflow = "1.3";
    int switches = 16;
    long dpidBase = 1;
    int macs = 100_000;
    long seed = 1;
    int buffers = 256;
    int tables = 254;
    int ports = 4;
    int window = 1024;
    int warmupSeconds = 2;
    int loops = 16;
    int durationMs = 1000;
    int threads = 1;
    boolean answerStats = true;
    boolean learn = true;
    int answerTimeoutMs;
    int stallTimeoutMs = 5000;
    int connectTimeoutMs = 30_000;
    int deadlineSeconds;
    int echoIntervalMs = 5000;
    URI api;
    String apiToken;
    int rules = 1000;
    int priority = 1000;
    int requestTimeoutMs = 60_000;
    String toolVersion = "dev";
    ChurnSettings churn = ChurnSettings.defaults();
    int fatTreeK = 4;

    BenchConfigBuilder() {
    }

    /** Latency (default), throughput, flows, flow_service, flow_restart, storm, churn, fabric or hold. */
    public BenchConfigBuilder mode(BenchMode v) {
        mode = checkNotNull(v, "mode");
        return this;
    }

    /** Controller address (127.0.0.1). */
    public BenchConfigBuilder host(String v) {
        host = checkNotNull(v, "host");
        return this;
    }

    /** Controller OpenFlow port (6653). */
    public BenchConfigBuilder port(int v) {
        port = v;
        return this;
    }

    /** "1.0" or "1.3" (1.3). */
    public BenchConfigBuilder openflow(String v) {
        openflow = checkNotNull(v, "openflow");
        return this;
    }

    /** Emulated switches (16). */
    public BenchConfigBuilder switches(int v) {
        switches = v;
        return this;
    }

    /** Datapath id of the first switch; switch i gets base + i (1). */
    public BenchConfigBuilder dpidBase(long v) {
        dpidBase = v;
        return this;
    }

    /** Source MACs each switch cycles through (100000). */
    public BenchConfigBuilder macs(int v) {
        macs = v;
        return this;
    }

    /** Seed of the source MACs (1). */
    public BenchConfigBuilder seed(long v) {
        seed = v;
        return this;
    }

    /** n_buffers announced; 0 = every PACKET_IN carries NO_BUFFER and the frame, as OVS (256, as cbench). */
    public BenchConfigBuilder buffers(int v) {
        buffers = v;
        return this;
    }

    /** n_tables announced (254). */
    public BenchConfigBuilder tables(int v) {
        tables = v;
        return this;
    }

    /** Ports per switch (4). */
    public BenchConfigBuilder ports(int v) {
        ports = v;
        return this;
    }

    /** Throughput mode: PACKET_INs outstanding per switch (1024, about cbench's 64 KB send buffer). */
    public BenchConfigBuilder window(int v) {
        window = v;
        return this;
    }

    /** Seconds of traffic before measuring (2). */
    public BenchConfigBuilder warmupSeconds(int v) {
        warmupSeconds = v;
        return this;
    }

    /** Measured loops (16, as cbench). */
    public BenchConfigBuilder loops(int v) {
        loops = v;
        return this;
    }

    /** Length of one loop in ms (1000). */
    public BenchConfigBuilder durationMs(int v) {
        durationMs = v;
        return this;
    }

    /** Netty I/O threads of the generator (1). */
    public BenchConfigBuilder threads(int v) {
        threads = v;
        return this;
    }

    /** Answer flow/port/group/table statistics requests (true); false ignores them as cbench does. */
    public BenchConfigBuilder answerStats(boolean v) {
        answerStats = v;
        return this;
    }

    /** Teach the controller each switch's destination MAC first, as cbench -L does (true). */
    public BenchConfigBuilder learn(boolean v) {
        learn = v;
        return this;
    }

    /** A PACKET_IN not answered by then is unanswered (1000 ms in latency mode, 5000 ms otherwise). */
    public BenchConfigBuilder answerTimeoutMs(int v) {
        answerTimeoutMs = v;
        return this;
    }

    /** The run ends when no PACKET_IN at all was answered for this long (5000 ms). */
    public BenchConfigBuilder stallTimeoutMs(int v) {
        stallTimeoutMs = v;
        return this;
    }

    /** Every switch must be connected and past its handshake by then (30000 ms). */
    public BenchConfigBuilder connectTimeoutMs(int v) {
        connectTimeoutMs = v;
        return this;
    }

    /** Hard limit on the whole run (0 = connect timeout + warm-up + loops + 60 s). */
    public BenchConfigBuilder deadlineSeconds(int v) {
        deadlineSeconds = v;
        return this;
    }

    /** How often each switch sends an ECHO_REQUEST (5000 ms). */
    public BenchConfigBuilder echoIntervalMs(int v) {
        echoIntervalMs = v;
        return this;
    }

    /** REST API base, e.g. http://127.0.0.1:8181 (needed by flows mode; none by default). */
    public BenchConfigBuilder api(URI v) {
        api = v;
        return this;
    }

    /** Bearer token for the REST API (none; blank = none). */
    public BenchConfigBuilder apiToken(String v) {
        apiToken = v == null || v.isBlank() ? null : v;
        return this;
    }

    /** Flows mode: rules per switch (1000). */
    public BenchConfigBuilder rules(int v) {
        rules = v;
        return this;
    }

    /** Flows mode: priority of the rules (1000). */
    public BenchConfigBuilder priority(int v) {
        priority = v;
        return this;
    }

    /** Flows mode: how long one REST request may take (60000 ms). */
    public BenchConfigBuilder requestTimeoutMs(int v) {
        requestTimeoutMs = v;
        return this;
    }

    /** Fabric mode: the fat-tree's k, even, 2..64 (4); sets the switches (5k^2/4) and their ports (k). */
    public BenchConfigBuilder fatTreeK(int v) {
        fatTreeK = v;
        return this;
    }

    /** Written into the JSON document. */
    public BenchConfigBuilder toolVersion(String v) {
        toolVersion = checkNotNull(v, "toolVersion");
        return this;
    }

    /** Churn mode: what the clients do ({@link ChurnSettings#defaults()}). */
    public BenchConfigBuilder churn(ChurnSettings v) {
        churn = checkNotNull(v, "churn");
        return this;
    }

    /**
     * @throws IllegalArgumentException naming the first value out of range
     */
    public BenchConfig build() {
        checkArgument(openflow.equals("1.0") || openflow.equals("1.3"), "--of must be 1.0 or 1.3");
        checkArgument(port > 0 && port <= 0xffff, "controller port must be 1..65535");
        checkArgument(switches >= 1 && switches <= 100_000, "switches must be 1..100000");
        checkArgument(dpidBase >= 0, "dpid base must not be negative");
        checkArgument(macs >= 1, "macs must be at least 1");
        checkArgument(buffers >= 0, "buffers must not be negative");
        checkArgument(tables >= 1 && tables <= 255, "tables must be 1..255");
        checkArgument(ports >= 1 && ports <= (openflow.equals("1.0") ? 200 : 1000), "ports must be 1..200 (1.0) or 1..1000");
        checkArgument(window >= 1 && window <= 1 << 20, "window must be 1..1048576");
        checkArgument(warmupSeconds >= 0, "warmup must not be negative");
        checkArgument(loops >= 1, "loops must be at least 1");
        checkArgument(durationMs >= 10, "duration must be at least 10 ms");
        checkArgument(threads >= 1 && threads <= 64, "threads must be 1..64");
        checkArgument(answerTimeoutMs >= 0, "answer timeout must not be negative");
        checkArgument(stallTimeoutMs >= 100, "stall timeout must be at least 100 ms");
        checkArgument(connectTimeoutMs >= 100, "connect timeout must be at least 100 ms");
        checkArgument(deadlineSeconds >= 0, "deadline must not be negative");
        checkArgument(echoIntervalMs >= 100, "echo interval must be at least 100 ms");
        checkArgument(rules >= 1, "rules must be at least 1");
        checkArgument(priority >= 0 && priority <= 0xffff, "priority must be 0..65535");
        checkArgument(requestTimeoutMs >= 100, "request timeout must be at least 100 ms");
        checkArgument(mode != BenchMode.FLOWS || api != null, "flows mode needs --api");
        checkArgument(mode != BenchMode.CHURN || api != null, "churn mode needs --api");
        checkArgument(fatTreeK >= 2 && fatTreeK <= 64 && fatTreeK % 2 == 0, "fat-tree k must be even, 2..64");
        checkArgument(mode != BenchMode.FABRIC || api != null, "fabric mode needs --api");
        return new BenchConfig(this);
    }
}
