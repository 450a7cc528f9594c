package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two tenants with the same CIDR, and even the same address, on three switches, set up through the
 * REST API as an orchestrator would (ports bound to switch ports): inside a VPC hosts reach each
 * other, across subnets through the VPC's gateway (one routed hop), and never across VPCs.
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
        try (ControllerProcess controller = ControllerProcess.start("TenantIsolationIT");
             Lab lab = Lab.start("TenantIsolationIT")) {
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

            String ta = rest.post("/v1/tenants", "{\"tenant\":{\"name\":\"a\"}}").at("/tenant/id").asText();
            String tb = rest.post("/v1/tenants", "{\"tenant\":{\"name\":\"b\"}}").at("/tenant/id").asText();
            String va = vpc(rest, ta);
            String vb = vpc(rest, tb);
            String sa0 = subnet(rest, ta, va, "10.0.0.0/24");
            String sa1 = subnet(rest, ta, va, "10.0.1.0/24");
            String sb0 = subnet(rest, tb, vb, "10.0.0.0/24");
            port(rest, lab, ta, va, sa0, "10.0.0.11", A1, "a1");
            port(rest, lab, ta, va, sa0, "10.0.0.12", A2, "a2");
            port(rest, lab, ta, va, sa1, "10.0.1.13", A3, "a3");
            port(rest, lab, tb, vb, sb0, "10.0.0.11", B1, "b1");
            port(rest, lab, tb, vb, sb0, "10.0.0.14", B2, "b2");

            // As an orchestrator would: wait until every port is ACTIVE (its rules confirmed on its switch).
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            JsonNode ports = rest.get("/v1/ports");
            while (!allActive(ports) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                ports = rest.get("/v1/ports");
            }
            assertTrue(allActive(ports), "ports not ACTIVE: " + ports);

            // Inside each VPC: switched across two switches, and routed between A's subnets.
            assertReaches(lab, "a1", "10.0.0.12");
            assertReaches(lab, "b1", "10.0.0.14");
            assertReaches(lab, "b2", "10.0.0.11");
            Lab.CmdResult routed = lab.cmd("a1", "ping -n -c 3 -W 1 10.0.1.13", Duration.ofSeconds(10));
            assertTrue(routed.output().contains("ttl=63"), "one routed hop (TTL-1): " + routed.output());
            assertReaches(lab, "a3", "10.0.0.11");

            // Across VPCs: nothing, not even with the same address behind it.
            assertUnreachable(lab, "a1", "10.0.0.14");
            assertUnreachable(lab, "b1", "10.0.0.12");
            assertUnreachable(lab, "b1", "10.0.1.13");
            Lab.CmdResult arp = lab.cmd("b2", "ip neigh show 10.0.0.12", Duration.ofSeconds(5));
            assertTrue(!arp.output().contains(A2), "b2 learned a MAC of tenant A: " + arp.output());
        }
    }

    private static boolean allActive(JsonNode answer) {
        JsonNode ports = answer.path("ports");
        if (ports.size() != 5) {
            return false;
        }
        for (JsonNode p : ports) {
            if (!"ACTIVE".equals(p.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    private static String vpc(SkylaneRest rest, String tenant) throws Exception {
        return rest.post("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\"" + tenant + "\"}}").at("/vpc/id").asText();
    }

    private static String subnet(SkylaneRest rest, String tenant, String vpc, String cidr) throws Exception {
        return rest.post("/v1/subnets", "{\"subnet\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"cidr\":\"" + cidr + "\"}}").at("/subnet/id").asText();
    }

    private static void port(SkylaneRest rest, Lab lab, String tenant, String vpc, String subnet, String ip, String mac,
                             String host) throws Exception {
        String[] at = attachment(lab, host);
        rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc + "\",\"mac_address\":\""
                + mac + "\",\"fixed_ips\":[{\"subnet_id\":\"" + subnet + "\",\"ip_address\":\"" + ip + "\"}],"
                + "\"binding\":{\"dpid\":\"" + at[0] + "\",\"port\":" + at[1] + "}}}");
    }

    /** The switch (dpid) and port a host is cabled to. */
    private static String[] attachment(Lab lab, String host) {
        for (JsonNode s : lab.switches()) {
            for (JsonNode p : s.path("ports")) {
                if (host.equals(p.path("peer").asText())) {
                    return new String[] {s.path("dpid").asText(), p.path("port").asText()};
                }
            }
        }
        throw new AssertionError(host + " is cabled to no switch: " + lab.switches());
    }

    private static void assertReaches(Lab lab, String host, String ip) {
        Lab.CmdResult r = lab.cmd(host, "ping -n -c 3 -i 0.2 -W 1 " + ip, Duration.ofSeconds(15));
        assertTrue(r.output().contains(" 0% packet loss"), host + " -> " + ip + ": " + r.output());
    }

    private static void assertUnreachable(Lab lab, String host, String ip) {
        Lab.CmdResult r = lab.cmd(host, "ping -n -c 3 -i 0.2 -W 1 " + ip, Duration.ofSeconds(15));
        assertTrue(r.output().contains("100% packet loss"), host + " -> " + ip + " must fail: " + r.output());
        assertEquals(false, r.output().contains("bytes from"), r.output());
    }
}
