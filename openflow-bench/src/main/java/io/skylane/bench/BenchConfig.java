package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link LoadGenerator} run needs. Start from {@link #builder()}; every value has the
 * default listed on its builder method, and {@link Builder#build()} checks them.
 */
public final class BenchConfig {

    private final BenchMode mode;
    private final String host;
    private final int port;
    private final String openflow;
    private final int switches;
    private final long dpidBase;
    private final int macs;
    private final long seed;
    private final int buffers;
    private final int tables;
    private final int ports;
    private final int window;
    private final int warmupSeconds;
    private final int loops;
    private final int durationMs;
    private final int threads;
    private final boolean answerStats;
    private final boolean learn;
    private final int answerTimeoutMs;
    private final int stallTimeoutMs;
    private final int connectTimeoutMs;
    private final int deadlineSeconds;
    private final int echoIntervalMs;
    private final URI api;
    private final String apiToken;
    private final int rules;
    private final int priority;
    private final int requestTimeoutMs;
    private final String toolVersion;
    private final ChurnSettings churn;
    private final int fatTreeK;

    private BenchConfig(Builder b) {
        mode = b.mode;
        host = b.host;
        port = b.port;
        openflow = b.openflow;
        fatTreeK = b.fatTreeK;
        boolean fabric = b.mode == BenchMode.FABRIC;
        switches = fabric ? 5 * fatTreeK * fatTreeK / 4 : b.switches;
        dpidBase = b.dpidBase;
        macs = b.macs;
        seed = b.seed;
        buffers = b.buffers;
        tables = b.tables;
        ports = fabric ? fatTreeK : b.ports;
        window = b.mode == BenchMode.LATENCY ? 1 : b.window;
        warmupSeconds = b.warmupSeconds;
        loops = b.loops;
        durationMs = b.durationMs;
        threads = b.threads;
        answerStats = b.answerStats;
        learn = b.learn;
        answerTimeoutMs = b.answerTimeoutMs > 0 ? b.answerTimeoutMs : b.mode == BenchMode.LATENCY ? 1000 : 5000;
        stallTimeoutMs = b.stallTimeoutMs;
        connectTimeoutMs = b.connectTimeoutMs;
        echoIntervalMs = b.echoIntervalMs;
        api = b.api;
        apiToken = b.apiToken;
        rules = b.rules;
        priority = b.priority;
        requestTimeoutMs = b.requestTimeoutMs;
        toolVersion = b.toolVersion;
        churn = b.churn;
        deadlineSeconds = b.deadlineSeconds > 0 ? b.deadlineSeconds : automaticDeadline();
    }

    /** Connect time, warm-up, the loops and the REST requests, plus a minute. */
    private int automaticDeadline() {
        if (mode == BenchMode.HOLD) {
            return Integer.MAX_VALUE; // until stopped
        }
        long ms = connectTimeoutMs + warmupSeconds * 1000L + (long) loops * durationMs + 60_000L;
        if (mode == BenchMode.FLOWS || mode == BenchMode.FLOW_SERVICE || mode == BenchMode.FLOW_RESTART) {
            ms += 3L * requestTimeoutMs;
        }
        if (mode == BenchMode.CHURN) { // the schedule, or at least 100 creates/s; as long again for the deletes
            ms = 60_000L + (churn.delete() ? 2 : 1) * (long) Math.max(churn.scheduledSeconds() * 1000, churn.creates() * 10.0);
        }
        if (mode == BenchMode.FABRIC) {
            ms += 3L * connectTimeoutMs; // discovery, then a cable cut and mended, each within the connect timeout
        }
        return (int) Math.min(Integer.MAX_VALUE, ms / 1000);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every value of this configuration. */
    public Builder toBuilder() {
        return new Builder().mode(mode).host(host).port(port).openflow(openflow).switches(switches).dpidBase(dpidBase)
                .macs(macs).seed(seed).buffers(buffers).tables(tables).ports(ports).window(window)
                .warmupSeconds(warmupSeconds).loops(loops).durationMs(durationMs).threads(threads)
                .answerStats(answerStats).learn(learn).answerTimeoutMs(answerTimeoutMs).stallTimeoutMs(stallTimeoutMs)
                .connectTimeoutMs(connectTimeoutMs).deadlineSeconds(deadlineSeconds).echoIntervalMs(echoIntervalMs)
                .api(api).apiToken(apiToken).rules(rules).priority(priority).requestTimeoutMs(requestTimeoutMs).toolVersion(toolVersion).churn(churn)
                .fatTreeK(fatTreeK);
    }

    public BenchMode mode() {
        return mode;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** "1.0" or "1.3". */
    public String openflow() {
        return openflow;
    }

    public int switches() {
        return switches;
    }

    public long dpidBase() {
        return dpidBase;
    }

    public int macs() {
        return macs;
    }

    public long seed() {
        return seed;
    }

    public int buffers() {
        return buffers;
    }

    public int tables() {
        return tables;
    }

    public int ports() {
        return ports;
    }

    /** Outstanding PACKET_INs per switch (always 1 in latency mode). */
    public int window() {
        return window;
    }

    public int warmupSeconds() {
        return warmupSeconds;
    }

    public int loops() {
        return loops;
    }

    public int durationMs() {
        return durationMs;
    }

    public int threads() {
        return threads;
    }

    public boolean answerStats() {
        return answerStats;
    }

    public boolean learn() {
        return learn;
    }

    public int answerTimeoutMs() {
        return answerTimeoutMs;
    }

    public int stallTimeoutMs() {
        return stallTimeoutMs;
    }

    public int connectTimeoutMs() {
        return connectTimeoutMs;
    }

    /** The whole run ends by then, whatever happens. */
    public int deadlineSeconds() {
        return deadlineSeconds;
    }

    public int echoIntervalMs() {
        return echoIntervalMs;
    }

    /** The controller's REST API (flows mode; optional for storm). */
    public Optional<URI> api() {
        return Optional.ofNullable(api);
    }

    /** The bearer token for the REST API (never written into results). */
    public Optional<String> apiToken() {
        return Optional.ofNullable(apiToken);
    }

    public int rules() {
        return rules;
    }

    public int priority() {
        return priority;
    }

    public int requestTimeoutMs() {
        return requestTimeoutMs;
    }

    public String toolVersion() {
        return toolVersion;
    }

    /** Churn mode: clients, creates, rate, VPCs, deletes. */
    public ChurnSettings churn() {
        return churn;
    }

    /** Fabric mode: the fat-tree's k (5k^2/4 switches of k ports). */
    public int fatTreeK() {
        return fatTreeK;
    }

    /** Every parameter, for the JSON document. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(Locale.ROOT));
        m.put("controller", host + ":" + port);
        m.put("openflow", openflow);
        m.put("switches", switches);
        m.put("dpid_base", dpidBase);
        m.put("macs", macs);
        m.put("seed", seed);
        m.put("buffers", buffers);
        m.put("tables", tables);
        m.put("ports", ports);
        m.put("window", window);
        m.put("warmup_s", warmupSeconds);
        m.put("loops", loops);
        m.put("duration_ms", durationMs);
        m.put("threads", threads);
        m.put("answer_stats", answerStats);
        m.put("learn_dst_macs", learn);
        m.put("answer_timeout_ms", answerTimeoutMs);
        m.put("stall_timeout_ms", stallTimeoutMs);
        m.put("connect_timeout_ms", connectTimeoutMs);
        m.put("deadline_s", deadlineSeconds);
        m.put("echo_interval_ms", echoIntervalMs);
        m.put("api", api == null ? null : api.toString());
        m.put("rules", rules);
        m.put("priority", priority);
        m.put("request_timeout_ms", requestTimeoutMs);
        if (mode == BenchMode.CHURN) {
            m.put("churn", churn.describe());
        }
        m.put("fat_tree_k", fatTreeK);
        return m;
    }

    /** Collects and checks the settings. */
    public static final class Builder {
        private BenchMode mode = BenchMode.LATENCY;
        private String host = "127.0.0.1";
        private int port = 6653;
        private String openflow = "1.3";
        private int switches = 16;
        private long dpidBase = 1;
        private int macs = 100_000;
        private long seed = 1;
        private int buffers = 256;
        private int tables = 254;
        private int ports = 4;
        private int window = 1024;
        private int warmupSeconds = 2;
        private int loops = 16;
        private int durationMs = 1000;
        private int threads = 1;
        private boolean answerStats = true;
        private boolean learn = true;
        private int answerTimeoutMs;
        private int stallTimeoutMs = 5000;
        private int connectTimeoutMs = 30_000;
        private int deadlineSeconds;
        private int echoIntervalMs = 5000;
        private URI api;
        private String apiToken;
        private int rules = 1000;
        private int priority = 1000;
        private int requestTimeoutMs = 60_000;
        private String toolVersion = "dev";
        private ChurnSettings churn = ChurnSettings.defaults();
        private int fatTreeK = 4;

        private Builder() {
        }

        /** Latency (default), throughput, flows, flow_service, flow_restart, storm, churn, fabric or hold. */
        public Builder mode(BenchMode v) {
            mode = checkNotNull(v, "mode");
            return this;
        }

        /** Controller address (127.0.0.1). */
        public Builder host(String v) {
            host = checkNotNull(v, "host");
            return this;
        }

        /** Controller OpenFlow port (6653). */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** "1.0" or "1.3" (1.3). */
        public Builder openflow(String v) {
            openflow = checkNotNull(v, "openflow");
            return this;
        }

        /** Emulated switches (16). */
        public Builder switches(int v) {
            switches = v;
            return this;
        }

        /** Datapath id of the first switch; switch i gets base + i (1). */
        public Builder dpidBase(long v) {
            dpidBase = v;
            return this;
        }

        /** Source MACs each switch cycles through (100000). */
        public Builder macs(int v) {
            macs = v;
            return this;
        }

        /** Seed of the source MACs (1). */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** n_buffers announced; 0 = every PACKET_IN carries NO_BUFFER and the frame, as OVS (256, as cbench). */
        public Builder buffers(int v) {
            buffers = v;
            return this;
        }

        /** n_tables announced (254). */
        public Builder tables(int v) {
            tables = v;
            return this;
        }

        /** Ports per switch (4). */
        public Builder ports(int v) {
            ports = v;
            return this;
        }

        /** Throughput mode: PACKET_INs outstanding per switch (1024, about cbench's 64 KB send buffer). */
        public Builder window(int v) {
            window = v;
            return this;
        }

        /** Seconds of traffic before measuring (2). */
        public Builder warmupSeconds(int v) {
            warmupSeconds = v;
            return this;
        }

        /** Measured loops (16, as cbench). */
        public Builder loops(int v) {
            loops = v;
            return this;
        }

        /** Length of one loop in ms (1000). */
        public Builder durationMs(int v) {
            durationMs = v;
            return this;
        }

        /** Netty I/O threads of the generator (1). */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** Answer flow/port/group/table statistics requests (true); false ignores them as cbench does. */
        public Builder answerStats(boolean v) {
            answerStats = v;
            return this;
        }

        /** Teach the controller each switch's destination MAC first, as cbench -L does (true). */
        public Builder learn(boolean v) {
            learn = v;
            return this;
        }

        /** A PACKET_IN not answered by then is unanswered (1000 ms in latency mode, 5000 ms otherwise). */
        public Builder answerTimeoutMs(int v) {
            answerTimeoutMs = v;
            return this;
        }

        /** The run ends when no PACKET_IN at all was answered for this long (5000 ms). */
        public Builder stallTimeoutMs(int v) {
            stallTimeoutMs = v;
            return this;
        }

        /** Every switch must be connected and past its handshake by then (30000 ms). */
        public Builder connectTimeoutMs(int v) {
            connectTimeoutMs = v;
            return this;
        }

        /** Hard limit on the whole run (0 = connect timeout + warm-up + loops + 60 s). */
        public Builder deadlineSeconds(int v) {
            deadlineSeconds = v;
            return this;
        }

        /** How often each switch sends an ECHO_REQUEST (5000 ms). */
        public Builder echoIntervalMs(int v) {
            echoIntervalMs = v;
            return this;
        }

        /** REST API base, e.g. http://127.0.0.1:8181 (needed by flows mode; none by default). */
        public Builder api(URI v) {
            api = v;
            return this;
        }

        /** Bearer token for the REST API (none; blank = none). */
        public Builder apiToken(String v) {
            apiToken = v == null || v.isBlank() ? null : v;
            return this;
        }

        /** Flows mode: rules per switch (1000). */
        public Builder rules(int v) {
            rules = v;
            return this;
        }

        /** Flows mode: priority of the rules (1000). */
        public Builder priority(int v) {
            priority = v;
            return this;
        }

        /** Flows mode: how long one REST request may take (60000 ms). */
        public Builder requestTimeoutMs(int v) {
            requestTimeoutMs = v;
            return this;
        }

        /** Fabric mode: the fat-tree's k, even, 2..64 (4); sets the switches (5k^2/4) and their ports (k). */
        public Builder fatTreeK(int v) {
            fatTreeK = v;
            return this;
        }

        /** Written into the JSON document. */
        public Builder toolVersion(String v) {
            toolVersion = checkNotNull(v, "toolVersion");
            return this;
        }

        /** Churn mode: what the clients do ({@link ChurnSettings#defaults()}). */
        public Builder churn(ChurnSettings v) {
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
}
