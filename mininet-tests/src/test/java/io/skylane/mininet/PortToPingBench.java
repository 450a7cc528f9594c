package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue #15 end-to-end benchmark (docs/benchmarks.md, "Tenant port at cloud scale: from POST
 * to the first ping"): on a Mininet fat-tree k=4, with a cloud of 10,000 other ports in 1,000 other
 * VPCs already in the store and bound to emulated switches ({@code skylane bench --mode hold},
 * {@link HeldSwitches}) connected to the same controller, the time from {@code POST /v1/ports} of a
 * port bound to a host's switch port to that host's first answered ping (to the VPC's first host),
 * as {@link TenantPortLatencyIT} measures it on an empty controller. Rounds of 15 ports (a new VPC
 * each round, deleted after), measured twice: with the controller otherwise idle, and while
 * {@link PortChurn} creates 50 ports a second in the cloud's VPCs. Prints BENCH lines (set-up time,
 * p50/p99/max, and the intervals in between: POST answered, tenant recompute logged, port ACTIVE);
 * asserts only that every port was pinged. Not part of {@code ./skylane test}: run it with
 * <pre>
 * flock /tmp/skylane-mininet.lock mvn -B -ntp -o verify -pl mininet-tests -am -Dtest=NoSuchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PortToPingBench
 * </pre>
 * ({@code -Dskylane.bench.tenants=N} (100: 10 VPCs of 10 ports each) and
 * {@code -Dskylane.bench.rounds=N} (7) make it smaller for a quick try).
 */
class PortToPingBench {

    private static final Logger log = LoggerFactory.getLogger(PortToPingBench.class);
    private static final int TENANTS = Integer.getInteger("skylane.bench.tenants", 100);
    private static final int ROUNDS = Integer.getInteger("skylane.bench.rounds", 7);
    private static final int CHURN_PER_SECOND = 50;
    private static final int SETUP_THREADS = 16;
    private static final long DPID_BASE = 0x10000;
    /** The controller's tenant data plane thread, whose CPU time each run reports. */
    private static final String DATA_PLANE_THREAD = "skylane-vpc";
    private static final Pattern RECOMPUTED = Pattern.compile(
            "^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Tenant data plane: .* switches reprogrammed");

    @Test
    @Timeout(value = 3600, unit = TimeUnit.SECONDS)
    void postPortToFirstPingBesideTenThousandPorts() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("PortToPingBench");
             Lab lab = Lab.start("PortToPingBench")) {
            lab.start(LabTopo.fatTree(4), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(20, Duration.ofSeconds(60));
            java.util.Set<String> built = TopologyLinks.built(lab);
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(120)), "discovered links");
            int switches = BackgroundCloud.switchesFor(TENANTS);
            List<String> out = new ArrayList<>();
            try (HeldSwitches held = HeldSwitches.start("PortToPingBench", controller.openflowPort(), switches,
                    BackgroundCloud.BOUND_PORTS_PER_SWITCH + PortChurn.SPARE_PORTS, DPID_BASE)) {
                held.awaitListed(rest, 20, Duration.ofSeconds(120));
                long t0 = System.nanoTime();
                BackgroundCloud cloud = BackgroundCloud.create(rest, held, TENANTS, SETUP_THREADS);
                long created = System.nanoTime();
                int active = cloud.awaitAllActive(Duration.ofMinutes(20));
                long allActive = System.nanoTime();
                out.add(String.format(Locale.ROOT, "BENCH setup: %d tenants, %d VPCs, %d ports on %d emulated switches"
                                + " created in %.1f s (%d parallel requests), all %d ports ACTIVE %.1f s after the start;"
                                + " load %s", TENANTS, cloud.vpcCount(), cloud.portCount(), switches,
                        (created - t0) / 1e9, SETUP_THREADS, active, (allActive - t0) / 1e9, load()));
                log.info(out.get(out.size() - 1));

                List<JsonNode> hosts = new ArrayList<>();
                lab.hosts().forEach(hosts::add);
                hosts.sort((x, y) -> Integer.compare(number(x), number(y)));
                for (JsonNode h : hosts) {
                    // ARP retried every 10 ms instead of every second: the ping loop sees the port as soon as it works
                    lab.cmd(h.path("name").asText(), "echo 10 > /proc/sys/net/ipv4/neigh/" + h.path("intf").asText()
                            + "/retrans_time_ms", Duration.ofSeconds(5));
                }
                TenantLab t = new TenantLab(rest, lab);

                out.addAll(run("idle", t, rest, lab, hosts, controller));
                try (PortChurn churn = PortChurn.start(cloud, rest, switches, CHURN_PER_SECOND)) {
                    List<String> busy = run("churn", t, rest, lab, hosts, controller);
                    churn.close();
                    out.addAll(busy);
                    out.add("BENCH " + churn.summary());
                }
                out.add("BENCH emulated switches: " + held.stop());
            }
            for (String line : out) {
                System.out.println(line);
            }
            log.info("\n{}", String.join("\n", out));
            List<String> unreached = out.stream().filter(l -> l.startsWith("BENCH unreached")).toList();
            assertEquals(List.of(), unreached, "every port's host must reach the first host");
        }
    }

    /** ROUNDS rounds of 15 ports; the BENCH lines of the run. */
    private static List<String> run(String label, TenantLab t, SkylaneRest rest, Lab lab, List<JsonNode> hosts,
                                    ControllerProcess controller) throws Exception {
        String loadBefore = load();
        ProcessCpu cpuBefore = ProcessCpu.of(controller.pid(), DATA_PLANE_THREAD);
        JsonNode statsBefore = rest.get("/v1/stats").path("counters").path("vpc");
        long started = System.nanoTime();
        String tenant = t.tenant("e2e-" + label);
        JsonNode first = hosts.get(0);
        List<PortToPingSample> samples = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String vpc = t.vpc(tenant);
            String subnet = t.subnet(tenant, vpc, "10.0.0.0/24", "10.0.0.254");
            for (JsonNode h : hosts) {
                lab.cmd(h.path("name").asText(), "ip neigh flush all", Duration.ofSeconds(5));
            }
            String firstPort = t.port(tenant, vpc, subnet, first.path("ip").asText(), first.path("mac").asText(),
                    first.path("name").asText());
            if (awaitActive(rest, firstPort, Duration.ofSeconds(30)) < 0) {
                throw new IllegalStateException("the first host's port never became ACTIVE in round " + round);
            }
            for (JsonNode h : hosts.subList(1, hosts.size())) {
                samples.add(sample(t, rest, lab, tenant, vpc, subnet, first, h));
            }
            rest.delete("/v1/vpcs/" + vpc + "?cascade=true");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ProcessCpu cpu = ProcessCpu.of(controller.pid(), DATA_PLANE_THREAD).since(cpuBefore);
        JsonNode statsAfter = rest.get("/v1/stats").path("counters").path("vpc");
        addRecomputes(samples, controller.logFile());
        List<PortToPingSample> reached = samples.stream().filter(PortToPingSample::reached).toList();
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "BENCH %s: POST to first ping over %d ports: %s", label, reached.size(),
                PortToPingSample.figures(reached, PortToPingSample::posted, PortToPingSample::pinged)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   POST answered %s", label,
                PortToPingSample.figures(reached, PortToPingSample::posted, PortToPingSample::answered)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   POST to the next tenant recompute logged %s", label,
                PortToPingSample.figures(reached, PortToPingSample::posted, PortToPingSample::recomputed)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   POST to port ACTIVE (polled every 5 ms) %s", label,
                PortToPingSample.figures(reached, PortToPingSample::posted, PortToPingSample::active)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   recompute logged to ACTIVE %s", label,
                PortToPingSample.figures(reached, PortToPingSample::recomputed, PortToPingSample::active)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   ACTIVE to first ping %s", label,
                PortToPingSample.figures(reached, PortToPingSample::active, PortToPingSample::pinged)));
        lines.add(String.format(Locale.ROOT, "BENCH %s:   all samples (ms) %s", label,
                reached.stream().map(PortToPingSample::total).sorted().toList()));
        lines.add(String.format(Locale.ROOT, "BENCH %s: %.0f s; load %s before, %s after; tenant recomputes %d"
                        + " (partial %d)", label, seconds, loadBefore, load(),
                statsAfter.path("recomputes").asLong() - statsBefore.path("recomputes").asLong(),
                statsAfter.path("partial_recomputes").asLong() - statsBefore.path("partial_recomputes").asLong()));
        lines.add(String.format(Locale.ROOT, "BENCH %s: controller CPU %.1f s, of which its tenant data plane's"
                + " thread (%s) %.1f s", label, cpu.seconds(), DATA_PLANE_THREAD, cpu.threadSeconds()));
        for (PortToPingSample s : samples) {
            if (!s.reached()) {
                lines.add("BENCH unreached " + label + ": " + s);
            }
        }
        lines.forEach(l -> log.info(l));
        return lines;
    }

    /** One port: the ping loop runs (and fails) in the host before the POST; the times of each step. */
    private static PortToPingSample sample(TenantLab t, SkylaneRest rest, Lab lab, String tenant, String vpc,
                                           String subnet, JsonNode first, JsonNode h) throws Exception {
        String name = h.path("name").asText();
        String loop = lab.bgStart(name, "for i in $(seq 1 400); do ping -n -c 1 -W 0.05 "
                + first.path("ip").asText() + " >/dev/null 2>&1 && date +%s%N && break; done");
        Thread.sleep(300); // the loop is running (and failing) before the port exists
        long posted = System.currentTimeMillis();
        String port = t.port(tenant, vpc, subnet, h.path("ip").asText(), h.path("mac").asText(), name);
        long answered = System.currentTimeMillis();
        long active = awaitActive(rest, port, Duration.ofSeconds(20));
        JsonNode done = lab.bgWait(loop, Duration.ofSeconds(60));
        String output = done.path("output").asText().trim();
        long pinged = output.isEmpty() ? -1
                : Long.parseLong(output.lines().reduce((a, b) -> b).orElseThrow().trim()) / 1_000_000;
        return new PortToPingSample(name, posted, answered, -1, active, pinged);
    }

    /** Polls the port every 5 ms; when it was first seen ACTIVE (epoch ms), or -1. */
    private static long awaitActive(SkylaneRest rest, String port, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if ("ACTIVE".equals(rest.get("/v1/ports/" + port).path("port").path("status").asText())) {
                return System.currentTimeMillis();
            }
            Thread.sleep(5);
        }
        return -1;
    }

    /** Fills in each sample's first "switches reprogrammed" line of the controller's log at or after its POST. */
    private static void addRecomputes(List<PortToPingSample> samples, Path controllerLog) throws IOException {
        List<Long> times = new ArrayList<>();
        LocalDate today = LocalDate.now();
        for (String line : Files.readAllLines(controllerLog, StandardCharsets.UTF_8)) {
            Matcher m = RECOMPUTED.matcher(line);
            if (m.find()) {
                times.add(LocalTime.parse(m.group(1)).atDate(today).atZone(ZoneId.systemDefault()).toInstant()
                        .toEpochMilli());
            }
        }
        for (int i = 0; i < samples.size(); i++) {
            PortToPingSample s = samples.get(i);
            long at = times.stream().filter(x -> x >= s.posted()).findFirst().orElse(-1L);
            samples.set(i, new PortToPingSample(s.host(), s.posted(), s.answered(), at, s.active(), s.pinged()));
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int number(JsonNode host) {
        return Integer.parseInt(host.path("name").asText().substring(1));
    }
}
