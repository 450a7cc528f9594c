package io.skylane.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link LoadGenerator} run needs. Start from {@link #builder()}; every value has the
 * default listed on its builder method, and {@link BenchConfigBuilder#build()} checks them.
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

    BenchConfig(BenchConfigBuilder b) {
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

    public static BenchConfigBuilder builder() {
        return new BenchConfigBuilder();
    }

    /** A builder holding every value of this configuration. */
    public BenchConfigBuilder toBuilder() {
        return new BenchConfigBuilder().mode(mode).host(host).port(port).openflow(openflow).switches(switches).dpidBase(dpidBase)
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
}
