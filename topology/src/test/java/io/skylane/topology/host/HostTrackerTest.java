package io.skylane.topology.host;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.flow.Action;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.Host;
import io.skylane.topology.Host.HostId;
import io.skylane.topology.HostEvent;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.topology.testing.RecordingHostListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Host learning over the real core, discovery and topology manager, on an emulated fabric: two
 * switches in a line (1/2 - 2/1), host ports 1/1, 1/3, 2/2 and 2/3, and a third switch cabled to
 * 1/3 that connects only when a test says so.
 */
class HostTrackerTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final Ip4Address IP_A = Ip4Address.parse("10.0.0.1");
    private static final Ip4Address IP_A2 = Ip4Address.parse("10.0.0.11");
    private static final Ip4Address IP_B = Ip4Address.parse("10.0.0.2");
    private static final HostId HA = new HostId(A, VlanId.NONE);

    private final TestCore core = new TestCore();
    private final ManualScheduler timers = new ManualScheduler();
    private final RecordingHostListener events = new RecordingHostListener();
    private final FakeFabric net = new FakeFabric(core).addSwitch(1, 3).addSwitch(2, 3).addSwitch(3, 3)
            .wire(1, 2, 2, 1).wire(1, 3, 3, 1);
    private LinkDiscovery discovery;
    private TopologyManager topology;
    private HostTracker tracker;

    private void start(HostTracker.Config config) {
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), timers,
                LinkDiscovery.Config.defaults());
        topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
                MoreExecutors.directExecutor());
        tracker = new HostTracker(core.packets(), topology, core.events(), core.clock(), timers, config);
        tracker.addListener(events);
        topology.start();
        discovery.start();
        tracker.start();
        net.connect(1);
        net.connect(2);
        net.deliver();
    }

    private void start() {
        start(HostTracker.Config.defaults());
    }

    @AfterEach
    void stop() {
        tracker.stop();
        discovery.stop();
        topology.stop();
    }

    private void arp(long dpid, long port, MacAddress mac, Ip4Address ip) {
        send(dpid, port, TestPackets.arpRequest(mac, ip, Ip4Address.parse("10.0.0.254")));
    }

    private void ip(long dpid, long port, MacAddress mac, Ip4Address ip) {
        send(dpid, port, TestPackets.udp(mac, B, ip, IP_B, 1000, 2000));
    }

    private void send(long dpid, long port, byte[] frame) {
        core.packetIn(net.handle(dpid), TestPackets.packetIn(DeviceId.of(dpid), port, frame));
    }

    private Host host(HostId id) {
        return tracker.host(id).orElseThrow();
    }

    // ---- learning ---------------------------------------------------------------------------

    @Test
    void aHostIsLearnedFromArpAtAnEdgePort() {
        start();
        Instant t = core.clock().instant();

        arp(1, 1, A, IP_A);

        assertEquals(List.of(HostEvent.Type.HOST_ADDED), events.types());
        assertEquals(new Host(A, VlanId.NONE, Set.of(IP_A), cp(1, 1), t, t), host(HA));
        assertEquals(Set.of(host(HA)), tracker.hostsByIp(IP_A));
        assertEquals(Set.of(host(HA)), tracker.hostsByMac(A));
        assertEquals(Set.of(host(HA)), tracker.hostsAt(cp(1, 1)));
    }

    @Test
    void aHostIsLearnedFromIpv4() {
        start();
        ip(2, 2, A, IP_A);
        assertEquals(cp(2, 2), host(HA).location());
        assertEquals(Set.of(IP_A), host(HA).ips());
    }

    @Test
    void nothingIsLearnedAtAnInfrastructurePort() {
        start();
        assertTrue(topology.current().isInfrastructure(cp(2, 1)));

        arp(2, 1, A, IP_A);
        ip(1, 2, B, IP_B);

        assertEquals(List.of(), tracker.hosts());
        assertEquals(List.of(), events.events());
        assertEquals(2L, tracker.counters().get("notEdge"));
    }

    @Test
    void groupAndZeroSourcesAreNotHosts() {
        start();
        ip(1, 1, MacAddress.parse("01:00:5e:00:00:01"), IP_A);
        ip(1, 1, MacAddress.BROADCAST, IP_A);
        ip(1, 1, MacAddress.ZERO, IP_A);
        Arp lying = new Arp(Arp.REQUEST, B, IP_B, MacAddress.ZERO, IP_A); // ARP sender is not the frame's source
        send(1, 1, Ethernet.build(MacAddress.BROADCAST, A, VlanId.NONE, EthType.ARP, lying.toBytes()));

        assertEquals(List.of(), tracker.hosts());
        assertEquals(4L, tracker.counters().get("ignored"));
    }

    @Test
    void aHostWithoutAnAddressIsLearnedWithoutOne() {
        start();
        ip(1, 1, A, Ip4Address.ZERO); // a DHCP discover
        arp(1, 1, B, Ip4Address.ZERO); // an ARP probe
        ip(1, 3, MacAddress.parse("02:00:00:00:00:0c"), Ip4Address.parse("255.255.255.255"));

        assertEquals(Set.of(), host(HA).ips());
        assertEquals(Set.of(), host(new HostId(B, VlanId.NONE)).ips());
        assertEquals(3, tracker.hosts().size());
        assertEquals(Set.of(), tracker.hostsByIp(Ip4Address.ZERO));
    }

    @Test
    void seeingAHostAgainOnlyMovesItsLastSeenTime() {
        start();
        Instant t0 = core.clock().instant();
        arp(1, 1, A, IP_A);
        core.clock().advanceSeconds(5);

        ip(1, 1, A, IP_A);
        arp(1, 1, A, Ip4Address.ZERO);

        assertEquals(1, events.events().size());
        assertEquals(t0, host(HA).firstSeen());
        assertEquals(t0.plusSeconds(5), host(HA).lastSeen());
    }

    @Test
    void aHostAtAnotherEdgePortHasMoved() {
        start();
        arp(1, 1, A, IP_A);
        Host before = host(HA);

        core.clock().advance(Duration.ofMillis(HostTracker.MOVE_HOLD_DOWN_MILLIS));
        arp(2, 3, A, IP_A);

        HostEvent moved = events.events(HostEvent.Type.HOST_MOVED).get(0);
        assertEquals(cp(2, 3), moved.subject().location());
        assertEquals(Optional.of(before), moved.previous());
        assertEquals(Set.of(), tracker.hostsAt(cp(1, 1)));
        assertEquals(Set.of(host(HA)), tracker.hostsAt(cp(2, 3)));
        assertEquals(before.firstSeen(), host(HA).firstSeen());
    }

    @Test
    void aCopyArrivingElsewhereRightAfterDoesNotMoveTheHost() {
        start();
        arp(1, 1, A, IP_A);
        Host before = host(HA);

        // A flooded copy of the host's frame comes back in at another edge port at once.
        core.clock().advance(Duration.ofMillis(HostTracker.MOVE_HOLD_DOWN_MILLIS - 1));
        arp(2, 3, A, IP_A);

        assertEquals(List.of(), events.events(HostEvent.Type.HOST_MOVED));
        assertEquals(before.location(), host(HA).location());
        assertEquals(Set.of(host(HA)), tracker.hostsAt(cp(1, 1)));
    }

    @Test
    void aNewAddressIsAnUpdate() {
        start();
        arp(1, 1, A, IP_A);

        ip(1, 1, A, IP_A2);

        assertEquals(List.of(HostEvent.Type.HOST_ADDED, HostEvent.Type.HOST_UPDATED), events.types());
        assertEquals(Set.of(IP_A, IP_A2), host(HA).ips());
        assertEquals(Set.of(IP_A), events.events().get(1).previous().orElseThrow().ips());
        assertEquals(Set.of(host(HA)), tracker.hostsByIp(IP_A2));
    }

    @Test
    void aHostKeepsAtMostSixteenAddresses() {
        start();
        for (int i = 1; i <= 20; i++) {
            ip(1, 1, A, Ip4Address.parse("10.0.1." + i));
        }
        assertEquals(HostTracker.MAX_IPS_PER_HOST, host(HA).ips().size());
        assertEquals(4L, tracker.counters().get("refusedIps"));
        assertEquals(16, events.events().size());
    }

    @Test
    void theSameMacOnAnotherVlanIsAnotherHost() {
        start();
        arp(1, 1, A, IP_A);
        Arp arp = new Arp(Arp.REQUEST, A, IP_A2, MacAddress.ZERO, IP_B);
        send(2, 2, Ethernet.build(MacAddress.BROADCAST, A, VlanId.of(10), EthType.ARP, arp.toBytes()));

        assertEquals(2, tracker.hostsByMac(A).size());
        assertEquals(cp(2, 2), host(new HostId(A, VlanId.of(10))).location());
        assertEquals(cp(1, 1), host(HA).location());
        assertEquals(List.of(), events.events(HostEvent.Type.HOST_MOVED));
    }

    @Test
    void theTrackerOnlyObserves() {
        start();
        List<Boolean> handled = new ArrayList<>();
        core.packets().addProcessor(c -> handled.add(c.isHandled()), PacketProcessor.FORWARDING);
        arp(1, 1, A, IP_A);
        assertEquals(List.of(false), handled);
    }

    @Test
    void whatIsHandedOutIsImmutable() {
        start();
        arp(1, 1, A, IP_A);
        assertThrows(UnsupportedOperationException.class, () -> tracker.hostsByIp(IP_A).clear());
        assertThrows(UnsupportedOperationException.class, () -> tracker.hosts().clear());
        assertThrows(UnsupportedOperationException.class, () -> host(HA).ips().clear());
    }

    // ---- bound and age ----------------------------------------------------------------------

    @Test
    void whenFullNewHostsAreRefusedAndKnownOnesKept() {
        start(new HostTracker.Config(2, Duration.ofSeconds(300)));
        arp(1, 1, A, IP_A);
        arp(1, 3, B, IP_B);

        ip(2, 2, MacAddress.parse("02:00:00:00:00:0c"), Ip4Address.parse("10.0.0.3"));
        ip(1, 1, A, IP_A2);

        assertEquals(2, tracker.hosts().size());
        assertEquals(1L, tracker.counters().get("refusedFull"));
        assertEquals(Set.of(IP_A, IP_A2), host(HA).ips(), "known hosts still learn");
    }

    /** The first refusal is a WARN (it once compared against Long.MIN_VALUE and overflowed: never logged). */
    @Test
    void aFullTableIsReportedAtWarnOnceThenAtDebug() {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HostTracker.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level level = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.setAdditive(false); // the test configuration's console stays quiet
        logger.addAppender(appender);
        try {
            start(new HostTracker.Config(1, Duration.ofSeconds(300)));
            arp(1, 1, A, IP_A);
            arp(1, 3, B, IP_B);
            ip(2, 2, MacAddress.parse("02:00:00:00:00:0c"), Ip4Address.parse("10.0.0.3"));

            assertEquals(2L, tracker.counters().get("refusedFull"));
            List<String> warnings = appender.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, warnings.size(), "one warning for two refusals: " + warnings);
            assertTrue(warnings.get(0).startsWith("Host table full (1 hosts)"), warnings.get(0));
        } finally {
            logger.detachAppender(appender);
            logger.setAdditive(true);
            logger.setLevel(level);
        }
    }

    @Test
    void aQuietHostIsProbedAndItsAnswerKeepsIt() {
        start(new HostTracker.Config(100, Duration.ofSeconds(60)));
        arp(1, 1, A, IP_A);

        core.clock().advanceSeconds(29);
        timers.runPeriodic();
        assertEquals(List.of(), probes(1), "not quiet for half the age yet: no probe");

        core.clock().advanceSeconds(2);
        timers.runPeriodic();
        List<OutboundPacket> sent = probes(1);
        assertEquals(1, sent.size(), "one probe");
        OutboundPacket probe = sent.get(0);
        assertEquals(List.of(Action.output(PortNumber.of(1))), probe.actions());
        Ethernet eth = Ethernet.parse(probe.data());
        assertEquals(A, eth.destination());
        Arp arp = eth.arp().orElseThrow();
        assertTrue(arp.isRequest());
        assertEquals(IP_A, arp.targetIp());
        assertEquals(Ip4Address.ZERO, arp.senderIp());

        core.clock().advanceSeconds(5);
        timers.runPeriodic();
        assertEquals(1, probes(1).size(), "not probed again at once");

        // The host answers the probe: it is seen again and outlives the age since it was learned.
        send(1, 1, new Arp(Arp.REPLY, A, IP_A, HostTracker.PROBE_MAC, Ip4Address.ZERO).replyFrame(A, VlanId.NONE));
        core.clock().advanceSeconds(29); // 65 s after it was learned, 29 s after its answer
        timers.runPeriodic();
        assertEquals(1, tracker.hosts().size(), "answered the probe: kept past the age");
        assertEquals(1L, tracker.counters().get("probes"));
    }

    /** The host tracker's probes sent through switch {@code dpid}. */
    private List<OutboundPacket> probes(long dpid) {
        return net.handle(dpid).packetOuts().stream()
                .filter(p -> Ethernet.parse(p.data()).source().equals(HostTracker.PROBE_MAC)).toList();
    }

    @Test
    void aHostNotSeenForTheHostAgeIsRemoved() {
        start(new HostTracker.Config(100, Duration.ofSeconds(60)));
        arp(1, 1, A, IP_A);
        arp(2, 2, B, IP_B);
        core.clock().advanceSeconds(30);
        ip(2, 2, B, IP_B);
        core.clock().advanceSeconds(30);
        timers.runPeriodic();
        assertEquals(2, tracker.hosts().size(), "exactly the age: kept");

        core.clock().advanceSeconds(1);
        timers.runPeriodic();

        assertEquals(List.of(new HostId(B, VlanId.NONE)), tracker.hosts().stream().map(Host::id).toList());
        HostEvent removed = events.events(HostEvent.Type.HOST_REMOVED).get(0);
        assertEquals(HA, removed.subject().id());
        assertEquals(Set.of(), tracker.hostsByIp(IP_A));
        assertEquals(Set.of(), tracker.hostsAt(cp(1, 1)));
    }

    // ---- removal with the topology ----------------------------------------------------------

    @Test
    void aHostWhosePortGoesDownIsRemoved() {
        start();
        arp(1, 1, A, IP_A);
        arp(2, 2, B, IP_B);

        net.portDown(1, 1);

        assertEquals(Optional.empty(), tracker.host(HA));
        assertEquals(1, tracker.hosts().size());
        assertEquals(HA, events.events(HostEvent.Type.HOST_REMOVED).get(0).subject().id());
    }

    @Test
    void theHostsOfADisconnectedSwitchAreRemoved() {
        start();
        arp(1, 1, A, IP_A);
        arp(2, 2, B, IP_B);
        ip(2, 3, MacAddress.parse("02:00:00:00:00:0c"), Ip4Address.parse("10.0.0.3"));

        net.disconnect(2);

        assertEquals(List.of(HA), tracker.hosts().stream().map(Host::id).toList());
        assertEquals(2, events.events(HostEvent.Type.HOST_REMOVED).size());
    }

    @Test
    void aHostAtAPortWhereALinkIsFoundIsRemoved() {
        start();
        ConnectPoint toS3 = cp(1, 3);
        arp(1, 3, A, IP_A); // s3 is not under control yet: its traffic looks like a host's
        assertEquals(toS3, host(HA).location());

        net.connect(3);
        net.deliver();

        assertTrue(topology.current().isInfrastructure(toS3));
        assertEquals(Optional.empty(), tracker.host(HA));
        arp(1, 3, A, IP_A);
        assertEquals(Optional.empty(), tracker.host(HA), "and not learned there again");
    }
}
