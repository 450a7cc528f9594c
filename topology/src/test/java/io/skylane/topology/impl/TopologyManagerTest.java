package io.skylane.topology.impl;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSet;
import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.Link;
import io.skylane.topology.LinkSource;
import io.skylane.topology.TopologyEvent;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.topology.testing.RecordingTopologyListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshots built from the real device manager and link discovery over an emulated fabric. */
class TopologyManagerTest {

    private final TestCore core = new TestCore();
    private final ManualScheduler timers = new ManualScheduler();
    private final ManualScheduler publisher = new ManualScheduler();
    private final RecordingTopologyListener events = new RecordingTopologyListener();
    private LinkDiscovery discovery;
    private TopologyManager topology;

    /** Starts the manager (publishing on {@code executor}) and discovery. */
    private void start(Executor executor) {
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), timers,
                LinkDiscovery.Config.defaults());
        startManager(discovery, executor);
        discovery.start();
    }

    private void startManager(LinkSource links, Executor executor) {
        topology = new TopologyManager(core.devices(), links, core.events(), core.clock(), executor);
        topology.addListener(events);
        topology.start();
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        topology.stop();
    }

    private static FakeFabric bringUp(FakeFabric net) {
        for (DeviceId d : net.switches()) {
            net.connect(d.dpid());
            net.deliver();
        }
        return net;
    }

    private static Link link(long a, long pa, long b, long pb) {
        return Link.of(cp(a, pa), cp(b, pb));
    }

    @Test
    void theSnapshotOfAFatTreeHasItsSwitchesLinksAndEdgePorts() {
        start(MoreExecutors.directExecutor());
        FakeFabric net = bringUp(FakeFabric.fatTree(core, 4));

        TopologySnapshot s = topology.current();
        assertEquals(net.switches(), s.devices());
        assertEquals(net.expectedLinks(), s.links());
        assertEquals(64, s.graph().edgeSet().size());
        for (DeviceId d : net.switches()) {
            assertEquals(net.uncabledPorts().get(d), s.edgePorts(d), "edge ports of " + d);
        }
        assertEquals(16, s.edgePorts().size(), "two host ports on each of the 8 edge switches");
        assertTrue(s.isInfrastructure(cp(0x200, 1)));
        assertFalse(s.isInfrastructure(cp(0x300, 3)));
        assertEquals(s.version(), events.events().size(), "one version per event, from 1");
    }

    @Test
    void versionsIncreaseAndEachEventNamesThePreviousSnapshot() {
        start(MoreExecutors.directExecutor());
        bringUp(FakeFabric.ring(core, 3));

        TopologySnapshot before = TopologySnapshot.empty(core.clock().instant());
        long version = 0;
        for (TopologyEvent e : events.events()) {
            assertEquals(++version, e.subject().version());
            assertEquals(before.version(), e.previous().version());
            before = e.subject();
        }
        assertSame(before, topology.current());
    }

    @Test
    void aNewSnapshotInheritsWhatThePreviousOneCachedForUpdating() {
        start(MoreExecutors.directExecutor());
        FakeFabric net = bringUp(FakeFabric.fatTree(core, 4));
        TopologySnapshot before = topology.current();
        TopologySnapshot.Updatable tables = new TopologySnapshot.Updatable() { };
        before.cached("tables", k -> tables);
        PathComputer paths = PathComputer.of(before, LinkWeigher.HOP_COUNT);
        before.devices().forEach(paths::forwardingTo);

        net.portDown(0x100, 3);
        net.deliver();

        TopologySnapshot after = topology.current();
        assertEquals(before.version() + 1, after.version());
        assertSame(tables, after.takeInherited("tables").orElseThrow(), "handed on at publication");
        for (DeviceId d : after.devices()) {
            assertEquals(new PathComputer(after, LinkWeigher.HOP_COUNT).forwardingTo(d).entries(),
                    PathComputer.of(after, LinkWeigher.HOP_COUNT).forwardingTo(d).entries());
        }
    }

    @Test
    void changesArrivingTogetherMakeOneSnapshot() {
        start(publisher);
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        assertEquals(1, publisher.pendingCount(), "4 connects, 8 links: one publication waiting");

        publisher.runPending();

        assertEquals(1, events.events().size());
        TopologyEvent e = events.events().get(0);
        assertEquals(1, e.subject().version());
        assertEquals(net.switches(), e.devicesAdded());
        assertEquals(net.expectedLinks(), e.linksAdded());
        assertEquals(Set.of(), e.linksRemoved());
        assertEquals(Set.of(), e.portsChanged(), "the switches are new: not a change of their ports");
    }

    @Test
    void aSwitchDisconnectingWhileAPortGoesDownIsOneEvent() {
        start(publisher);
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        publisher.runPending();
        events.clear();

        net.disconnect(2);
        net.portDown(3, 2);
        net.portDown(4, 1);
        publisher.runPending();

        assertEquals(1, events.events().size());
        TopologyEvent e = events.events().get(0);
        assertEquals(2, e.subject().version());
        assertEquals(Set.of(DeviceId.of(2)), e.devicesRemoved());
        assertEquals(6, e.linksRemoved().size());
        assertEquals(Set.of(link(4, 2, 1, 1), link(1, 1, 4, 2)), topology.current().links());
    }

    @Test
    void aPortGoingDownRemovesItsLinksAndMakesThePeerPortAnEdgePort() {
        start(MoreExecutors.directExecutor());
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        events.clear();

        net.portDown(1, 1);

        assertEquals(1, events.events().size());
        TopologyEvent e = events.events().get(0);
        assertEquals(Set.of(link(1, 1, 4, 2), link(4, 2, 1, 1)), e.linksRemoved());
        assertEquals(Set.of(DeviceId.of(4)), e.portsChanged(), "4/2 has no link any more");
        assertEquals(Set.of(PortNumber.of(2), PortNumber.of(3)), topology.current().edgePorts(DeviceId.of(4)));
        assertEquals(Set.of(PortNumber.of(3)), topology.current().edgePorts(DeviceId.of(1)), "1/1 is down");
    }

    @Test
    void aDisconnectRemovesTheSwitchAndItsLinksInOneEvent() {
        start(MoreExecutors.directExecutor());
        FakeFabric net = bringUp(FakeFabric.ring(core, 4));
        events.clear();

        net.disconnect(2);

        assertEquals(1, events.events().size());
        TopologyEvent e = events.events().get(0);
        assertEquals(Set.of(DeviceId.of(2)), e.devicesRemoved());
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2), link(2, 2, 3, 1), link(3, 1, 2, 2)), e.linksRemoved());
        assertEquals(Set.of(DeviceId.of(1), DeviceId.of(3)), e.portsChanged());
        assertFalse(topology.current().devices().contains(DeviceId.of(2)));
    }

    @Test
    void aChangeThatChangesNothingPublishesNothing() {
        start(MoreExecutors.directExecutor());
        FakeFabric net = bringUp(FakeFabric.linear(core, 2));
        long version = topology.current().version();
        long rebuilds = topology.counters().get("rebuilds");
        events.clear();

        Port faster = new Port(PortNumber.of(3), "eth3", TestCore.port(3).hwAddress(), true, true, 40_000_000);
        core.router().portChanged(net.handle(1), PortChange.MODIFIED, faster);

        assertEquals(version, topology.current().version());
        assertEquals(List.of(), events.events());
        assertEquals(rebuilds + 1, topology.counters().get("rebuilds"), "rebuilt, not published");
    }

    @Test
    void theNetworkAsItIsIsPublishedAtStart() {
        FakeFabric net = FakeFabric.linear(core, 3).connectAll();
        start(MoreExecutors.directExecutor());
        net.deliver();

        assertEquals(net.switches(), topology.current().devices());
        assertEquals(net.expectedLinks(), topology.current().links());
    }

    @Test
    void onlyLinksBetweenEnabledPortsOfConnectedSwitchesAndOneLinkPerPortAreKept() {
        FakeFabric net = FakeFabric.linear(core, 3).connectAll();
        net.portDown(3, 3);
        FixedLinks links = new FixedLinks();
        startManager(links, MoreExecutors.directExecutor());

        // 1/3 reaches both 2/3 and 3/1 (a hub between them); 2/2 -> 3/3 ends at a port that is down
        links.set(link(1, 3, 2, 3), link(1, 3, 3, 1), link(2, 2, 3, 3), link(2, 1, 9, 1));

        assertEquals(Set.of(link(1, 3, 2, 3)), topology.current().links());
    }

    /** A link source a test sets by hand. */
    private static final class FixedLinks implements LinkSource {
        private volatile Set<Link> links = Set.of();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

        void set(Link... l) {
            links = ImmutableSet.copyOf(l);
            listeners.forEach(Runnable::run);
        }

        @Override
        public Set<Link> links() {
            return links;
        }

        @Override
        public void addChangeListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeChangeListener(Runnable listener) {
            listeners.remove(listener);
        }
    }

    /**
     * With a spacing, a rebuild right after another is held back until the spacing is over, and
     * what changes meanwhile is published in one snapshot; a change after a quiet moment (or after
     * the clock was set back) is published at once.
     */
    @Test
    void rebuildsAreSpacedAndWhatComesMeanwhileIsPublishedTogether() {
        FixedLinks links = new FixedLinks();
        topology = new TopologyManager(core.devices(), links, core.events(), core.clock(), publisher,
                Duration.ofMillis(100));
        topology.addListener(events);
        topology.start();
        bringUp(FakeFabric.linear(core, 3));
        publisher.runWaiting();
        assertEquals(1, events.events().size(), "the first change: at once");
        assertEquals(3, topology.current().devices().size());

        core.clock().advance(Duration.ofMillis(40));
        links.set(link(1, 2, 2, 1));
        publisher.runWaiting();
        links.set(link(1, 2, 2, 1), link(2, 1, 1, 2));
        publisher.runWaiting();
        core.clock().advance(Duration.ofMillis(59));
        links.set(link(1, 2, 2, 1), link(2, 1, 1, 2), link(2, 2, 3, 1));
        publisher.runWaiting();
        publisher.runWaiting();
        assertEquals(1, events.events().size(), "99 ms after the last rebuild: held back");
        assertEquals(1L, topology.counters().get("rebuilds"));
        assertTrue(topology.counters().get("held") >= 1, topology.counters().toString());

        core.clock().advance(Duration.ofMillis(1));
        publisher.runPending();
        assertEquals(2, events.events().size(), "the spacing over: one snapshot with all that came");
        assertEquals(Set.of(link(1, 2, 2, 1), link(2, 1, 1, 2), link(2, 2, 3, 1)), events.events().get(1).linksAdded());
        assertEquals(2L, topology.counters().get("rebuilds"));

        core.clock().advance(Duration.ofMillis(500));
        links.set(link(1, 2, 2, 1), link(2, 1, 1, 2));
        publisher.runWaiting();
        assertEquals(3, events.events().size(), "after a quiet moment: at once");
        assertEquals(Set.of(link(2, 2, 3, 1)), events.events().get(2).linksRemoved());

        core.clock().set(core.clock().instant().minusSeconds(1));
        links.set(link(1, 2, 2, 1));
        publisher.runWaiting();
        assertEquals(4, events.events().size(), "the clock set back: at once");
    }

    @Test
    void countersSayWhatWasPublished() {
        start(publisher);
        bringUp(FakeFabric.linear(core, 2));
        publisher.runPending();
        Map<String, Long> c = topology.counters();
        assertEquals(1L, c.get("published"));
        assertEquals(1L, c.get("version"));
    }

    @Test
    void aPublisherThatRefusesWorkDoesNotBreakTheCaller() {
        start(r -> {
            throw new RejectedExecutionException("shut down");
        });
        bringUp(FakeFabric.linear(core, 2));
        assertEquals(0, topology.current().version());
    }
}
