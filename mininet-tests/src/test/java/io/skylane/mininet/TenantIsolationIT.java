package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two tenants with the same CIDR, and even the same address, on three switches, set up through the
 * REST API as an orchestrator would (ports bound to switch ports): inside a VPC hosts reach each
 * other, across subnets through the VPC's gateway (one routed hop), and never across VPCs; a load
 * balancer's VIP answers pings from its own VPC only; and no LLDP probe (which names the switch and
 * port) reaches a tenant host.
 */
class TenantIsolationIT {

    private static final String A1 = "02:00:00:00:0a:01";
    private static final String A2 = "02:00:00:00:0a:02";
    private static final String A3 = "02:00:00:00:0a:03";
    private static final String B1 = "02:00:00:00:0b:01";
    private static final String B2 = "02:00:00:00:0b:02";

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void vpcsAreIsolatedAndRouteBetweenTheirSubnets() throws Exception {
        LabSupport.assumeRoot();
        scenario("TenantIsolationIT", List.of(), 1);
    }

    /**
     * The same with segment ids above 4,094 (fabric mode carries them as one MPLS label between
     * switches, docs/overlay.md): VPCs get 70000 and up, and a full-size don't-fragment packet for
     * the MPLS MTU (1496 bytes of IP) crosses two switches.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void withSegmentIdsAbove4094() throws Exception {
        LabSupport.assumeRoot();
        Path config = LabSupport.workDir().resolve("TenantIsolationWideIT.yaml");
        Files.writeString(config, "intent:\n  segment_min: 70000\n  segment_max: 1048575\n", StandardCharsets.UTF_8);
        scenario("TenantIsolationWideIT", List.of("--config", config.toString()), 70_000);
    }

    private void scenario(String name, List<String> runArgs, int firstSegment) throws Exception {
        try (ControllerProcess controller = ControllerProcess.start(name, runArgs);
             Lab lab = Lab.start(name)) {
            lab.start(LabTopo.custom(List.of("s1", "s2", "s3"), List.of(
                    Map.of("name", "a1", "ip", "10.0.0.11/24", "mac", A1, "defaultRoute", "via 10.0.0.1"),
                    Map.of("name", "a2", "ip", "10.0.0.12/24", "mac", A2, "defaultRoute", "via 10.0.0.1"),
                    Map.of("name", "a3", "ip", "10.0.1.13/24", "mac", A3, "defaultRoute", "via 10.0.1.1"),
                    Map.of("name", "b1", "ip", "10.0.0.11/24", "mac", B1, "defaultRoute", "via 10.0.0.1"),
                    Map.of("name", "b2", "ip", "10.0.0.14/24", "mac", B2, "defaultRoute", "via 10.0.0.1")),
                    List.of(List.of("s1", "s2"), List.of("s2", "s3"), List.of("a1", "s1"), List.of("b1", "s1"),
                            List.of("a3", "s2"), List.of("a2", "s3"), List.of("b2", "s3"))),
                    controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(3, Duration.ofSeconds(20));
            // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
            rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            TenantLab t = new TenantLab(rest, lab);

            String ta = t.tenant("a");
            String tb = t.tenant("b");
            String va = t.vpc(ta);
            String vb = t.vpc(tb);
            for (String v : List.of(va, vb)) {
                int segment = rest.get("/v1/vpcs/" + v).at("/vpc/segment_id").asInt();
                assertTrue(segment >= firstSegment, "VPC " + v + " got segment " + segment);
            }
            String sa0 = t.subnet(ta, va, "10.0.0.0/24");
            String sa1 = t.subnet(ta, va, "10.0.1.0/24");
            String sb0 = t.subnet(tb, vb, "10.0.0.0/24");
            t.port(ta, va, sa0, "10.0.0.11", A1, "a1");
            t.port(ta, va, sa0, "10.0.0.12", A2, "a2");
            t.port(ta, va, sa1, "10.0.1.13", A3, "a3");
            t.port(tb, vb, sb0, "10.0.0.11", B1, "b1");
            t.port(tb, vb, sb0, "10.0.0.14", B2, "b2");
            t.awaitActive(5, Duration.ofSeconds(15));
            // From now on the hosts are tenant ports: no LLDP probe may reach them.
            TenantLab.Capture captureA = t.captureLldp("a1");
            TenantLab.Capture captureB = t.captureLldp("b2");

            // Inside each VPC: switched across two switches, and routed between A's subnets.
            t.assertReaches("a1", "10.0.0.12");
            t.assertReaches("b1", "10.0.0.14");
            t.assertReaches("b2", "10.0.0.11");
            // Full size for the encapsulation between switches, don't fragment: a VLAN tag does not
            // count against the 1500-byte MTU, an MPLS label does (1496 bytes of IP: 1468 of ICMP data).
            int payload = firstSegment > 4094 ? 1468 : 1472;
            Lab.CmdResult big = lab.cmd("a1", "ping -n -c 2 -W 2 -M do -s " + payload + " 10.0.0.12", Duration.ofSeconds(10));
            assertTrue(big.output().contains(" 0% packet loss"), "DF ping of " + payload + " bytes: " + big.output());
            Lab.CmdResult routed = lab.cmd("a1", "ping -n -c 3 -W 1 10.0.1.13", Duration.ofSeconds(10));
            assertTrue(routed.output().contains("ttl=63"), "one routed hop (TTL-1): " + routed.output());
            t.assertReaches("a3", "10.0.0.11");
            Lab.CmdResult trace = lab.cmd("a1", "traceroute -n -q 1 -w 1 -m 4 10.0.1.13", Duration.ofSeconds(20));
            assertTrue(trace.output().matches("(?s).*\\n\\s*1\\s+10\\.0\\.0\\.1\\s.*\\n\\s*2\\s+10\\.0\\.1\\.13\\s.*"),
                    "traceroute shows the gateway, then the host: " + trace.output());
            t.assertReaches("a1", "10.0.0.1"); // the gateway answers pings
            t.assertReaches("b2", "10.0.0.1"); // and so does the other VPC's, with the same address

            // Across VPCs: nothing, not even with the same address behind it.
            t.assertUnreachable("a1", "10.0.0.14");
            t.assertUnreachable("b1", "10.0.0.12");
            t.assertUnreachable("b1", "10.0.1.13");
            Lab.CmdResult arp = lab.cmd("b2", "ip neigh show 10.0.0.12", Duration.ofSeconds(5));
            assertTrue(!arp.output().contains(A2), "b2 learned a MAC of tenant A: " + arp.output());

            // A's load balancer: its VIP answers from A's hosts on every switch, and from B's never.
            t.loadBalancer(ta, sa0, "10.0.0.100");
            t.awaitReaches("a1", "10.0.0.100", Duration.ofSeconds(10));
            t.assertReaches("a1", "10.0.0.100");
            t.assertReaches("a2", "10.0.0.100");
            t.assertReaches("a3", "10.0.0.100");
            t.assertUnreachable("b1", "10.0.0.100");

            // All the while (many probe intervals, 1 s each), no switch identifier reached a tenant host.
            t.assertNoLldp(captureA, Duration.ofSeconds(5));
            t.assertNoLldp(captureB, Duration.ofSeconds(5));
        }
    }
}
