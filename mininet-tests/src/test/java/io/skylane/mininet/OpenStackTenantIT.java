package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tenant set up with nothing but the {@code openstack} command (docs/openstack.md) on real Open
 * vSwitch: a network, a subnet, ports bound to the hosts' switch ports by {@code binding:profile},
 * a security group. Two hosts of the default group ping each other; a host of another project with
 * the same address reaches neither; a host in a group with no ingress rule is shut until a rule made
 * with the client opens its TCP port, and only that port. A router made with the client joins a
 * second network's subnet to the first's: their hosts reach each other, routed, until the interface
 * is removed; the other project's host with the same address reaches nothing through it. A load
 * balancer made with the client ({@code openstack loadbalancer ...}) on two hosts serving TCP: a
 * client host's connections to the VIP are answered by both members.
 */
class OpenStackTenantIT {

    private static final String A1 = "02:00:00:00:5a:01";
    private static final String A2 = "02:00:00:00:5a:02";
    private static final String A3 = "02:00:00:00:5a:03";
    private static final String G1 = "02:00:00:00:5b:01";
    private static final String B1 = "02:00:00:00:5c:01";
    private static final String C1 = "02:00:00:00:5d:01";
    private static final String M1 = "02:00:00:00:5d:21";
    private static final String M2 = "02:00:00:00:5d:22";

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aTenantMadeWithTheOpenStackClient() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("OpenStackTenantIT");
             Lab lab = Lab.start("OpenStackTenantIT")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "a1", "ip", "10.50.0.11/24", "mac", A1, "defaultRoute", "via 10.50.0.1"),
                    Map.of("name", "a2", "ip", "10.50.0.12/24", "mac", A2),
                    Map.of("name", "a3", "ip", "10.50.0.13/24", "mac", A3),
                    Map.of("name", "g1", "ip", "10.50.0.11/24", "mac", G1, "defaultRoute", "via 10.50.0.1"),
                    Map.of("name", "b1", "ip", "10.60.0.11/24", "mac", B1, "defaultRoute", "via 10.60.0.1")),
                    List.of(List.of("s1", "s2"), List.of("a1", "s1"), List.of("g1", "s1"),
                            List.of("a2", "s2"), List.of("a3", "s2"), List.of("b1", "s2"))),
                    controller.openflowPort());
            SkylaneRest admin = controller.rest();
            admin.waitForSwitches(2, Duration.ofSeconds(20));
            admin.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            TenantLab t = new TenantLab(admin, lab);

            // the projects are Skylane tenants (made by the operator); everything else by the client
            JsonNode acme = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"acme\"}}");
            JsonNode globex = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"globex\"}}");
            Path dir = Files.createTempDirectory(LabSupport.workDir(), "openstack-tenant-");
            OpenStackCli os = new OpenStackCli(dir, controller.apiPort())
                    .tokenCloud("acme", acme.at("/token/secret").asText(), acme.at("/tenant/id").asText())
                    .tokenCloud("globex", globex.at("/token/secret").asText(), globex.at("/tenant/id").asText());
            for (String cloud : List.of("acme", "globex")) {
                os.json(cloud, "network", "create", "net");
                os.json(cloud, "subnet", "create", "--network", "net", "--subnet-range", "10.50.0.0/24", "sub");
            }
            os.json("acme", "security", "group", "create", "web");
            port(os, t, "acme", "a1", "10.50.0.11", A1);
            port(os, t, "acme", "a3", "10.50.0.13", A3);
            port(os, t, "acme", "a2", "10.50.0.12", A2, "--security-group", "web");
            port(os, t, "globex", "g1", "10.50.0.11", G1);
            t.awaitActive(4, Duration.ofSeconds(20));
            assertEquals(List.of("ACTIVE", "ACTIVE", "ACTIVE"),
                    os.json("acme", "port", "list").findValuesAsText("Status"));

            // one network: the default group's members reach each other
            t.assertReaches("a1", "10.50.0.13");
            t.assertReaches("a3", "10.50.0.11");
            Lab.CmdResult neighbour = lab.cmd("a3", "ip neigh show 10.50.0.11", Duration.ofSeconds(5));
            assertTrue(neighbour.output().contains(A1), "10.50.0.11 is acme's a1 for acme: " + neighbour.output());
            // another project, the same address: it reaches nothing of acme's
            t.assertUnreachable("g1", "10.50.0.13");
            t.assertUnreachable("g1", "10.50.0.12");
            // a2 is in web only: no ingress rule yet
            String server = lab.bgStart("a2", "iperf3 -s -p 8080");
            String other = lab.bgStart("a2", "iperf3 -s -p 8081");
            try {
                Thread.sleep(1000);
                assertTrue(!TenantLab.tcpOpen(lab, "a1", "10.50.0.12", 8080), "web has no ingress rule yet");
                t.assertUnreachable("a1", "10.50.0.12");
                os.json("acme", "security", "group", "rule", "create", "--protocol", "tcp", "--dst-port", "8080",
                        "--remote-ip", "10.50.0.0/24", "web");
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                boolean opened = false;
                while (!opened && System.nanoTime() < deadline) {
                    opened = TenantLab.tcpOpen(lab, "a1", "10.50.0.12", 8080);
                }
                assertTrue(opened, "the rule made with the client opens 8080");
                assertTrue(!TenantLab.tcpOpen(lab, "a1", "10.50.0.12", 8081), "and only 8080");
                assertTrue(!TenantLab.tcpOpen(lab, "g1", "10.50.0.12", 8080), "for acme's network only");
            } finally {
                lab.bgStop(server);
                lab.bgStop(other);
            }

            // a router joins a subnet of a second network to the first's
            os.json("acme", "network", "create", "net2");
            os.json("acme", "subnet", "create", "--network", "net2", "--subnet-range", "10.60.0.0/24", "sub2");
            portIn(os, t, "acme", "net2", "sub2", "b1", "10.60.0.11", B1);
            t.awaitActive(5, Duration.ofSeconds(20));
            t.assertUnreachable("a1", "10.60.0.11");
            os.json("acme", "router", "create", "r1");
            os.ok("acme", "router", "add", "subnet", "r1", "sub");
            os.ok("acme", "router", "add", "subnet", "r1", "sub2");
            assertEquals(List.of("10.50.0.1", "10.60.0.1"), os.json("acme", "router", "show", "r1")
                    .get("interfaces_info").findValuesAsText("ip_address").stream().sorted().toList());
            t.awaitReaches("a1", "10.60.0.11", Duration.ofSeconds(10));
            t.assertReaches("b1", "10.50.0.11");
            Lab.CmdResult routed = lab.cmd("a1", "ping -n -c 1 -W 1 10.60.0.11", Duration.ofSeconds(5));
            assertTrue(routed.output().contains("ttl=63"), "one routed hop (TTL 64 - 1): " + routed.output());
            t.assertUnreachable("g1", "10.60.0.11");
            os.ok("acme", "router", "remove", "subnet", "r1", "sub2");
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && lab.cmd("a1", "ping -n -c 1 -W 1 10.60.0.11", Duration.ofSeconds(5))
                    .output().contains(" 0% packet loss")) {
                Thread.sleep(200);
            }
            t.assertUnreachable("a1", "10.60.0.11");
            t.assertReaches("a1", "10.50.0.13");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aLoadBalancersVipAnswers() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("OpenStackTenantLbIT");
             Lab lab = Lab.start("OpenStackTenantLbIT")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "c1", "ip", "10.70.0.11/24", "mac", C1),
                    Map.of("name", "m1", "ip", "10.70.0.21/24", "mac", M1),
                    Map.of("name", "m2", "ip", "10.70.0.22/24", "mac", M2)),
                    List.of(List.of("s1", "s2"), List.of("c1", "s1"), List.of("m1", "s1"), List.of("m2", "s2"))),
                    controller.openflowPort());
            SkylaneRest admin = controller.rest();
            admin.waitForSwitches(2, Duration.ofSeconds(20));
            admin.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            TenantLab t = new TenantLab(admin, lab);
            JsonNode acme = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"acme\"}}");
            Path dir = Files.createTempDirectory(LabSupport.workDir(), "openstack-lb-");
            OpenStackCli os = new OpenStackCli(dir, controller.apiPort())
                    .tokenCloud("acme", acme.at("/token/secret").asText(), acme.at("/tenant/id").asText());
            os.json("acme", "network", "create", "net");
            os.json("acme", "subnet", "create", "--network", "net", "--subnet-range", "10.70.0.0/24", "sub");
            port(os, t, "acme", "c1", "10.70.0.11", C1);
            port(os, t, "acme", "m1", "10.70.0.21", M1);
            port(os, t, "acme", "m2", "10.70.0.22", M2);
            t.awaitActive(3, Duration.ofSeconds(20));

            LbLab l4 = new LbLab(admin, lab, "OpenStackTenantLbIT");
            String s1 = l4.tcpServer("m1", "m1", 8080);
            String s2 = l4.tcpServer("m2", "m2", 8080);
            try {
                os.json("acme", "loadbalancer", "create", "--name", "web", "--vip-subnet-id", "sub",
                        "--vip-address", "10.70.0.100", "--wait");
                os.json("acme", "loadbalancer", "listener", "create", "--name", "tcp80", "--protocol", "TCP",
                        "--protocol-port", "80", "--wait", "web");
                os.json("acme", "loadbalancer", "pool", "create", "--name", "app", "--protocol", "TCP",
                        "--lb-algorithm", "SOURCE_IP_PORT", "--listener", "tcp80", "--wait");
                for (String m : List.of("m1", "m2")) {
                    os.json("acme", "loadbalancer", "member", "create", "--name", m, "--address",
                            m.equals("m1") ? "10.70.0.21" : "10.70.0.22", "--protocol-port", "8080", "--wait", "app");
                }
                os.json("acme", "loadbalancer", "healthmonitor", "create", "--type", "TCP", "--delay", "1",
                        "--timeout", "1", "--max-retries", "1", "--wait", "app");
                // ACTIVE, and both members ONLINE by the monitor, as the client shows them
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                JsonNode members = os.json("acme", "loadbalancer", "member", "list", "app");
                while (!members.findValuesAsText("operating_status").equals(List.of("ONLINE", "ONLINE"))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    members = os.json("acme", "loadbalancer", "member", "list", "app");
                }
                assertEquals(List.of("ONLINE", "ONLINE"), members.findValuesAsText("operating_status"),
                        members.toString());
                assertEquals("ACTIVE", os.json("acme", "loadbalancer", "show", "web").get("provisioning_status")
                        .asText());

                LbLab.Burst burst = l4.burst("c1", "10.70.0.100", 80, 40, "os");
                assertEquals(40, burst.answered(), "every connection to the VIP is answered: " + burst);
                assertTrue(burst.answeredBy("m1") > 0 && burst.answeredBy("m2") > 0, "by both members: " + burst);
            } finally {
                lab.bgStop(s1);
                lab.bgStop(s2);
            }
        }
    }

    /** A port of the project's network for a host, bound to the switch port the host is cabled to. */
    private static void port(OpenStackCli os, TenantLab t, String cloud, String host, String ip, String mac,
                             String... more) throws Exception {
        portIn(os, t, cloud, "net", "sub", host, ip, mac, more);
    }

    /** The same in another network and subnet of the project. */
    private static void portIn(OpenStackCli os, TenantLab t, String cloud, String network, String subnet, String host,
                             String ip, String mac, String... more) throws Exception {
        String[] at = t.attachment(host);
        List<String> args = new java.util.ArrayList<>(List.of("port", "create", "--network", network, "--fixed-ip",
                "subnet=" + subnet + ",ip-address=" + ip, "--mac-address", mac, "--binding-profile", "dpid=" + at[0],
                "--binding-profile", "port=" + at[1]));
        args.addAll(List.of(more));
        args.add(host);
        os.json(cloud, args.toArray(String[]::new));
    }
}
