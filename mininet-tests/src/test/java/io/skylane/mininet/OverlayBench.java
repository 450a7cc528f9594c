package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue #14 benchmark (docs/benchmarks.md, "Overlay and fabric in Mininet: throughput and
 * latency"): two tenant hosts of one VPC on two different switches, in fabric mode (two Open
 * vSwitch bridges of the machine's Open vSwitch joined by a veth, segment as a VLAN id) and in
 * overlay mode (two hypervisors of {@link OverlayLab}, each its own Open vSwitch, Geneve over a
 * Linux-bridge underlay); ping round trips and an iperf3 TCP run between them, each mode with its
 * tenant MTU (1500 and 1450). Not part of {@code ./skylane test}: run it on demand with
 * <pre>
 * flock /tmp/skylane-mininet.lock mvn -B -ntp -o verify -pl mininet-tests -am -Dtest=NoSuchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OverlayBench
 * </pre>
 * and read the lines starting with {@code BENCH} in the output.
 */
class OverlayBench {

    private static final Logger log = LoggerFactory.getLogger(OverlayBench.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PINGS = 200;
    private static final int SECONDS = 10;

    private record Result(String mode, Lab.Ping ping, double gbps, long retransmits) {
        String line() {
            List<Double> r = ping.rtts().stream().sorted().toList();
            return String.format("BENCH %-7s ping %d/%d rtt min %.3f median %.3f p90 %.3f ms; iperf3 %ds %.2f Gbit/s,"
                    + " %d retransmits", mode, ping.received(), ping.sent(), r.get(0), r.get(r.size() / 2),
                    r.get(r.size() * 9 / 10), SECONDS, gbps, retransmits);
        }
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void fabricAgainstOverlay() throws Exception {
        LabSupport.assumeRootForOverlay();
        Result fabric = fabric();
        Result overlay = overlay();
        log.info("\n{}\n{}", fabric.line(), overlay.line());
        System.out.println(fabric.line());
        System.out.println(overlay.line());
    }

    private Result fabric() throws Exception {
        try (ControllerProcess controller = ControllerProcess.start("OverlayBench-fabric");
             Lab lab = Lab.start("OverlayBench-fabric")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "h1", "ip", "10.0.0.11/24", "mac", "02:00:00:00:0a:01"),
                    Map.of("name", "h2", "ip", "10.0.0.12/24", "mac", "02:00:00:00:0a:02")),
                    List.of(List.of("s1", "s2"), List.of("h1", "s1"), List.of("h2", "s2"))), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(20));
            tenant(new TenantLab(rest, lab));
            return measure("fabric", lab, new TenantLab(rest, lab));
        }
    }

    private Result overlay() throws Exception {
        int ovsdbPort;
        try (ServerSocket s = new ServerSocket(0)) {
            ovsdbPort = s.getLocalPort();
        }
        Path config = LabSupport.workDir().resolve("OverlayBench.yaml");
        Files.writeString(config, "network:\n  mode: overlay\n  ovsdb:\n    port: " + ovsdbPort + "\n",
                StandardCharsets.UTF_8);
        try (ControllerProcess controller = ControllerProcess.start("OverlayBench-overlay",
                List.of("--config", config.toString()));
             OverlayLab lab = OverlayLab.start("OverlayBench", OverlayLab.Config.defaults()
                     .controller(controller.openflowPort()).tunnel("none").ovsdb(ovsdbPort), 2, List.of(
                             OverlayLab.HostSpec.of("h1", 1, "10.0.0.11/24", "02:00:00:00:0a:01").mtu(1450),
                             OverlayLab.HostSpec.of("h2", 2, "10.0.0.12/24", "02:00:00:00:0a:02").mtu(1450)))) {
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(30));
            for (OverlayLab.Hypervisor h : lab.hypervisors()) {
                rest.post("/v1/hypervisors", "{\"hypervisor\":{\"datapath_id\":\"" + h.dpid() + "\",\"endpoint_ip\":\""
                        + h.endpoint() + "\"}}");
            }
            TenantLab t = new TenantLab(rest, lab, lab::attachment);
            tenant(t);
            return measure("overlay", lab, t);
        }
    }

    private static void tenant(TenantLab t) throws Exception {
        String ta = t.tenant("bench");
        String va = t.vpc(ta);
        String sa = t.subnet(ta, va, "10.0.0.0/24");
        t.port(ta, va, sa, "10.0.0.11", "02:00:00:00:0a:01", "h1");
        t.port(ta, va, sa, "10.0.0.12", "02:00:00:00:0a:02", "h2");
        t.awaitActive(2, Duration.ofSeconds(30));
    }

    private static Result measure(String mode, HostShell lab, TenantLab t) throws Exception {
        t.awaitReaches("h1", "10.0.0.12", Duration.ofSeconds(20));
        t.awaitReaches("h2", "10.0.0.11", Duration.ofSeconds(20));
        Lab.Ping ping = HostTraffic.parsePing(lab.cmd("h1", "ping -n -c " + PINGS + " -i 0.02 -W 1 10.0.0.12",
                Duration.ofSeconds(30)).output());
        assertEquals(PINGS, ping.received(), mode + ": " + ping);
        String server = lab.bgStart("h2", "iperf3 -s -1 -p 5201");
        Lab.CmdResult listening = lab.cmd("h2", "for i in $(seq 100); do ss -ltn | grep -q ':5201 ' && exit 0;"
                + " sleep 0.05; done; exit 1", Duration.ofSeconds(10));
        assertEquals(0, listening.rc(), "iperf3 server in h2");
        Lab.CmdResult client = lab.cmd("h1", "iperf3 -c 10.0.0.12 -p 5201 -t " + SECONDS + " -J",
                Duration.ofSeconds(SECONDS + 30L));
        lab.bgWait(server, Duration.ofSeconds(10));
        assertEquals(0, client.rc(), mode + ": iperf3 " + client.output());
        JsonNode end = JSON.readTree(client.output()).path("end");
        double bps = end.path("sum_received").path("bits_per_second").asDouble();
        assertTrue(bps > 0, client.output());
        return new Result(mode, ping, bps / 1e9, end.path("sum_sent").path("retransmits").asLong());
    }
}
