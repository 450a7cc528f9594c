package io.skylane.topology.discovery;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.Host;
import io.skylane.topology.HostEvent;
import io.skylane.topology.PortClaims;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which ports discovery probes: never a port the tenant data plane claims, a port with hosts
 * behind it once per {@link LinkDiscovery#HOST_PORT_PROBE_INTERVAL}, every other port every
 * round. Real core managers, fake switches, a ring of three switches (port 3 of each uncabled).
 */
class ProbeScopeTest {

    private static final ConnectPoint TENANT = cp(1, 3);
    private static final ConnectPoint HOST = cp(2, 3);
    private static final ConnectPoint SPARE = cp(3, 3);

    private final TestCore core = new TestCore();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final PortClaims claims = new PortClaims();
    private LinkDiscovery discovery;
    private FakeFabric net;

    @BeforeEach
    void start() {
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), claims, core.clock(), scheduler,
                LinkDiscovery.Config.defaults());
        discovery.start();
        net = FakeFabric.ring(core, 3);
    }

    @AfterEach
    void stop() {
        discovery.stop();
    }

    /** Moves the clock by {@code millis} in steps of 50 ms, running the timer and carrying probes. */
    private void run(long millis) {
        for (long t = 0; t < millis; t += 50) {
            core.clock().advance(Duration.ofMillis(50));
            scheduler.runPeriodic();
            net.deliver();
        }
    }

    /** LLDP frames the controller sent out of {@code port} since the switch's records were cleared. */
    private long probesOutOf(ConnectPoint port) {
        return net.handle(port.deviceId().dpid()).packetOuts().stream()
                .filter(p -> p.actions().contains(Action.output(port.port())))
                .map(OutboundPacket::data).filter(d -> Ethernet.parse(d).isLldp())
                .count();
    }

    private void clearRecords() {
        net.switches().forEach(d -> net.handle(d.dpid()).clearRecords());
    }

    private static HostEvent hostEvent(HostEvent.Type type, long mac, ConnectPoint at) {
        Host h = new Host(MacAddress.of(mac), VlanId.NONE, Set.of(Ip4Address.parse("10.0.0." + mac)), at,
                Instant.EPOCH, Instant.EPOCH);
        return new HostEvent(type, h, null, Instant.EPOCH);
    }

    @Test
    void noProbeEverLeavesThroughAClaimedPort() {
        claims.claim("vpc", Set.of(TENANT));
        net.connectAll();
        net.deliver();
        run(5_000);
        net.portDown(1, 3);
        net.portUp(1, 3);
        run(1_000);

        assertEquals(0, probesOutOf(TENANT), "at connect, in every round and when the port comes up");
        assertTrue(probesOutOf(SPARE) >= 6, "the other edge ports are probed: at connect and every round");
        assertEquals(net.expectedLinks(), discovery.links(), "the links are found all the same");
    }

    @Test
    void aPortClaimedLaterIsNoLongerProbedAndOnceReleasedItIsAgain() {
        net.connectAll();
        net.deliver();
        assertEquals(1, probesOutOf(TENANT), "probed at connect while nobody claims it");

        claims.claim("vpc", Set.of(TENANT));
        clearRecords();
        run(5_000);
        assertEquals(0, probesOutOf(TENANT));

        claims.claim("vpc", Set.of());
        run(2_000);
        assertTrue(probesOutOf(TENANT) >= 1, "released: probed again");
    }

    @Test
    void aPortWithHostsIsProbedOncePerHostPortInterval() {
        net.connectAll();
        net.deliver();
        discovery.hostListener().event(hostEvent(HostEvent.Type.HOST_ADDED, 2, HOST));
        run(1_000); // the first round probes every port
        clearRecords();

        long interval = LinkDiscovery.HOST_PORT_PROBE_INTERVAL.toMillis();
        run(interval - 1_000);
        assertEquals(0, probesOutOf(HOST), "a host port is left alone between its rounds");
        assertTrue(probesOutOf(SPARE) >= interval / 1_000 - 2, "a spare port is probed every round");

        run(2_000);
        assertEquals(1, probesOutOf(HOST), "one round in " + interval + " ms has the host ports");

        discovery.hostListener().event(hostEvent(HostEvent.Type.HOST_REMOVED, 2, HOST));
        clearRecords();
        run(3_000);
        assertTrue(probesOutOf(HOST) >= 2, "no host any more: every round");
    }

    @Test
    void aHostPortComingUpIsProbedAtOnce() {
        net.connectAll();
        net.deliver();
        discovery.hostListener().event(hostEvent(HostEvent.Type.HOST_ADDED, 2, HOST));
        run(1_000);
        clearRecords();

        net.portDown(2, 3);
        net.portUp(2, 3); // something was plugged in: maybe a switch

        assertEquals(1, probesOutOf(HOST));
    }

    @Test
    void hostPortsFollowTheHostsEvents() {
        ProbeScope scope = new ProbeScope(claims, 30_000);
        scope.event(hostEvent(HostEvent.Type.HOST_ADDED, 1, HOST));
        scope.event(hostEvent(HostEvent.Type.HOST_ADDED, 2, HOST));
        scope.event(hostEvent(HostEvent.Type.HOST_UPDATED, 2, HOST));
        scope.event(hostEvent(HostEvent.Type.HOST_MOVED, 1, SPARE));
        assertTrue(scope.isHostPort(HOST), "host 2 is still there");
        assertTrue(scope.isHostPort(SPARE));

        scope.event(hostEvent(HostEvent.Type.HOST_REMOVED, 2, HOST));
        assertFalse(scope.isHostPort(HOST), "its last host left");
        scope.event(hostEvent(HostEvent.Type.HOST_MOVED, 1, TENANT));
        assertFalse(scope.isHostPort(SPARE));
        assertTrue(scope.isHostPort(TENANT));

        claims.claim("vpc", Set.of(TENANT));
        assertFalse(scope.mayProbe(TENANT), "claimed: never, host or not");
        assertTrue(scope.mayProbe(HOST));
    }
}
