package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two tenants with the same CIDR on a fat-tree k=4 (20 switches, 16 hosts, many equal-cost paths),
 * set up through REST with ports bound to the hosts' switch ports: every host reaches every host of
 * its own VPC, and nothing crosses between the VPCs: no ping, no ARP answer, no TCP connection.
 */
class TenantFatTreeIT {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoTenantsOnAFatTree() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("TenantFatTreeIT");
             Lab lab = Lab.start("TenantFatTreeIT")) {
            lab.start(LabTopo.fatTree(4), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(20, Duration.ofSeconds(30));
            TenantLab t = new TenantLab(rest, lab);
            String ta = t.tenant("a");
            String tb = t.tenant("b");
            String va = t.vpc(ta);
            String vb = t.vpc(tb);
            String sa = t.subnet(ta, va, "10.0.0.0/24", "10.0.0.254");
            String sb = t.subnet(tb, vb, "10.0.0.0/24", "10.0.0.254");
            List<JsonNode> hosts = new ArrayList<>();
            lab.hosts().forEach(hosts::add);
            hosts.sort((x, y) -> Integer.compare(number(x), number(y)));
            assertEquals(16, hosts.size());
            List<JsonNode> a = hosts.subList(0, 8);
            List<JsonNode> b = hosts.subList(8, 16);
            for (JsonNode h : a) {
                t.port(ta, va, sa, h.path("ip").asText(), h.path("mac").asText(), h.path("name").asText());
            }
            for (JsonNode h : b) {
                t.port(tb, vb, sb, h.path("ip").asText(), h.path("mac").asText(), h.path("name").asText());
            }
            t.awaitActive(16, Duration.ofSeconds(30));

            for (List<JsonNode> group : List.of(a, b)) {
                for (JsonNode src : group) {
                    String out = pingEach(lab, src, group);
                    assertTrue(!out.contains("FAIL"), src.path("name").asText() + " inside its VPC: " + out);
                }
            }
            for (JsonNode src : a) {
                String out = pingEach(lab, src, b);
                assertTrue(!out.contains(" OK "), src.path("name").asText() + " reached the other VPC: " + out);
                Lab.CmdResult neigh = lab.cmd(src.path("name").asText(), "ip neigh", Duration.ofSeconds(5));
                for (JsonNode other : b) {
                    assertTrue(!neigh.output().contains(other.path("mac").asText()),
                            "an ARP answer crossed the VPCs: " + neigh.output());
                }
            }

            // TCP: open inside the VPC, closed across.
            String server = lab.bgStart("h9", "iperf3 -s -p 9000");
            Thread.sleep(1000);
            String probe = "timeout 3 bash -c '</dev/tcp/" + b.get(0).path("ip").asText() + "/9000' && echo OPEN || echo SHUT";
            Lab.CmdResult inside = lab.cmd("h10", probe, Duration.ofSeconds(10));
            Lab.CmdResult across = lab.cmd("h1", probe, Duration.ofSeconds(10));
            lab.bgStop(server);
            assertTrue(inside.output().contains("OPEN"), "TCP inside the VPC: " + inside.output());
            assertTrue(across.output().contains("SHUT"), "TCP across the VPCs: " + across.output());
        }
    }

    private static int number(JsonNode host) {
        return Integer.parseInt(host.path("name").asText().substring(1));
    }

    /** One ping from src to every other host of the list, in parallel: lines "OK ip" or "FAIL ip". */
    private static String pingEach(Lab lab, JsonNode src, List<JsonNode> targets) {
        StringBuilder cmd = new StringBuilder();
        for (JsonNode dst : targets) {
            if (dst.path("name").asText().equals(src.path("name").asText())) {
                continue;
            }
            String ip = dst.path("ip").asText();
            cmd.append("(ping -n -c 2 -i 0.2 -W 1 ").append(ip).append(" >/dev/null && echo ' OK ").append(ip)
                    .append("' || echo ' FAIL ").append(ip).append("') & ");
        }
        cmd.append("wait");
        return lab.cmd(src.path("name").asText(), cmd.toString(), Duration.ofSeconds(20)).output();
    }
}
