package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server whose only security group allows TCP 8080 in: 8080 is reachable and its replies pass,
 * 22 and ping are not, the server cannot open connections itself; a rule for a wide port range
 * (40000-60000) opens exactly that range; a rule added while a client keeps trying takes effect
 * within a second, and a deleted rule stops new connections.
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

    /** True if a TCP connection from host to ip:port opens within half a second. */
    private static boolean open(Lab lab, String host, String ip, int port) {
        Lab.CmdResult r = lab.cmd(host, "timeout 0.5 bash -c '</dev/tcp/" + ip + "/" + port + "' && echo OPEN || echo SHUT",
                Duration.ofSeconds(5));
        return r.output().contains("OPEN");
    }
}
