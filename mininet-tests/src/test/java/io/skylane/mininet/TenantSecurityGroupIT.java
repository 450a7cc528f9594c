package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server whose only security group allows TCP 8080 in: 8080 is reachable and its replies pass,
 * 22 and ping are not, the server cannot open connections itself; a rule for a wide port range
 * (40000-60000) opens exactly that range; a rule added while a client keeps trying takes effect
 * within a second, and a deleted rule stops new connections. And the default group's members on
 * one switch admitted through conjunctive matches, others refused.
 */
class TenantSecurityGroupIT {

    private static final Logger log = LoggerFactory.getLogger(TenantSecurityGroupIT.class);
    private static final String SRV = "02:00:00:00:0d:01";
    private static final String CLI = "02:00:00:00:0d:02";

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void onlyWhatTheGroupsAllow() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("TenantSecurityGroupIT");
             Lab lab = Lab.start("TenantSecurityGroupIT")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "srv", "ip", "10.1.0.10/24", "mac", SRV),
                    Map.of("name", "cli", "ip", "10.1.0.20/24", "mac", CLI)),
                    List.of(List.of("s1", "s2"), List.of("srv", "s1"), List.of("cli", "s2"))),
                    controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(20));
            // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
            rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            TenantLab t = new TenantLab(rest, lab);
            String tenant = t.tenant("sg");
            String vpc = t.vpc(tenant);
            String subnet = t.subnet(tenant, vpc, "10.1.0.0/24");
            String web = rest.post("/v1/security-groups", "{\"security_group\":{\"tenant_id\":\"" + tenant
                    + "\",\"name\":\"web\",\"rules\":[{\"direction\":\"ingress\",\"protocol\":\"tcp\","
                    + "\"port_range_min\":8080,\"port_range_max\":8080,\"remote_ip_prefix\":\"0.0.0.0/0\"}]}}")
                    .at("/security_group/id").asText();
            String rule8080 = rest.get("/v1/security-groups/" + web).at("/security_group/rules/0/id").asText();
            String[] at = t.attachment("srv");
            rest.post("/v1/ports", "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc + "\",\"mac_address\":\""
                    + SRV + "\",\"fixed_ips\":[{\"subnet_id\":\"" + subnet + "\",\"ip_address\":\"10.1.0.10\"}],"
                    + "\"security_groups\":[\"" + web + "\"],\"binding\":{\"dpid\":\"" + at[0] + "\",\"port\":" + at[1] + "}}}");
            t.port(tenant, vpc, subnet, "10.1.0.20", CLI, "cli"); // the tenant's default group
            t.awaitActive(2, Duration.ofSeconds(15));

            String s8080 = lab.bgStart("srv", "iperf3 -s -p 8080");
            String s22 = lab.bgStart("srv", "iperf3 -s -p 22");
            String c9000 = lab.bgStart("cli", "iperf3 -s -p 9000");
            List<String> ranged = new ArrayList<>();
            Thread.sleep(1000);
            try {
                assertTrue(open(lab, "cli", "10.1.0.10", 8080), "8080 is allowed in");
                Lab.CmdResult data = lab.cmd("cli", "iperf3 -c 10.1.0.10 -p 8080 -t 1 -J", Duration.ofSeconds(20));
                assertTrue(data.rc() == 0 && data.output().contains("\"bytes\""), "replies pass: " + data.output());
                assertTrue(!open(lab, "cli", "10.1.0.10", 22), "22 is not allowed");
                t.assertUnreachable("cli", "10.1.0.10");
                assertTrue(!open(lab, "srv", "10.1.0.20", 9000), "web allows no egress and the default group no "
                        + "ingress from outside it: the server cannot open a connection");

                // A wide port range (Open vSwitch matches it as value/mask blocks of tcp_dst): its
                // ends and a port inside are open, the ports just outside stay shut.
                rest.post("/v1/security-group-rules", "{\"security_group_rule\":{\"tenant_id\":\"" + tenant
                        + "\",\"security_group_id\":\"" + web + "\",\"direction\":\"ingress\",\"protocol\":\"tcp\","
                        + "\"port_range_min\":40000,\"port_range_max\":60000}}");
                for (int p : new int[] {39999, 40000, 51234, 60000, 60001}) {
                    ranged.add(lab.bgStart("srv", "iperf3 -s -p " + p));
                }
                Thread.sleep(1500);
                assertTrue(open(lab, "cli", "10.1.0.10", 40000), "40000, the range's first port");
                assertTrue(open(lab, "cli", "10.1.0.10", 51234), "51234, inside the range");
                assertTrue(open(lab, "cli", "10.1.0.10", 60000), "60000, the range's last port");
                assertTrue(!open(lab, "cli", "10.1.0.10", 39999), "39999, just below the range");
                assertTrue(!open(lab, "cli", "10.1.0.10", 60001), "60001, just above the range");

                // A rule added while the client keeps trying: in effect within a second.
                long posted = System.nanoTime();
                rest.post("/v1/security-group-rules", "{\"security_group_rule\":{\"tenant_id\":\"" + tenant
                        + "\",\"security_group_id\":\"" + web + "\",\"direction\":\"ingress\",\"protocol\":\"tcp\","
                        + "\"port_range_min\":22,\"port_range_max\":22}}");
                long opened = -1;
                while (System.nanoTime() - posted < TimeUnit.SECONDS.toNanos(5)) {
                    if (open(lab, "cli", "10.1.0.10", 22)) {
                        opened = (System.nanoTime() - posted) / 1_000_000;
                        break;
                    }
                }
                log.info("security group rule in effect {} ms after its POST", opened);
                assertTrue(opened >= 0 && opened < 1000, "the new rule took " + opened + " ms");

                // A deleted rule stops new connections.
                rest.delete("/v1/security-group-rules/" + rule8080);
                Thread.sleep(1000);
                assertTrue(!open(lab, "cli", "10.1.0.10", 8080), "8080 after its rule was deleted");
            } finally {
                lab.bgStop(s8080);
                lab.bgStop(s22);
                lab.bgStop(c9000);
                ranged.forEach(lab::bgStop);
            }
        }
    }

    /**
     * Four ports of one switch in the tenant's default group (which admits its own members): their
     * ingress from the members is compiled to Open vSwitch conjunctive matches (docs/pipeline.md,
     * "Remote groups as conjunctive matches"), which the real switch runs: the members reach each
     * other through the conjunctions' rules, a port of the VPC outside the group reaches none of
     * them, and the switch's table as the controller reads it back (the audit's FLOW_STATS, with
     * NXAST_CONJUNCTION and conj_id) equals the desired rules.
     */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void theDefaultGroupsMembersThroughConjunctions() throws Exception {
        LabSupport.assumeRoot();
        List<String> members = List.of("m1", "m2", "m3", "m4");
        try (ControllerProcess controller = ControllerProcess.start("TenantSecurityGroupIT-conj");
             Lab lab = Lab.start("TenantSecurityGroupIT-conj")) {
            List<Map<String, String>> hosts = new ArrayList<>();
            List<List<String>> links = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                hosts.add(Map.of("name", members.get(i), "ip", "10.2.0." + (11 + i) + "/24",
                        "mac", "02:00:00:00:0e:0" + (1 + i)));
                links.add(List.of(members.get(i), "s1"));
            }
            hosts.add(Map.of("name", "out", "ip", "10.2.0.30/24", "mac", "02:00:00:00:0e:30"));
            links.add(List.of("out", "s1"));
            lab.start(LabTopo.custom(List.of("s1"), hosts, links), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(1, Duration.ofSeconds(20));
            TenantLab t = new TenantLab(rest, lab);
            String tenant = t.tenant("conj");
            String vpc = t.vpc(tenant);
            String subnet = t.subnet(tenant, vpc, "10.2.0.0/24");
            for (int i = 0; i < members.size(); i++) {
                t.port(tenant, vpc, subnet, "10.2.0." + (11 + i), "02:00:00:00:0e:0" + (1 + i), members.get(i));
            }
            String lone = t.securityGroup(tenant, "lone", "0.0.0.0/0", List.of()); // egress only
            t.port(tenant, vpc, subnet, "10.2.0.30", "02:00:00:00:0e:30", "out", List.of(lone));
            t.awaitActive(5, Duration.ofSeconds(15));

            List<Lab.Flow> flows = lab.dumpFlows("s1");
            assertTrue(flows.stream().anyMatch(f -> f.actions().contains("conjunction(")), "no conjunction: " + flows);
            t.assertReaches("m1", "10.2.0.12");
            t.assertReaches("m3", "10.2.0.14");
            t.assertReaches("m4", "10.2.0.11");
            String server = lab.bgStart("m1", "iperf3 -s -p 5201");
            try {
                Thread.sleep(1000);
                assertTrue(open(lab, "m2", "10.2.0.11", 5201), "a member opens a TCP connection to a member");
                assertTrue(!open(lab, "out", "10.2.0.11", 5201), "a port outside the group cannot");
            } finally {
                lab.bgStop(server);
            }
            t.assertUnreachable("out", "10.2.0.11");
            t.assertUnreachable("out", "10.2.0.13");
            assertTrue(lab.dumpFlows("s1").stream().anyMatch(f -> f.match().contains("conj_id=") && f.packets() > 0),
                    "no conjunction's rule admitted a packet: " + lab.dumpFlows("s1"));

            // Read back from the switch, the tenant rules (conjunctions included) are the desired ones.
            JsonNode read = rest.get("/v1/devices/" + t.attachment("m1")[0] + "/flows?actual=true&app=vpc");
            Set<JsonNode> desired = new HashSet<>();
            read.path("desired").forEach(desired::add);
            Set<JsonNode> actual = new HashSet<>();
            for (JsonNode f : read.path("actual")) {
                ObjectNode o = f.deepCopy();
                o.remove(List.of("packets", "bytes", "duration_seconds"));
                actual.add(o);
            }
            assertTrue(desired.stream().anyMatch(f -> f.toString().contains("\"conjunction\"")), read.toString());
            assertEquals(desired, actual, "the switch holds what the controller wants");
        }
    }

    /** True if a TCP connection from host to ip:port opens within half a second. */
    private static boolean open(Lab lab, String host, String ip, int port) {
        return TenantLab.tcpOpen(lab, host, ip, port);
    }
}
