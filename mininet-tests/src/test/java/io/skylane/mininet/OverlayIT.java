package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Overlay mode end to end (issue #14, docs/overlay.md): the controller in overlay mode, three
 * hypervisors (each its own Open vSwitch in its own namespace, {@link OverlayLab}) joined by a
 * Linux-bridge underlay no controller programs, everything registered through the REST API as an
 * operator and an orchestrator would. Hypervisor 1's tunnel port is made by hand (the documented
 * {@code ovs-vsctl}); the others' Open vSwitch are pointed at the controller's OVSDB listener and
 * get theirs from the controller. Two tenants with the same CIDR and addresses: VPC A (a1 on hv1,
 * a2 on hv2, a5 in a second subnet and a6 behind a security group on hv3, d1 on hv3 by DHCP) and
 * VPC B (b1 on hv1, b2 on hv2). Segments start at 70000, so the VNIs are beyond any VLAN id. One
 * lab and one controller for the class; the tests run in order, the last adds a fourth hypervisor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayIT {

    private static final Logger log = LoggerFactory.getLogger(OverlayIT.class);
    private static final String NAME = "OverlayIT";
    private static final String TUNNEL = "skylane-tun";
    private static final int MTU = 1450;

    private ControllerProcess controller;
    private OverlayLab lab;
    private SkylaneRest rest;
    private TenantLab t;
    private HostTraffic traffic;
    private String ta;
    private String tb;
    private String sa0;
    private int segA;
    private int segB;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void setUp() throws Exception {
        LabSupport.assumeRootForOverlay();
        int ovsdbPort;
        try (ServerSocket s = new ServerSocket(0)) {
            ovsdbPort = s.getLocalPort();
        }
        Path config = LabSupport.workDir().resolve(NAME + ".yaml");
        Files.writeString(config, "network:\n  mode: overlay\n  ovsdb:\n    port: " + ovsdbPort + "\n"
                + "intent:\n  segment_min: 70000\n  segment_max: 16777215\n", StandardCharsets.UTF_8);
        controller = ControllerProcess.start(NAME, List.of("--config", config.toString()));
        rest = controller.rest();
        lab = OverlayLab.start(NAME, OverlayLab.Config.defaults().controller(controller.openflowPort()).tunnel("none")
                .ovsdb(ovsdbPort), 3, List.of(
                        host("a1", 1, "10.0.0.11/24", "02:00:00:00:0a:01"),
                        host("a2", 2, "10.0.0.12/24", "02:00:00:00:0a:02"),
                        host("a5", 3, "10.0.1.15/24", "02:00:00:00:0a:05"),
                        host("a6", 3, "10.0.0.16/24", "02:00:00:00:0a:06"),
                        host("b1", 1, "10.0.0.11/24", "02:00:00:00:0b:01"),
                        host("b2", 2, "10.0.0.12/24", "02:00:00:00:0b:02"),
                        OverlayLab.HostSpec.unaddressed("d1", 3, "02:00:00:00:0d:01")));
        for (String h : List.of("a1", "a2", "a6", "b1", "b2")) {
            lab.cmd(h, "ip route add default via 10.0.0.1", Duration.ofSeconds(5));
        }
        lab.cmd("a5", "ip route add default via 10.0.1.1", Duration.ofSeconds(5));
        // The operator's way on hypervisor 1: the tunnel port by hand (docs/overlay.md).
        OverlayLab.Hypervisor hv1 = lab.hypervisor(1);
        lab.vsctl(1, "add-port", "br-int", TUNNEL, "--", "set", "interface", TUNNEL, "type=geneve",
                "options:remote_ip=flow", "options:key=flow", "options:local_ip=" + hv1.endpoint());
        rest.waitForSwitches(3, Duration.ofSeconds(30));
        for (OverlayLab.Hypervisor h : lab.hypervisors()) {
            register(h);
        }
        traffic = new HostTraffic(lab);
        t = new TenantLab(rest, lab, lab::attachment);
        ta = t.tenant("a");
        tb = t.tenant("b");
        String va = t.vpc(ta);
        String vb = t.vpc(tb);
        segA = rest.get("/v1/vpcs/" + va).at("/vpc/segment_id").asInt();
        segB = rest.get("/v1/vpcs/" + vb).at("/vpc/segment_id").asInt();
        sa0 = t.subnet(ta, va, "10.0.0.0/24");
        String sa1 = t.subnet(ta, va, "10.0.1.0/24");
        String sb0 = t.subnet(tb, vb, "10.0.0.0/24");
        String web = t.securityGroup(ta, "web", "10.0.0.0/16", List.of("tcp:8080"));
        t.port(ta, va, sa0, "10.0.0.11", "02:00:00:00:0a:01", "a1");
        t.port(ta, va, sa0, "10.0.0.12", "02:00:00:00:0a:02", "a2");
        t.port(ta, va, sa1, "10.0.1.15", "02:00:00:00:0a:05", "a5");
        t.port(ta, va, sa0, "10.0.0.16", "02:00:00:00:0a:06", "a6", List.of(web));
        t.port(ta, va, sa0, "10.0.0.21", "02:00:00:00:0d:01", "d1");
        t.port(tb, vb, sb0, "10.0.0.11", "02:00:00:00:0b:01", "b1");
        t.port(tb, vb, sb0, "10.0.0.12", "02:00:00:00:0b:02", "b2");
        t.awaitActive(7, Duration.ofSeconds(30));
        awaitTunnelPort(2);
        awaitTunnelPort(3);
        log.info("overlay up: VPC A segment {}, VPC B segment {}", segA, segB);
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    private static OverlayLab.HostSpec host(String name, int hv, String ip, String mac) {
        return OverlayLab.HostSpec.of(name, hv, ip, mac).mtu(MTU);
    }

    private void register(OverlayLab.Hypervisor h) throws Exception {
        JsonNode r = rest.post("/v1/hypervisors", "{\"hypervisor\":{\"name\":\"" + h.node() + "\",\"datapath_id\":\""
                + h.dpid() + "\",\"endpoint_ip\":\"" + h.endpoint() + "\"}}");
        assertEquals(h.endpoint(), r.at("/hypervisor/endpoint_ip").asText(), r.toString());
    }

    /** Waits for the controller (over OVSDB) to give the hypervisor its tunnel port; its ofport. */
    private int awaitTunnelPort(int hv) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String ofport = "";
        while (System.nanoTime() < deadline) {
            try {
                ofport = lab.vsctl(hv, "--if-exists", "get", "interface", TUNNEL, "ofport").strip();
            } catch (LabException e) {
                ofport = e.getMessage();
            }
            if (ofport.matches("[1-9][0-9]*")) {
                return Integer.parseInt(ofport);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("hypervisor " + hv + " got no " + TUNNEL + " from the controller: " + ofport
                + "\n" + controller.tail());
    }

    @Test
    @Order(1)
    void theControllerMadeTheTunnelPortsOverOvsdb() {
        for (int hv = 2; hv <= 3; hv++) {
            OverlayLab.Hypervisor h = lab.hypervisor(hv);
            assertEquals("geneve", lab.vsctl(hv, "get", "interface", TUNNEL, "type").strip());
            String options = lab.vsctl(hv, "get", "interface", TUNNEL, "options").strip();
            assertTrue(options.contains("local_ip=\"" + h.endpoint() + "\"") && options.contains("remote_ip=flow")
                    && options.contains("key=flow"), "hv" + hv + ": " + options);
        }
        assertTrue(segA >= 70_000 && segB >= 70_000, segA + ", " + segB);
    }

    @Test
    @Order(2)
    void tenantsWithTheSameAddressesReachOnlyTheirOwnAcrossHypervisors() throws Exception {
        // The first packet towards a hypervisor not resolved yet is lost while OVS resolves it.
        t.awaitReaches("a1", "10.0.0.12", Duration.ofSeconds(10));
        t.awaitReaches("b1", "10.0.0.12", Duration.ofSeconds(10));
        t.awaitReaches("a5", "10.0.0.11", Duration.ofSeconds(10));
        UnderlayCapture capture = lab.startUnderlayCapture();
        try {
            t.assertReaches("a1", "10.0.0.12");
            t.assertReaches("b1", "10.0.0.12");
            t.assertReaches("b2", "10.0.0.11");
            assertEquals(1_000_000, traffic.tcpTransfer("a1", "a2", "10.0.0.12", 1_000_000), "TCP a1 -> a2");
            assertEquals(1_000_000, traffic.tcpTransfer("b1", "b2", "10.0.0.12", 1_000_000), "TCP b1 -> b2");
            // Only A has 10.0.0.16 and 10.0.1.15: B's hosts reach neither, nor A's gateway's other subnet.
            t.assertUnreachable("b1", "10.0.0.16");
            t.assertUnreachable("b2", "10.0.1.15");
            // B's hosts learned B's MACs only.
            String neigh = lab.cmd("b1", "ip neigh show 10.0.0.12", Duration.ofSeconds(5)).output();
            assertTrue(neigh.contains("02:00:00:00:0b:02") && !neigh.contains("02:00:00:00:0a:02"), neigh);
            // A spoofed source (an address b1 does not own) is dropped at b1's own hypervisor.
            lab.cmd("b1", "ip addr add 10.0.0.99/24 dev eth0", Duration.ofSeconds(5));
            Lab.CmdResult spoof = lab.cmd("b1", "ping -n -c 3 -i 0.2 -W 1 -I 10.0.0.99 10.0.0.12", Duration.ofSeconds(10));
            assertTrue(spoof.output().contains(" 0 received"), "spoofed source answered: " + spoof.output());
            lab.cmd("b1", "ip addr del 10.0.0.99/24 dev eth0", Duration.ofSeconds(5));
        } finally {
            checkUnderlay(capture.stop());
        }
    }

    /** The underlay carried only Geneve between the hypervisors of each VPC, with the VPCs' VNIs. */
    private void checkUnderlay(List<UnderlayFrame> frames) {
        List<String> other = new ArrayList<>();
        frames.stream().filter(f -> !f.isGeneve() && !f.isArp()).forEach(f -> other.add(f.summary()));
        assertEquals(List.of(), other, "the underlay carries tunnel packets only");
        Set<Integer> vnis = frames.stream().filter(UnderlayFrame::isGeneve).map(UnderlayFrame::vni)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Set.of(segA, segB)), vnis, "the VNIs are the VPCs' segments");
        String hv3 = lab.hypervisor(3).endpoint();
        for (UnderlayFrame f : frames) {
            if (f.isGeneve() && f.vni() == segB) {
                UnderlayFrame.Ipv4 outer = f.ip().orElseThrow();
                assertFalse(outer.src().equals(hv3) || outer.dst().equals(hv3),
                        "VPC B has no port on hypervisor 3: " + f.summary());
                String innerSrc = f.tunnel().orElseThrow().innerEthSrc();
                assertFalse(innerSrc.startsWith("02:00:00:00:0a"), "A's frame in B's VNI: " + f.summary());
            }
            if (f.isGeneve()) {
                assertEquals(UnderlayFrame.GENEVE_PORT, f.ip().orElseThrow().dstPort(), f.summary());
            }
        }
        log.info("underlay: {} frames, VNIs {}", frames.size(), vnis);
    }

    @Test
    @Order(3)
    void routedBetweenSubnetsAcrossHypervisors() {
        t.awaitReaches("a1", "10.0.1.15", Duration.ofSeconds(10));
        Lab.CmdResult routed = lab.cmd("a1", "ping -n -c 3 -i 0.2 -W 1 10.0.1.15", Duration.ofSeconds(10));
        assertTrue(routed.output().contains("ttl=63"), "one routed hop (TTL-1): " + routed.output());
        // hv3 -> hv2 for the first time: OVS resolves the tunnel next hop on the first packet, which it drops.
        t.awaitReaches("a5", "10.0.0.12", Duration.ofSeconds(10));
        t.assertReaches("a5", "10.0.0.12");
    }

    @Test
    @Order(4)
    void dhcpHandsOutTheTunnelMtuAndFullSizeDontFragmentPacketsCross() throws Exception {
        Path script = LabSupport.workDir().resolve(NAME + "-udhcpc.sh");
        Files.writeString(script, TenantDhcpIT.SCRIPT, StandardCharsets.US_ASCII);
        script.toFile().setExecutable(true, true);
        Lab.CmdResult r = lab.cmd("d1", "busybox udhcpc -f -q -n -t 5 -T 1 -A 1 -O mtu -i eth0 -s " + script,
                Duration.ofSeconds(30));
        assertTrue(r.output().contains("LEASE bound ip=10.0.0.21 ") && r.output().contains("mtu=" + MTU),
                "udhcpc: " + r.output());
        String link = lab.cmd("d1", "ip link show eth0", Duration.ofSeconds(5)).output();
        assertTrue(link.contains("mtu " + MTU), link);
        t.awaitReaches("d1", "10.0.0.11", Duration.ofSeconds(10));
        // 1422 bytes of ICMP data: a 1450-byte IP packet, the largest a Geneve tunnel on a 1500 underlay carries.
        Lab.Ping full = traffic.pingDf("d1", "10.0.0.11", MTU - 28, 3);
        assertEquals(3, full.received(), "full-size DF pings d1 (hv3) -> a1 (hv1): " + full);
        Lab.Ping over = traffic.pingDf("d1", "10.0.0.11", MTU - 27, 2);
        assertEquals(0, over.received(), "one byte more does not leave the host: " + over);
    }

    @Test
    @Order(5)
    void securityGroupsHoldAcrossTunnels() throws Exception {
        String server = traffic.tcpServer("a6", "a6", 8080);
        String closed = traffic.tcpServer("a6", "a6-closed", 9090);
        try {
            Map<String, Integer> allowed = traffic.tcpAnswers("a1", "10.0.0.16", 8080, 4);
            assertEquals(Map.of("a6", 4), allowed, "tcp 8080 is let in");
            Map<String, Integer> refused = traffic.tcpAnswers("a1", "10.0.0.16", 9090, 2);
            assertFalse(refused.containsKey("a6-closed"), "tcp 9090 is not: " + refused);
            t.assertUnreachable("a1", "10.0.0.16");
        } finally {
            lab.bgStop(server);
            lab.bgStop(closed);
        }
    }

    @Test
    @Order(6)
    void aLoadBalancerSpreadsConnectionsOverMembersOnOtherHypervisors() throws Exception {
        LbLab lb = new LbLab(rest, lab, NAME);
        String vip = "10.0.0.100";
        String id = lb.loadBalancer(ta, sa0, vip);
        String pool = lb.pool(ta, id, "TCP", "SOURCE_IP_PORT");
        lb.listener(ta, id, "TCP", 80, pool, List.of());
        lb.member(ta, pool, "10.0.0.12", 8080, 1);
        lb.member(ta, pool, "10.0.0.16", 8080, 1);
        lb.awaitProvisioned(id, Duration.ofSeconds(20));
        String m2 = traffic.tcpServer("a2", "a2", 8080);
        String m6 = traffic.tcpServer("a6", "a6", 8080);
        try {
            t.awaitReaches("a1", vip, Duration.ofSeconds(10));
            LbLab.Burst b = lb.burst("a1", vip, 80, 40, "overlay");
            assertEquals(40, b.answers().values().stream().mapToInt(Integer::intValue).sum(), "every connection: " + b);
            assertTrue(b.answers().getOrDefault("a2", 0) > 0 && b.answers().getOrDefault("a6", 0) > 0,
                    "both members, on hypervisors 2 and 3, answered: " + b);
        } finally {
            lab.bgStop(m2);
            lab.bgStop(m6);
        }
    }

    @Test
    @Order(7)
    void aHypervisorAddedWhileTrafficRunsJoinsWithoutDisturbingIt() throws Exception {
        String pinger = lab.bgStart("a1", "ping -n -c 150 -i 0.1 -W 1 10.0.0.12");
        OverlayLab.Hypervisor h4 = lab.addHypervisor();
        rest.waitForDevice(h4.dpid(), true, Duration.ofSeconds(30));
        register(h4);
        lab.addHost(host("a7", h4.number(), "10.0.0.17/24", "02:00:00:00:0a:07"));
        String va = rest.get("/v1/subnets/" + sa0).at("/subnet/vpc_id").asText();
        // Bound to hypervisor 4's bridge only (as Nova's binding:host_id): learned at the port a7's MAC shows up at.
        String a7 = t.portOnSwitch(ta, va, sa0, "10.0.0.17", "02:00:00:00:0a:07", "a7");
        assertFalse(rest.get("/v1/ports/" + a7).at("/port/binding").has("port"));
        awaitTunnelPort(h4.number());
        t.awaitReaches("a7", "10.0.0.12", Duration.ofSeconds(20)); // its first ARP places it; hv4 -> hv2
        t.awaitReaches("a1", "10.0.0.17", Duration.ofSeconds(20));
        t.assertReaches("a7", "10.0.0.12");
        t.awaitActive(8, Duration.ofSeconds(10)); // a7 too, once placed
        t.assertUnreachable("b1", "10.0.0.17");
        JsonNode done = lab.bgWait(pinger, Duration.ofSeconds(30));
        Lab.Ping p = HostTraffic.parsePing(done.path("output").asText());
        assertEquals(150, p.sent(), done.toString());
        assertTrue(p.received() >= 149, "a1 -> a2 while hypervisor 4 joined: " + p.received() + "/150");
    }

    @Test
    @Order(8)
    void aDeregisteredHypervisorLosesItsTunnelsAndItsTunnelPort() throws Exception {
        OverlayLab.Hypervisor h4 = lab.hypervisor(4);
        String id = rest.get("/v1/hypervisors?datapath_id=" + h4.dpid()).at("/hypervisors/0/id").asText();
        rest.delete("/v1/hypervisors/" + id);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String ports = lab.vsctl(h4.number(), "list-ports", "br-int");
        while (ports.contains(TUNNEL) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ports = lab.vsctl(h4.number(), "list-ports", "br-int");
        }
        assertFalse(ports.contains(TUNNEL), "the controller removed the tunnel port over OVSDB: " + ports);
        t.assertUnreachable("a1", "10.0.0.17");
        t.assertReaches("a1", "10.0.0.12");
    }
}
