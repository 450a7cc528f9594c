package io.skylane.server;

import io.skylane.bench.BenchConfig;
import io.skylane.bench.BenchMode;
import io.skylane.bench.BenchResult;
import io.skylane.bench.ChurnSettings;
import io.skylane.bench.HoldRun;
import io.skylane.bench.LoadGenerator;
import io.skylane.bench.SinkController;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skylane bench}: the OpenFlow load generator (switch emulator) against a running
 * controller, or ({@code --mode sink}) the trivial reference controller that measures the
 * generator itself. Progress goes to stderr, one {@code RESULT ...} line to stdout; exit code 0
 * when the run went through, 3 when switches could not connect or were dropped, 4 when the
 * controller stopped answering or the deadline passed, 5 when flow programming failed verification or (churn)
 * a REST request was refused.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"OpenFlow load generator: emulates switches against a running controller (cbench-like, "
                + "but every PACKET_IN is scored once, when first answered).",
            "Modes: latency (one PACKET_IN outstanding per switch), throughput (a window of them), flows "
                + "(rules through the REST API, confirmed by barrier), flow_service (the same rules through the flow "
                + "rule service, run in this process), flow_restart (switches already holding those rules connect to "
                + "a freshly started flow rule service: what it sends), storm (all switches connect at once), "
                + "churn (concurrent REST clients create tenant ports; no switches), "
                + "fabric (a fat-tree of switches cabled to each other: time until the controller's topology "
                + "holds every link), "
                + "hold (switches connect and stay connected, answering everything, until stopped), "
                + "sink (run the trivial reference controller instead)."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "latency",
            description = "latency, throughput, flows, flow_service, flow_restart, storm, churn, fabric, hold or "
                    + "sink (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--controller", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6653",
            description = "The controller's OpenFlow address (default: ${DEFAULT-VALUE}).")
    String controller;

    @Option(names = "--of", paramLabel = "VERSION", defaultValue = "1.3", description = "1.0 or 1.3 (default: ${DEFAULT-VALUE}).")
    String openflow;

    @Option(names = {"-s", "--switches"}, paramLabel = "N", defaultValue = "16", description = "Emulated switches (${DEFAULT-VALUE}).")
    int switches;

    @Option(names = "--dpid-base", paramLabel = "N", defaultValue = "1", description = "Datapath id of the first switch (${DEFAULT-VALUE}).")
    long dpidBase;

    @Option(names = {"-M", "--macs"}, paramLabel = "N", defaultValue = "100000",
            description = "Source MACs each switch cycles through (${DEFAULT-VALUE}).")
    int macs;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the source MACs (${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--buffers", paramLabel = "N", defaultValue = "256",
            description = "n_buffers announced; 0 = PACKET_INs carry NO_BUFFER and the whole frame, as Open vSwitch (${DEFAULT-VALUE}).")
    int buffers;

    @Option(names = "--tables", paramLabel = "N", defaultValue = "254", description = "n_tables announced (${DEFAULT-VALUE}).")
    int tables;

    @Option(names = "--ports", paramLabel = "N", defaultValue = "4", description = "Ports per switch (${DEFAULT-VALUE}).")
    int ports;

    @Option(names = {"-w", "--window"}, paramLabel = "N", defaultValue = "1024",
            description = "Throughput mode: PACKET_INs outstanding per switch (${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "2", description = "Traffic before measuring (${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = {"-l", "--loops"}, paramLabel = "N", defaultValue = "16", description = "Measured loops (${DEFAULT-VALUE}).")
    int loops;

    @Option(names = {"-m", "--duration"}, paramLabel = "MS", defaultValue = "1000", description = "Length of a loop (${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Generator I/O threads (${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--no-stats", description = "Ignore flow/port/group/table statistics requests, as cbench does.")
    boolean noStats;

    @Option(names = "--no-learn", description = "Do not teach the controller the destination MACs first (cbench -L).")
    boolean noLearn;

    @Option(names = "--answer-timeout", paramLabel = "MS", defaultValue = "0",
            description = "A PACKET_IN not answered by then counts as unanswered (1000 latency, 5000 otherwise).")
    int answerTimeout;

    @Option(names = "--stall-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "End the run when nothing was answered for this long (${DEFAULT-VALUE}).")
    int stallTimeout;

    @Option(names = "--connect-timeout", paramLabel = "MS", defaultValue = "30000",
            description = "Every switch must be past its handshake by then (${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--deadline", paramLabel = "SECONDS", defaultValue = "0",
            description = "Hard limit on the whole run; 0 = computed from the other times. In sink and hold modes: run this long (0 = until stopped).")
    int deadline;

    @Option(names = "--echo-interval", paramLabel = "MS", defaultValue = "5000", description = "Switch ECHO_REQUEST period (${DEFAULT-VALUE}).")
    int echoInterval;

    @Option(names = "--api", paramLabel = "URL", description = "The controller's REST API, e.g. http://127.0.0.1:8181 (flows; optional for storm).")
    URI api;

    @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:SKYLANE_ADMIN_TOKEN}",
            description = "Admin bearer token for --api (default: the environment variable SKYLANE_ADMIN_TOKEN).")
    String apiToken;

    @Option(names = {"-K", "--rules"}, paramLabel = "N", defaultValue = "1000", description = "Flows mode: rules per switch (${DEFAULT-VALUE}).")
    int rules;

    @Option(names = "--priority", paramLabel = "N", defaultValue = "1000", description = "Flows mode: rule priority (${DEFAULT-VALUE}).")
    int priority;

    @Option(names = "--request-timeout", paramLabel = "MS", defaultValue = "60000", description = "Flows mode: per REST request (${DEFAULT-VALUE}).")
    int requestTimeout;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "16",
            description = "Churn mode: concurrent HTTP clients, each on its own connection (${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--creates", paramLabel = "N", defaultValue = "1000",
            description = "Churn mode: ports created over the run, by all clients together (${DEFAULT-VALUE}).")
    int creates;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Churn mode: creates per second over all clients on a fixed schedule; 0 = as fast as answered (${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--vpcs", paramLabel = "N", defaultValue = "0",
            description = "Churn mode: VPCs (one /16 subnet each); client i creates in VPC i mod N; 0 = one per client (${DEFAULT-VALUE}).")
    int vpcs;

    @Option(names = "--delete", description = "Churn mode: delete the ports again afterwards (timed), then the run's tenant.")
    boolean delete;

    @Option(names = "--fat-tree-k", paramLabel = "K", defaultValue = "4",
            description = "Fabric mode: the fat-tree's k, even (5k^2/4 switches of k ports; --switches and --ports are "
                    + "ignored) (${DEFAULT-VALUE}).")
    int fatTreeK;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every number (per loop, per switch, machine) as JSON.")
    Path json;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:6653",
            description = "Sink mode: where the reference controller listens (${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--answer", paramLabel = "HOW", defaultValue = "packet-out",
            description = "Sink mode: packet-out, flow-mod, both or none (${DEFAULT-VALUE}).")
    String answer;

    PrintStream out = System.out;
    PrintStream err = System.err;
    /** Sink and hold modes stop when this is counted down (tests); otherwise at the deadline or on SIGTERM. */
    CountDownLatch stopSink = new CountDownLatch(1);

    @Override
    public Integer call() {
        if (mode.equalsIgnoreCase("sink")) {
            return sink();
        }
        BenchConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            err.println("skylane bench: " + e.getMessage());
            return 2;
        }
        if (config.mode() == BenchMode.HOLD) {
            return hold(config);
        }
        return report(LoadGenerator.run(config, err::println));
    }

    /** Hold mode: until the deadline, {@link #stopSink} or SIGTERM (which waits for the RESULT line). */
    private int hold(BenchConfig config) {
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopSink.countDown();
            try {
                reported.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "skylane-hold-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return report(HoldRun.run(config, err::println, stopSink));
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    private int report(BenchResult result) {
        if (!result.message().isEmpty()) {
            err.println("skylane bench: " + result.message());
        }
        out.println(result.summaryLine());
        if (json != null) {
            try {
                Files.writeString(json, result.json());
            } catch (IOException e) {
                err.println("skylane bench: cannot write " + json + ": " + e.getMessage());
                return result.exitCode() != 0 ? result.exitCode() : 1;
            }
        }
        return result.exitCode();
    }

    BenchConfig config() {
        HostPort c = HostPort.parse(controller, "--controller");
        return BenchConfig.builder().mode(mode(mode)).host(c.host()).port(c.port()).openflow(openflow)
                .switches(switches).dpidBase(dpidBase).macs(macs).seed(seed).buffers(buffers).tables(tables)
                .ports(ports).window(window).warmupSeconds(warmup).loops(loops).durationMs(duration)
                .threads(threads).answerStats(!noStats).learn(!noLearn).answerTimeoutMs(answerTimeout)
                .stallTimeoutMs(stallTimeout).connectTimeoutMs(connectTimeout).deadlineSeconds(deadline)
                .echoIntervalMs(echoInterval).api(api).apiToken(apiToken).rules(rules).priority(priority)
                .requestTimeoutMs(requestTimeout).fatTreeK(fatTreeK).toolVersion(SkylaneCommand.Version.text())
                .churn(ChurnSettings.of(clients, creates, rate, vpcs, delete)).build();
    }

    private static BenchMode mode(String text) {
        for (BenchMode m : BenchMode.values()) {
            if (m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode must be latency, throughput, flows, flow_service, flow_restart, storm, churn, "
                + "fabric, hold or sink, not " + text);
    }

    private int sink() {
        SinkController.Answer how;
        HostPort where;
        try {
            how = switch (answer.toLowerCase(Locale.ROOT)) {
                case "packet-out" -> SinkController.Answer.PACKET_OUT;
                case "flow-mod" -> SinkController.Answer.FLOW_MOD;
                case "both" -> SinkController.Answer.FLOW_MOD_AND_PACKET_OUT;
                case "none" -> SinkController.Answer.NONE;
                default -> throw new IllegalArgumentException("--answer must be packet-out, flow-mod, both or none");
            };
            where = HostPort.parse(listen, "--listen");
        } catch (IllegalArgumentException e) {
            err.println("skylane bench: " + e.getMessage());
            return 2;
        }
        SinkController sink;
        try {
            sink = SinkController.start(where.host(), where.port(), how, threads);
        } catch (IllegalStateException e) {
            err.println("skylane bench: " + e.getMessage());
            return 3;
        }
        Thread hook = new Thread(stopSink::countDown, "skylane-sink-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("skylane bench: sink controller on " + where.host() + ":" + sink.port() + ", answering "
                + answer + (deadline > 0 ? " for " + deadline + " s" : " until stopped"));
        long start = System.nanoTime();
        try {
            if (deadline > 0) {
                stopSink.await(deadline, TimeUnit.SECONDS);
            } else {
                stopSink.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            double seconds = (System.nanoTime() - start) / 1e9;
            sink.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
            out.printf(Locale.ROOT, "RESULT mode=sink connections=%d packet_ins=%d packet_outs=%d flow_mods=%d "
                            + "seconds=%.1f packet_in/s=%.0f%n", sink.connections(), sink.packetIns(), sink.packetOuts(),
                    sink.flowMods(), seconds, sink.packetIns() / Math.max(seconds, 1e-9));
        }
        return 0;
    }

    /** HOST:PORT (IPv6 in brackets). */
    record HostPort(String host, int port) {
        static HostPort parse(String text, String option) {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new IllegalArgumentException(option + " must be HOST:PORT, not " + text);
            }
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            try {
                int port = Integer.parseInt(text.substring(colon + 1));
                if (port < 0 || port > 0xffff) {
                    throw new NumberFormatException();
                }
                return new HostPort(host, port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " has a bad port: " + text);
            }
        }
    }
}
