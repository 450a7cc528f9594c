package io.skylane.topology.discovery;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.Link;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery over emulated networks of fake switches, against the real core managers. */
class LinkDiscoveryTest {

    private static final byte[] SECRET = ProbeSigner.randomSecret();
    private static final long CONTROLLER = 0x5eed;

    private final TestCore core = new TestCore();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger changes = new AtomicInteger();
    private LinkDiscovery discovery;

    @BeforeEach
    void start() {
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), scheduler,
                new LinkDiscovery.Config(Duration.ofSeconds(1), Duration.ofMillis(3500), CONTROLLER, SECRET));
        discovery.addChangeListener(changes::incrementAndGet);
        discovery.start();
    }

    @AfterEach
    void stop() {
        discovery.stop();
    }

    /** Connects the switches one by one, carrying packets after each, as switches come up in a lab. */
    private static FakeFabric bringUp(FakeFabric net) {
        for (DeviceId d : net.switches()) {
            net.connect(d.dpid());
            net.deliver();
        }
        return net;
    }

    /** Moves the clock by {@code millis} in steps of 50 ms, running the timer and carrying probes. */
    private void run(FakeFabric net, long millis) {
        for (long t = 0; t < millis; t += 50) {
            core.clock().advance(Duration.ofMillis(50));
            scheduler.runPeriodic();
            net.deliver();
        }
    }

    private static Link link(long a, long pa, long b, long pb) {
        return Link.of(cp(a, pa), cp(b, pb));
    }

    // ---- discovery --------------------------------------------------------------------------

    @Test
    void aRingIsDiscoveredExactlyAsTheSwitchesConnect() {
        FakeFabric net = bringUp(FakeFabric.ring(core, 5));

        assertEquals(net.expectedLinks(), discovery.links());
        assertEquals(10, discovery.links().size());
    }

    @Test
    void aLineIsDiscoveredExactly() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 4));

        assertEquals(net.expectedLinks(), discovery.links());
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2), link(2, 2, 3, 1), link(3, 1, 2, 2), link(3, 2, 4, 1),
                link(4, 1, 3, 2)), discovery.links());
    }

    @Test
    void aFatTreeIsDiscoveredExactly() {
        FakeFabric net = bringUp(FakeFabric.fatTree(core, 4));

        assertEquals(20, net.switches().size());
        assertEquals(64, net.expectedLinks().size());
        assertEquals(net.expectedLinks(), discovery.links());
    }

    @Test
    void switchesConnectedBeforeTheStartAreProbedAtTheStart() {
        discovery.stop();
        FakeFabric net = FakeFabric.linear(core, 3).connectAll();
        net.deliver();
        assertEquals(Set.of(), discovery.links());

        start();
        net.deliver();

        assertEquals(net.expectedLinks(), discovery.links());
    }

    @Test
    void periodicProbesKeepLinksAndFindOnesMissedAtConnect() {
        FakeFabric net = FakeFabric.ring(core, 4).connectAll();
        // the probes sent at connect are lost (nothing carried them)
        for (DeviceId d : net.switches()) {
            net.handle(d.dpid()).clearRecords();
        }
        assertEquals(Set.of(), discovery.links());

        run(net, 1000);
        assertEquals(net.expectedLinks(), discovery.links());

        run(net, 10_000);
        assertEquals(net.expectedLinks(), discovery.links(), "kept alive by the periodic probes");
    }

    @Test
    void periodicProbesAreSpreadOverTheInterval() {
        FakeFabric net = bringUp(FakeFabric.ring(core, 5));
        scheduler.runPeriodic(); // a round starts now: 15 ports
        net.switches().forEach(d -> net.handle(d.dpid()).clearRecords());

        core.clock().advance(Duration.ofMillis(100));
        scheduler.runPeriodic();
        assertEquals(2, probesSent(net), "a tenth of the interval: ceil(1.5) probes");

        core.clock().advance(Duration.ofMillis(400));
        scheduler.runPeriodic();
        assertEquals(8, probesSent(net), "half the interval: ceil(7.5)");

        core.clock().advance(Duration.ofMillis(500));
        scheduler.runPeriodic();
        assertEquals(15, probesSent(net), "every port once per interval");
        assertEquals(15, probedPorts(net).size(), "each port once");
    }

    @Test
    void theProbesOfASwitchLeaveInOneWriteAtConnectAndInTheRounds() {
        FakeFabric net = FakeFabric.fatTree(core, 4);
        FakeSwitchHandle sw = net.connect(0x100);

        assertEquals(List.of(4), sw.packetOutWrites(), "its four ports at once, in one write");

        scheduler.runPeriodic(); // a round starts: the four ports of the one switch connected
        sw.clearRecords();
        core.clock().advance(Duration.ofMillis(1000));
        scheduler.runPeriodic();
        assertEquals(List.of(4), sw.packetOutWrites(), "the round's share of a switch together");
    }

    private static int probesSent(FakeFabric net) {
        return net.switches().stream().mapToInt(d -> net.handle(d.dpid()).packetOuts().size()).sum();
    }

    private static List<PortNumber> probedPorts(FakeFabric net) {
        List<PortNumber> ports = new ArrayList<>();
        for (DeviceId d : net.switches()) {
            for (OutboundPacket p : net.handle(d.dpid()).packetOuts()) {
                ports.add(((Action.Output) p.actions().get(0)).port());
            }
        }
        return ports;
    }

    // ---- the trap rule and blocking ---------------------------------------------------------

    @Test
    void everySwitchGetsTheLldpTrapRule() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));

        for (DeviceId d : net.switches()) {
            assertTrue(core.flows().desiredRules(d).contains(LinkDiscovery.trapRule(d)), "desired on " + d);
            assertTrue(net.handle(d.dpid()).hasFlow(LinkDiscovery.trapRule(d)), "installed on " + d);
        }
        assertEquals(40000, LinkDiscovery.trapRule(DeviceId.of(1)).priority());
        assertEquals(List.of(Action.toController()), LinkDiscovery.trapRule(DeviceId.of(1)).applyActions());
    }

    @Test
    void theTrapRuleWorksForOpenFlow10Too() {
        FakeSwitchHandle s = core.connect(FakeSwitchHandle.of10(9), TestCore.ports(2));
        assertTrue(s.hasFlow(LinkDiscovery.trapRule(s.deviceId())));
    }

    @Test
    void noLaterProcessorEverSeesLldpValidOrNot() {
        List<Object> seen = new ArrayList<>();
        PacketProcessor forwarding = c -> {
            if (!c.isHandled()) {
                seen.add(c.inbound());
            }
        };
        core.packets().addProcessor(forwarding, PacketProcessor.FORWARDING);
        FakeFabric net = bringUp(FakeFabric.ring(core, 3));
        FakeSwitchHandle s1 = net.handle(1);

        byte[] junk = TestPackets.lldp(MacAddress.parse("02:00:00:00:0a:0a"));
        core.packetIn(s1, TestPackets.packetIn(s1.deviceId(), 3, junk));
        byte[] bddp = TestPackets.ethernet(MacAddress.parse("02:00:00:00:0a:0a"), MacAddress.BROADCAST, 0x8942);
        core.packetIn(s1, TestPackets.packetIn(s1.deviceId(), 3, bddp));

        assertEquals(List.of(), seen);
        assertEquals(1L, discovery.counters().get("malformed"), "the test LLDP frame has no valid LLDPDU");
        assertEquals(1L, discovery.counters().get("foreign"), "BDDP is not ours");
        assertEquals(net.expectedLinks(), discovery.links());
    }

    // ---- forged probes ----------------------------------------------------------------------

    /** Two switches, connected, nothing carried: no link yet. Returns s1's probe out of port 1. */
    private byte[] twoSwitchesAndAProbe() {
        FakeSwitchHandle s1 = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        core.connect(FakeSwitchHandle.of13(2), TestCore.ports(2));
        return s1.packetOuts().stream()
                .filter(p -> p.actions().equals(List.of(Action.output(PortNumber.of(1)))))
                .findFirst().orElseThrow().data();
    }

    private void arrive(long dpid, long port, byte[] frame) {
        FakeSwitchHandle sw = (FakeSwitchHandle) core.devices().handle(DeviceId.of(dpid)).orElseThrow();
        core.packetIn(sw, TestPackets.packetIn(DeviceId.of(dpid), port, frame));
    }

    @Test
    void aProbeArrivingMakesTheLink() {
        arrive(2, 1, twoSwitchesAndAProbe());
        assertTrue(discovery.links().contains(link(1, 1, 2, 1)));
        assertEquals(1, changes.get());
    }

    @Test
    void aForgedProbeMakesNoLink() {
        twoSwitchesAndAProbe();
        ProbeSigner forger = new ProbeSigner(CONTROLLER, ProbeSigner.randomSecret());
        ProbeSigner other = new ProbeSigner(0xbad, ProbeSigner.randomSecret());
        MacAddress host = MacAddress.parse("02:00:00:00:0a:0a");

        arrive(2, 1, LldpCodec.encode(forger.sign(DeviceId.of(1), PortNumber.of(1), core.clock().instant()), host, 4));
        arrive(2, 1, LldpCodec.encode(other.sign(DeviceId.of(1), PortNumber.of(1), core.clock().instant()), host, 4));
        byte[] truncated = LldpCodec.encode(forger.sign(DeviceId.of(1), PortNumber.of(1), core.clock().instant()),
                host, 4);
        arrive(2, 1, Arrays.copyOf(truncated, truncated.length - 10));

        assertEquals(Set.of(), discovery.links());
        assertEquals(0, changes.get());
        assertEquals(1L, discovery.counters().get("badSignature"));
        assertEquals(1L, discovery.counters().get("otherController"));
        assertEquals(1L, discovery.counters().get("malformed"));
    }

    @Test
    void aReplayedProbeMakesNoLink() {
        byte[] probe = twoSwitchesAndAProbe();
        core.clock().advance(Duration.ofMillis(3501));

        arrive(2, 1, probe);

        assertEquals(Set.of(), discovery.links());
        assertEquals(1L, discovery.counters().get("stale"));
    }

    @Test
    void aProbeLoopedBackToItsOwnPortMakesNoLink() {
        arrive(1, 1, twoSwitchesAndAProbe());
        assertEquals(Set.of(), discovery.links());
        assertEquals(1L, discovery.counters().get("notLive"));
    }

    @Test
    void aProbeArrivingAtAPortThatIsDownMakesNoLink() {
        byte[] probe = twoSwitchesAndAProbe();
        core.router().portChanged(core.devices().handle(DeviceId.of(2)).orElseThrow(), PortChange.MODIFIED,
                new Port(PortNumber.of(1), "eth1", MacAddress.of(0x0200_0000_0001L), true, false, 0));

        arrive(2, 1, probe);

        assertEquals(Set.of(), discovery.links());
        assertEquals(1L, discovery.counters().get("notLive"));
    }

    // ---- removal ----------------------------------------------------------------------------

    @Test
    void aPortGoingDownRemovesBothDirectionsAtOnceAndComingUpBringsThemBack() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));

        net.portDown(2, 2);
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2)), discovery.links());

        net.portUp(2, 2);
        net.deliver();
        assertEquals(net.expectedLinks(), discovery.links(), "probed at once when it came up");
    }

    @Test
    void aPortGoingDownAtThePeerRemovesTheLinkToo() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 2));
        net.portDown(1, 2);
        assertEquals(Set.of(), discovery.links());
    }

    @Test
    void aRemovedPortTakesItsLinks() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));
        net.portRemoved(3, 1);
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2)), discovery.links());
    }

    @Test
    void aDisconnectedSwitchTakesItsLinksAtOnce() {
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        int before = changes.get();

        net.disconnect(2);

        assertEquals(Set.of(link(3, 2, 4, 1), link(4, 1, 3, 2), link(4, 2, 1, 1), link(1, 1, 4, 2)),
                discovery.links());
        assertEquals(before + 1, changes.get(), "one change for all of them");

        net.connect(2);
        net.deliver();
        assertEquals(net.expectedLinks(), discovery.links());
    }

    @Test
    void aLinkWhoseProbesStopTimesOut() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));
        scheduler.runPeriodic();

        net.cutSilently(2, 2);
        run(net, 3000);
        assertEquals(net.expectedLinks(), discovery.links(), "3 s without probes: still within the timeout");

        run(net, 1000);
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2)), discovery.links());
        assertEquals(2L, discovery.counters().get("linksTimedOut"));
    }

    @Test
    void aStalledTimerDoesNotBlameTheLinksForTheProbesItDidNotSend() {
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        run(net, 1000);
        assertEquals(net.expectedLinks(), discovery.links());

        // the timer's thread is busy for 5 s (a slow snapshot publication on a starved machine):
        // no probe went out, so no probe came back, through no fault of the links
        core.clock().advance(Duration.ofSeconds(5));
        scheduler.runPeriodic();
        assertEquals(net.expectedLinks(), discovery.links(), "nothing timed out at the first tick after the stall");
        net.deliver();
        run(net, 5000);
        assertEquals(net.expectedLinks(), discovery.links(), "the probes after the stall confirmed every link");
        assertEquals(0L, discovery.counters().get("linksTimedOut"));
        assertEquals(1L, discovery.counters().get("timerStalls"));
    }

    @Test
    void aLinkThatDiedDuringAStallStillTimesOutAFullTimeoutAfterIt() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));
        run(net, 1000);
        net.cutSilently(2, 2);
        core.clock().advance(Duration.ofSeconds(5));
        scheduler.runPeriodic();
        net.deliver();
        run(net, 3000);
        assertEquals(net.expectedLinks(), discovery.links(), "within the link timeout after the stall: held");

        run(net, 1000);
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2)), discovery.links());
        assertEquals(2L, discovery.counters().get("linksTimedOut"));
    }

    /** A probe over {@code l} that left {@code ageMillis} ago arrives now (the packet-in path is that far behind). */
    private void lateProbe(Link l, long ageMillis) {
        ProbeSigner signer = new ProbeSigner(CONTROLLER, SECRET);
        LldpProbe probe = signer.sign(l.src().deviceId(), l.src().port(), core.clock().instant().minusMillis(ageMillis));
        arrive(l.dst().deviceId().dpid(), l.dst().port().value(),
                LldpCodec.encode(probe, MacAddress.parse("02:00:00:00:0a:0a"), 4));
    }

    /** {@code millis} of timer ticks during which only late probes over {@code l} come back, one per 500 ms. */
    private void behind(Link l, long millis) {
        for (long t = 0; t < millis; t += 50) {
            core.clock().advance(Duration.ofMillis(50));
            if (t % 500 == 0) {
                lateProbe(l, 600);
            }
            scheduler.runPeriodic();
        }
    }

    @Test
    void probesComingBackLateMakeThePeriodicRoundsYield() {
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        run(net, 1000);
        net.switches().forEach(d -> net.handle(d.dpid()).clearRecords());

        lateProbe(net.expectedLinks().iterator().next(), 600);
        for (int t = 0; t < 900; t += 50) {
            core.clock().advance(Duration.ofMillis(50));
            scheduler.runPeriodic();
        }
        assertEquals(0, probesSent(net), "a probe interval after a late probe: no periodic probe");
        assertEquals(1L, discovery.counters().get("lateProbes"));
        assertTrue(discovery.counters().get("probesYielded") >= 8, "the round's probes were skipped");

        run(net, 1000);
        assertTrue(probesSent(net) >= 8, "the rounds resume once no probe came back late for an interval");
        assertEquals(net.expectedLinks(), discovery.links());
    }

    @Test
    void whileProbesComeBackLateNoLinkTimesOut() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));
        run(net, 1000);

        behind(link(1, 2, 2, 1), 6000);
        assertEquals(net.expectedLinks(), discovery.links(), "6 s without a young probe: held, not timed out");
        run(net, 6000);
        assertEquals(net.expectedLinks(), discovery.links(), "caught up: the rounds confirmed every link");
        assertEquals(0L, discovery.counters().get("linksTimedOut"));
    }

    @Test
    void aLinkThatDiedWhileProbesCameBackLateTimesOutAFullTimeoutAfter() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 3));
        run(net, 1000);
        net.cutSilently(2, 2);

        behind(link(1, 2, 2, 1), 6000);
        run(net, 3000);
        assertEquals(net.expectedLinks(), discovery.links(), "within the link timeout after the last late probe");
        run(net, 1500);
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2)), discovery.links());
        assertEquals(2L, discovery.counters().get("linksTimedOut"));
    }

    @Test
    void noProbeLeavesThroughAPortThatIsDown() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 2));
        net.portDown(1, 3);
        net.handle(1).clearRecords();

        scheduler.runPeriodic();
        core.clock().advance(Duration.ofSeconds(1));
        scheduler.runPeriodic();

        assertEquals(List.of(PortNumber.of(1), PortNumber.of(2)),
                net.handle(1).packetOuts().stream().map(p -> ((Action.Output) p.actions().get(0)).port()).sorted()
                        .toList());
    }

    @Test
    void stoppingForgetsTheLinksAndRemovesTheTrapRules() {
        FakeFabric net = bringUp(FakeFabric.linear(core, 2));

        discovery.stop();

        assertEquals(Set.of(), discovery.links());
        assertFalse(core.flows().desiredRules(DeviceId.of(1)).contains(LinkDiscovery.trapRule(DeviceId.of(1))));
        assertFalse(net.handle(1).hasFlow(LinkDiscovery.trapRule(DeviceId.of(1))));
        assertEquals(0, scheduler.periodicCount());
        net.portUp(1, 1);
        assertEquals(0, net.deliver(), "no longer probing");
        start(); // for the @AfterEach
    }

    @Test
    void theConfigurationIsCheckedAndNeverPrintsTheSecret() {
        assertThrows(IllegalArgumentException.class,
                () -> LinkDiscovery.Config.of(Duration.ofSeconds(1), Duration.ofMillis(1999)));
        assertThrows(IllegalArgumentException.class,
                () -> LinkDiscovery.Config.of(Duration.ofMillis(5), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new LinkDiscovery.Config(Duration.ofSeconds(1), Duration.ofSeconds(3), 1, new byte[8]));
        byte[] secret = "a secret of 32 bytes, or nearly".getBytes(StandardCharsets.US_ASCII);
        LinkDiscovery.Config c = new LinkDiscovery.Config(Duration.ofSeconds(1), Duration.ofSeconds(3), 1, secret);
        assertFalse(c.toString().contains("secret of"), c.toString());
        secret[0] = 'X';
        assertEquals('a', c.secret()[0], "copied in");
        assertEquals(c, new LinkDiscovery.Config(Duration.ofSeconds(1), Duration.ofSeconds(3), 1, c.secret()));
    }
}
