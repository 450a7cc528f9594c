package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The overlay lab itself (issue #14), proven with Geneve flows written by hand, no controller logic:
 * three hypervisors, each its own Open vSwitch in its own namespace, joined by a Linux-bridge
 * underlay. VPC A (VNI 5000): a1, a2, a3 on hypervisors 1, 2, 3 with 10.0.0.11-13; VPC B
 * (VNI 16777215, the largest): b1, b2 on hypervisors 1, 2 with a1's and a2's addresses. Hosts have
 * MTU 1450 and static ARP entries for their VPC (what the controller's ARP answers would give). The
 * flows: a host's IP packet to an address of its VPC goes out of {@code skylane-tun} with
 * tun_id = the VNI and tun_dst = the endpoint of the address's hypervisor; what arrives there is
 * delivered by (VNI, destination). One lab for the class; the tests run in order, the fourth adds a
 * fourth hypervisor. A second lab points its hypervisors at a real controller (OpenFlow) and at an
 * OVSDB port of the test's own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayLabIT {

    private static final Logger log = LoggerFactory.getLogger(OverlayLabIT.class);
    private static final String NAME = "OverlayLabIT";
    private static final int VNI_A = 5000;
    private static final int VNI_B = 16_777_215;
    private static final int TENANT_MTU = 1450;

    /** A tenant host and its VPC's VNI. */
    private record Member(String host, int hypervisor, String ip, String mac, int vni) {
    }

    private final Map<String, Member> members = new LinkedHashMap<>();
    private OverlayLab lab;
    private HostTraffic traffic;

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void setUp() {
        LabSupport.assumeRootForOverlay();
        for (Member m : List.of(new Member("a1", 1, "10.0.0.11", "02:00:00:00:0a:11", VNI_A),
                new Member("a2", 2, "10.0.0.12", "02:00:00:00:0a:12", VNI_A),
                new Member("a3", 3, "10.0.0.13", "02:00:00:00:0a:13", VNI_A),
                new Member("b1", 1, "10.0.0.11", "02:00:00:00:0b:11", VNI_B),
                new Member("b2", 2, "10.0.0.12", "02:00:00:00:0b:12", VNI_B))) {
            members.put(m.host(), m);
        }
        long started = System.nanoTime();
        lab = OverlayLab.start(NAME, OverlayLab.Config.defaults(), 3, members.values().stream()
                .map(m -> OverlayLab.HostSpec.of(m.host(), m.hypervisor(), m.ip() + "/24", m.mac()).mtu(TENANT_MTU))
                .toList());
        log.info("overlay lab up: 3 hypervisors, 5 hosts in {} ms", (System.nanoTime() - started) / 1_000_000);
        traffic = new HostTraffic(lab);
        for (OverlayLab.Hypervisor h : lab.hypervisors()) {
            lab.addFlows(h.number(), handFlows(h.number()));
        }
        members.keySet().forEach(this::staticArp);
        // OVS resolves each tunnel next hop by ARP and drops the packet that started it: warm up
        for (Member m : members.values()) {
            for (Member o : members.values()) {
                if (o.vni() == m.vni() && !o.host().equals(m.host())) {
                    traffic.ping(m.host(), o.ip(), 1);
                }
            }
        }
    }

    @AfterAll
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    @Order(1)
    void hypervisorsAreBuiltAsConfigured() {
        assertEquals(List.of(1, 2, 3), lab.hypervisors().stream().map(OverlayLab.Hypervisor::number).toList());
        for (OverlayLab.Hypervisor h : lab.hypervisors()) {
            assertEquals(String.format("%016x", h.number()), h.dpid());
            assertEquals("192.168.100." + h.number(), h.endpoint());
            assertTrue(h.tunnelPort().isPresent(), () -> "no skylane-tun on " + h);
            assertEquals("secure", lab.vsctl(h.number(), "get", "bridge", "br-int", "fail_mode"));
            assertEquals("netdev", lab.vsctl(h.number(), "get", "bridge", "br-int", "datapath_type"));
            assertEquals("[OpenFlow13]", lab.vsctl(h.number(), "get", "bridge", "br-int", "protocols"));
            String tun = lab.vsctl(h.number(), "get", "interface", "skylane-tun", "type", "options");
            assertTrue(tun.startsWith("geneve") && tun.contains("local_ip=\"" + h.endpoint() + "\"")
                    && tun.contains("remote_ip=flow") && tun.contains("key=flow"), tun);
            assertTrue(lab.ofctl(h.number(), "show").get(0).contains("dpid:" + h.dpid()));
        }
        assertEquals(Set.of("a1", "a2", "a3", "b1", "b2"), members.keySet());
        assertEquals(1, lab.host("b1").hypervisor());
        assertEquals(TENANT_MTU, lab.host("b1").mtu());
        assertTrue(lab.host("b1").ofport() > 0);
    }

    @Test
    @Order(2)
    void pingAndTcpCrossHypervisorsAndTheUnderlayCarriesOnlyGeneve() throws Exception {
        UnderlayCapture capture = lab.startUnderlayCapture();
        assertPings("a1", "10.0.0.12");
        assertPings("a1", "10.0.0.13");
        assertPings("a3", "10.0.0.12");
        assertPings("b1", "10.0.0.12");
        assertPings("b2", "10.0.0.11");
        // connections answered by name: the same address answers with its own VPC's host
        traffic.tcpServer("a2", "a2", 8080);
        traffic.tcpServer("b2", "b2", 8080);
        assertEquals(Map.of("a2", 20), traffic.tcpAnswers("a1", "10.0.0.12", 8080, 20));
        assertEquals(Map.of("a2", 20), traffic.tcpAnswers("a3", "10.0.0.12", 8080, 20));
        assertEquals(Map.of("b2", 20), traffic.tcpAnswers("b1", "10.0.0.12", 8080, 20));
        // full-size segments (MSS 1410) across the tunnel
        assertEquals(2_000_000L, traffic.tcpTransfer("a1", "a2", "10.0.0.12", 2_000_000L));
        assertEquals(2_000_000L, traffic.tcpTransfer("b2", "b1", "10.0.0.11", 2_000_000L));
        // an address only VPC A has is not reachable from VPC B
        assertEquals(0, traffic.ping("b1", "10.0.0.13", 3).received());

        List<UnderlayFrame> frames = capture.stop();
        log.info("underlay: {} frames, by VNI {}", frames.size(), frames.stream()
                .collect(Collectors.groupingBy(f -> f.tunnel().map(t -> "vni " + t.vni()).orElse(f.summary()),
                        Collectors.counting())));
        assertTrue(frames.size() > 1000, "the capture saw " + frames.size() + " frames");
        Set<String> endpoints = lab.hypervisors().stream().map(OverlayLab.Hypervisor::endpoint)
                .collect(Collectors.toSet());
        for (UnderlayFrame f : frames) {
            assertTrue(f.isGeneve(), () -> "not Geneve on the underlay: " + f.summary());
            UnderlayFrame.Ipv4 outer = f.ip().orElseThrow();
            assertEquals(UnderlayFrame.GENEVE_PORT, outer.dstPort(), f::summary);
            assertTrue(endpoints.contains(outer.src()) && endpoints.contains(outer.dst()), f::summary);
            UnderlayFrame.Tunnel t = f.tunnel().orElseThrow();
            Member from = byMac(t.innerEthSrc());
            Member to = byMac(t.innerEthDst());
            assertEquals(from.vni(), t.vni(), () -> "VNI of a frame from " + from.host() + ": " + f.summary());
            assertEquals(to.vni(), t.vni(), () -> "VNI of a frame to " + to.host() + ": " + f.summary());
            assertEquals("192.168.100." + from.hypervisor(), outer.src(), f::summary);
            assertEquals("192.168.100." + to.hypervisor(), outer.dst(), f::summary);
        }
        assertEquals(Set.of(VNI_A, VNI_B), frames.stream().map(UnderlayFrame::vni).collect(Collectors.toSet()));
    }

    @Test
    @Order(3)
    void dontFragmentPacketsUpToTheUnderlayMtuMinus50Cross() throws Exception {
        try {
            assertEquals(3, traffic.pingDf("a1", "10.0.0.12", 1422, 3).received(), "IP 1450 in a 1500 underlay");
            assertEquals(0, traffic.pingDf("a1", "10.0.0.12", 1423, 1).received(), "over the host's MTU");
            lab.hostMtu("a1", 1500);
            lab.hostMtu("a2", 1500);
            assertEquals(0, traffic.pingDf("a1", "10.0.0.12", 1423, 3).received(),
                    "IP 1451 needs an outer packet of 1501: dropped at the sending hypervisor");
            String vswitchd = Files.readString(lab.vswitchdLog(1));
            assertTrue(vswitchd.contains("error sending Ethernet packet on uplink: Message too long"),
                    "the only trace of the drop: the sending hypervisor's log");
            lab.underlayMtu(1550);
            assertEquals(3, traffic.pingDf("a1", "10.0.0.12", 1472, 3).received(), "IP 1500 in a 1550 underlay");
            assertEquals(1_000_000L, traffic.tcpTransfer("a1", "a2", "10.0.0.12", 1_000_000L));
        } finally {
            lab.underlayMtu(1500);
            lab.hostMtu("a1", TENANT_MTU);
            lab.hostMtu("a2", TENANT_MTU);
        }
    }

    @Test
    @Order(4)
    void aHypervisorAddedWhileTrafficRunsDisturbsNothing() throws Exception {
        // -c, not -w: with a deadline the last request may go out just before it and count as lost
        String pinger = lab.bgStart("a1", "exec ping -n -i 0.05 -c 240 10.0.0.12");
        UnderlayCapture capture = lab.startUnderlayCapture();
        long started = System.nanoTime();
        OverlayLab.Hypervisor h4 = lab.addHypervisor();
        Member a4 = new Member("a4", h4.number(), "10.0.0.14", "02:00:00:00:0a:14", VNI_A);
        members.put(a4.host(), a4);
        lab.addHost(OverlayLab.HostSpec.of(a4.host(), a4.hypervisor(), a4.ip() + "/24", a4.mac()).mtu(TENANT_MTU));
        for (OverlayLab.Hypervisor h : lab.hypervisors()) {
            lab.addFlows(h.number(), handFlows(h.number()));
        }
        members.keySet().forEach(this::staticArp);
        long addedMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(lab.bgStatus(pinger).path("running").asBoolean(), "the ping ended before hypervisor 4 was in");
        assertEquals(4, h4.number());
        assertEquals("0000000000000004", h4.dpid());

        traffic.ping("a4", "10.0.0.12", 1); // resolves hv4's next hop
        traffic.ping("a1", "10.0.0.14", 1);
        assertPings("a4", "10.0.0.12");
        assertPings("a1", "10.0.0.14");
        assertEquals(0, traffic.ping("b1", "10.0.0.14", 3).received(), "VPC B has no 10.0.0.14");

        JsonNode ping = lab.bgWait(pinger, Duration.ofSeconds(20));
        Lab.Ping meanwhile = HostTraffic.parsePing(ping.path("output").asText());
        log.info("hypervisor 4 with a4 and the flows added in {} ms; a1 -> a2 meanwhile: {}/{}", addedMs,
                meanwhile.received(), meanwhile.sent());
        assertTrue(meanwhile.sent() > 100, ping::toString);
        assertEquals(meanwhile.sent(), meanwhile.received(), "a1 -> a2 lost pings while hypervisor 4 joined");

        List<UnderlayFrame> frames = capture.stop();
        Set<String> other = new TreeSet<>();
        frames.stream().filter(f -> !f.isGeneve() && !f.isArp()).forEach(f -> other.add(f.summary()));
        assertEquals(Set.of(), other, "only Geneve, and ARP for hypervisor 4's endpoint");
        assertTrue(frames.stream().anyMatch(f -> f.isGeneve() && f.ip().orElseThrow().dst().equals(h4.endpoint())));
    }

    @Test
    @Order(5)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hypervisorsReachTheControllerOverTheManagementNetworkNotTheUnderlay() throws Exception {
        LabSupport.requireServerJar();
        try (ControllerProcess controller = ControllerProcess.start(NAME);
             ServerSocket ovsdb = new ServerSocket(0);
             OverlayLab withController = OverlayLab.start(NAME + "-controller", OverlayLab.Config.defaults()
                     .controller(controller.openflowPort()).ovsdb(ovsdb.getLocalPort()), 3, List.of())) {
            // each hypervisor's ovsdb-server connects out to the OVSDB port, from its management address
            Set<String> managers = new TreeSet<>();
            ovsdb.setSoTimeout(15_000);
            for (int i = 0; i < 3; i++) {
                try (Socket s = ovsdb.accept()) {
                    managers.add(s.getInetAddress().getHostAddress());
                }
            }
            assertEquals(withController.hypervisors().stream().map(OverlayLab.Hypervisor::mgmt)
                    .collect(Collectors.toCollection(TreeSet::new)), managers);
            UnderlayCapture capture = withController.startUnderlayCapture();
            Set<String> dpids = withController.hypervisors().stream().map(OverlayLab.Hypervisor::dpid)
                    .collect(Collectors.toCollection(TreeSet::new));
            List<JsonNode> devices = controller.rest().waitForSwitches(3, Duration.ofSeconds(30));
            assertEquals(dpids, devices.stream().map(d -> d.path("id").asText())
                    .collect(Collectors.toCollection(TreeSet::new)));
            OverlayLab.Hypervisor h4 = withController.addHypervisor();
            controller.rest().waitForDevice(h4.dpid(), true, Duration.ofSeconds(30));
            List<UnderlayFrame> frames = capture.stop();
            List<String> notTunnel = new ArrayList<>();
            frames.stream().filter(f -> !f.isGeneve() && !f.isArp()).forEach(f -> notTunnel.add(f.summary()));
            assertEquals(List.of(), notTunnel, "the controller's connections must not cross the underlay");
            assertFalse(withController.vsctl(1, "get-controller", "br-int").isEmpty());
        }
    }

    // --- the hand-written pipeline --------------------------------------------------------------

    /** Table 0 of a hypervisor: local delivery, tunnel output per remote address, tunnel input per (VNI, address). */
    private List<String> handFlows(int hv) {
        int tun = lab.hypervisor(hv).tunnelPort().orElseThrow();
        List<String> flows = new ArrayList<>();
        for (Member m : members.values()) {
            if (m.hypervisor() != hv) {
                continue;
            }
            int port = lab.host(m.host()).ofport();
            flows.add("table=0,priority=100,in_port=" + tun + ",tun_id=" + m.vni() + ",ip,nw_dst=" + m.ip()
                    + " actions=output:" + port);
            for (Member o : members.values()) {
                if (o.vni() != m.vni() || o.host().equals(m.host())) {
                    continue;
                }
                String match = "table=0,priority=100,in_port=" + port + ",ip,nw_dst=" + o.ip();
                flows.add(o.hypervisor() == hv
                        ? match + " actions=output:" + lab.host(o.host()).ofport()
                        : match + " actions=set_field:" + o.vni() + "->tun_id,set_field:"
                                + lab.hypervisor(o.hypervisor()).endpoint() + "->tun_dst,output:" + tun);
            }
        }
        return flows;
    }

    private void staticArp(String host) {
        Member m = members.get(host);
        for (Member o : members.values()) {
            if (o.vni() == m.vni() && !o.host().equals(host)) {
                Lab.CmdResult r = lab.cmd(host, "ip neigh replace " + o.ip() + " lladdr " + o.mac()
                        + " dev eth0 nud permanent", Duration.ofSeconds(5));
                assertEquals(0, r.rc(), r::output);
            }
        }
    }

    private Member byMac(String mac) {
        return members.values().stream().filter(m -> m.mac().equals(mac)).findFirst()
                .orElseThrow(() -> new AssertionError("a frame of an unknown host " + mac));
    }

    private void assertPings(String src, String dst) {
        Lab.Ping p = traffic.ping(src, dst, 3);
        assertEquals(3, p.received(), () -> src + " -> " + dst + ": " + p);
    }
}
