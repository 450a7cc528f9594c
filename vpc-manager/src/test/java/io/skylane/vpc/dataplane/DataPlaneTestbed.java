package io.skylane.vpc.dataplane;

import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.PortClaims;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.testing.TenantFixture;
import java.util.List;

/**
 * The tenant data plane with the real core, discovery and topology on a fake linear fabric of three
 * switches, and one tenant: what the data plane's tests share. Everything runs on the caller's
 * thread; {@link #start} brings the fabric up and {@link #stop} takes it down.
 */
final class DataPlaneTestbed {

    final TestCore core = new TestCore();
    final ManualScheduler timers = new ManualScheduler();
    final PortClaims claims = new PortClaims();
    final FakeFabric net;
    final LinkDiscovery discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(),
            timers, LinkDiscovery.Config.defaults());
    final TopologyManager topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
            MoreExecutors.directExecutor());
    final IntentService intents = TenantFixture.newService();
    final TenantDataPlane vpc;
    /** Where the data plane's recomputes run: at once, unless {@link HeldExecutor#hold} was asked. */
    final HeldExecutor executor = new HeldExecutor();
    TenantFixture tenant;

    /** Runs each task at once, or, while held, queues them until {@link #release}. */
    static final class HeldExecutor implements java.util.concurrent.Executor {
        private final java.util.ArrayDeque<Runnable> queued = new java.util.ArrayDeque<>();
        private boolean held;

        @Override
        public void execute(Runnable command) {
            if (held) {
                queued.add(command);
            } else {
                command.run();
            }
        }

        /** Queues what comes from now on (changes then fold into one recompute). */
        void hold() {
            held = true;
        }

        /** Runs what was queued, and what that queues, then runs tasks at once again. */
        void release() {
            held = false;
            Runnable r;
            while ((r = queued.poll()) != null) {
                r.run();
            }
        }
    }

    /** Fabric mode on a line of three switches. */
    DataPlaneTestbed() {
        this(TenantNetwork.fabric(), null);
    }

    /**
     * The data plane in {@code network}'s mode on the fabric {@code build} makes of the core (null:
     * a line of three switches).
     */
    DataPlaneTestbed(TenantNetwork network, java.util.function.Function<TestCore, FakeFabric> build) {
        this.net = build == null ? FakeFabric.linear(core, 3) : build.apply(core);
        this.vpc = new TenantDataPlane(intents.store(), topology, core.devices(), core.flows(), core.packets(),
                claims, executor, intents::setPortStatuses, network);
    }

    /** Starts every part, connects the switches and lets discovery find the links; creates the tenant. */
    void start() {
        topology.start();
        discovery.start();
        vpc.start();
        net.connectAll();
        net.deliver();
        tenant = new TenantFixture(intents, "t");
    }

    void stop() {
        vpc.stop();
        discovery.stop();
        topology.stop();
    }

    /** Sends a frame in at dpid/port; returns the packet-outs it caused on that switch. */
    List<OutboundPacket> send(long dpid, long port, byte[] frame) {
        int before = net.handle(dpid).packetOuts().size();
        core.packetIn(net.handle(dpid), TestPackets.packetIn(DeviceId.of(dpid), port, frame));
        List<OutboundPacket> outs = net.handle(dpid).packetOuts();
        return List.copyOf(outs.subList(before, outs.size()));
    }

    /** The tenant data plane's desired rules on a switch. */
    List<FlowRule> rulesOn(long dpid) {
        return core.flows().desiredRules(DeviceId.of(dpid)).stream()
                .filter(r -> r.appId() == Pipeline.APP_ID.id()).toList();
    }
}
