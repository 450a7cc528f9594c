package io.skylane.vpc.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.concurrent.CoalescingScheduler;
import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.topology.PortClaims;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.pipeline.CompilePool;
import io.skylane.vpc.pipeline.FabricTransport;
import io.skylane.vpc.pipeline.OverlayTransport;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.Transport;
import io.skylane.vpc.pipeline.TunnelEndpoint;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentListener;
import io.skylane.vpc.store.IntentStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant data plane: turns the intent store and the topology into every switch's tenant rules
 * ({@link VpcCompiler}, through the flow rule service) and dispatches what tenant ports send to the
 * controller. Where ports are is {@link PortPlacement}'s (bindings, MAC-learned places, quarantined
 * switch ports, which it claims from lab forwarding); their status {@link PortStatusTracker}'s; the
 * answers to their ARP, DHCP and pings {@link TenantResponder}'s. Recomputes run on the executor,
 * one at a time, folding the changes that arrive meanwhile ({@link CoalescingScheduler});
 * packet-ins are handled on the I/O threads without locks.
 */
public final class TenantDataPlane implements PacketProcessor {

    private static final Logger log = LoggerFactory.getLogger(TenantDataPlane.class);
    static final String CLAIM_OWNER = "vpc";
    /** The DHCP server identifier of a subnet without a gateway (see {@link TenantResponder}). */
    static final Ip4Address NO_GATEWAY_SERVER_ID = TenantResponder.NO_GATEWAY_SERVER_ID;

    private final IntentStore store;
    private final TopologyService topology;
    private final DeviceService devices;
    private final FlowRuleService flows;
    private final PacketService packets;
    private final PortClaims claims;
    private final Executor executor;
    private final CoalescingScheduler scheduler;
    private final TenantResponder responder;
    private final PortPlacement placement = new PortPlacement();
    /** What changed since the last recompute: which switches to recompile. */
    private final TouchedIntent touched = new TouchedIntent();
    private final PortStatusTracker statuses;
    private final TenantNetwork network;
    /** The intent the rules compile from, kept up to date change by change (recompute thread only). */
    private final TenantState state = new TenantState();
    private boolean stateBuilt;
    /** Where the tenant ports are, in the forms the compile, the claims and the statuses need. */
    private final PlacedPorts placed;
    /** The transport of the last full recompute, the snapshot it was made for, the tunnel ports it claimed. */
    private Transport transport;
    private TopologySnapshot lastSnapshot;
    private volatile boolean running;
    /** Overlay mode: the hypervisors the last recompute tunnelled between. */
    private volatile Map<DeviceId, TunnelEndpoint> lastEndpoints = Map.of();
    private final List<Consumer<TenantRecompute>> recomputeListeners = new CopyOnWriteArrayList<>();
    private final LongAdder recomputes = new LongAdder();
    private final LongAdder partialRecomputes = new LongAdder();
    private final LongAdder idleRecomputes = new LongAdder();
    /** VPCs whose rules partial recomputes compiled anew (each once per recompute). */
    private final LongAdder recompiledVpcs = new LongAdder();
    /** Each switch's rules in parts, as last compiled (recompute thread only). */
    private final CompiledParts parts = new CompiledParts();
    /** The threads the recomputes compile switches on, one per core, from start to stop. */
    private CompilePool pool = CompilePool.SERIAL;
    /** Whether the last recompute had any tenant port (recompute thread only). */
    private boolean lastAnyPort;
    private final LongAdder punted = new LongAdder();

    private final IntentListener intentListener = this::intentChanged;
    private final TopologyListener topologyListener = e -> schedule();
    private final DeviceListener deviceListener = new DeviceListener() {
        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.type() != DeviceEvent.Type.DEVICE_UPDATED;
        }

        @Override
        public void event(DeviceEvent event) {
            if (event.port().isPresent()) {
                io.skylane.core.net.Port p = event.port().get();
                if (network.isOverlay() && p.name().equals(network.tunnelPortName())) {
                    schedule(); // a hypervisor's tunnel port came, went or moved: the tunnels follow
                    return;
                }
                if ((event.type() == DeviceEvent.Type.PORT_REMOVED || !p.isEnabled())
                        && placement.freed(ConnectPoint.of(event.subject().id(), p.number()))) {
                    schedule(); // unplugged (or the cable pulled): the quarantined switch port is free again
                }
                return;
            }
            schedule();
        }
    };

    /**
     * @param statusSink told, in one batch per change, the ports whose data-plane status changed
     *                   ({@code ACTIVE} once their rules are confirmed on their switch, {@code DOWN}
     *                   otherwise)
     */
    public TenantDataPlane(IntentStore store, TopologyService topology, DeviceService devices, FlowRuleService flows,
                           PacketService packets, PortClaims claims, Executor executor,
                           Consumer<Map<UUID, Port.Status>> statusSink) {
        this(store, topology, devices, flows, packets, claims, executor, statusSink, TenantNetwork.fabric());
    }

    /** As above, carrying tenant traffic between switches as {@code network} says. */
    public TenantDataPlane(IntentStore store, TopologyService topology, DeviceService devices, FlowRuleService flows,
                           PacketService packets, PortClaims claims, Executor executor,
                           Consumer<Map<UUID, Port.Status>> statusSink, TenantNetwork network) {
        this.network = checkNotNull(network, "network");
        this.store = checkNotNull(store, "store");
        this.topology = checkNotNull(topology, "topology");
        this.devices = checkNotNull(devices, "devices");
        this.flows = checkNotNull(flows, "flows");
        this.packets = checkNotNull(packets, "packets");
        this.claims = checkNotNull(claims, "claims");
        this.executor = checkNotNull(executor, "executor");
        this.statuses = new PortStatusTracker(statusSink);
        this.placed = new PlacedPorts(placement, claims, CLAIM_OWNER, statuses);
        this.responder = new TenantResponder(store, packets);
        this.scheduler = new CoalescingScheduler("Tenant data plane recompute", executor, this::recompute);
    }

    public void start() {
        running = true;
        pool = CompilePool.ofCores();
        // Claimed before any switch connects, so that discovery never probes a tenant port.
        claims.claim(CLAIM_OWNER, placement.place(store.all(ResourceType.PORT)).claimed());
        store.addListener(intentListener);
        topology.addListener(topologyListener);
        devices.addListener(deviceListener);
        packets.addProcessor(this, PacketProcessor.RESPONDER);
        schedule();
        log.info("Tenant data plane started");
    }

    /** Stops and removes every tenant rule. */
    public void stop() {
        running = false;
        scheduler.close();
        packets.removeProcessor(this);
        devices.removeListener(deviceListener);
        topology.removeListener(topologyListener);
        store.removeListener(intentListener);
        synchronized (this) {
            parts.clear();
            pool.close();
            statuses.clear();
            stateBuilt = false; // changes made while stopped are not followed: built again on a restart
            transport = null;
        }
        claims.claim(CLAIM_OWNER, Set.of());
        flows.removeApp(Pipeline.APP_ID);
    }

    private void intentChanged(long seq, List<Change> changes) {
        boolean relevant = false;
        for (Change c : changes) {
            ResourceType t = c.type();
            touched.record(c); // the data plane's index follows every change, relevant to the rules or not
            if (t == ResourceType.PORT && c.before() != null && c.after() != null
                    && TouchedIntent.sameForwarding((Port) c.before(), (Port) c.after())) {
                continue; // a status, name or tag change: no rule depends on it
            }
            if (t == ResourceType.LOAD_BALANCER && c.before() != null && c.after() != null
                    && TouchedIntent.sameAddress((LoadBalancer) c.before(), (LoadBalancer) c.after())) {
                continue; // only the VIP matters here (ARP, ping); the load balancer's rules are its own
            }
            if (t == ResourceType.HYPERVISOR && network.isOverlay()) {
                touched.everything();
                relevant = true;
                continue;
            }
            if (t == ResourceType.VPC || t == ResourceType.SUBNET || t == ResourceType.PORT
                    || t == ResourceType.SECURITY_GROUP || t == ResourceType.SECURITY_GROUP_RULE
                    || t == ResourceType.LOAD_BALANCER || t == ResourceType.ROUTER) {
                if (c.after() == null && t == ResourceType.PORT) {
                    placement.forget(c.id());
                }
                touched.changed(c);
                relevant = true;
            }
        }
        if (relevant && running) {
            scheduler.schedule();
        }
    }

    /** Recomputes every switch (a change not tied to VPCs: the topology, a device, a learned binding). */
    private void schedule() {
        touched.everything();
        if (running) {
            scheduler.schedule();
        }
    }

    /**
     * Recomputes the tenant rules a batch of changes touches (every switch's, for a change not tied
     * to VPCs) and hands over what changed.
     */
    private synchronized void recompute() {
        if (!running) {
            return;
        }
        recomputes.increment();
        TouchedIntent.Batch batch = touched.drain();
        // The VPCs a change touched, with those joined to them by routers, before the batch and after:
        // a route into a VPC changes with its ports, and a router's VPCs with the router.
        Set<UUID> vpcs = new HashSet<>(batch.vpcs());
        if (stateBuilt) {
            vpcs.addAll(state.vpcsOfSubnets(batch.routerSubnets()));
            vpcs.addAll(state.joinedTo(vpcs));
        }
        // The VPCs' hosts before the batch: a VPC's switches must lose what it no longer has there.
        Set<DeviceId> before = stateBuilt ? placed.index().hostsOf(state.segments(vpcs)) : Set.of();
        if (!stateBuilt) {
            state.rebuild(store); // the batch's changes are in it already
            stateBuilt = true;
        } else {
            batch.changes().forEach(state::apply);
        }
        if (nothingToPlace()) {
            idleRecomputes.increment();
            transport = null; // the first port (or load balancer) recomputes everything
            responder.refresh(state.vpcs().values(), state.subnets(), state.ports(), state.loadBalancers());
            return;
        }
        vpcs.addAll(state.vpcsOfSubnets(batch.routerSubnets()));
        vpcs.addAll(state.joinedTo(vpcs));
        TopologySnapshot snapshot = topology.current();
        boolean everything = batch.everything() || transport == null || snapshot != lastSnapshot;
        // The VPCs whose rules may change: the touched ones, and those depending on a touched group.
        if (everything) {
            placeEverything(snapshot);
        } else {
            placed.placeAgain(state, batch.ports());
            responder.refresh(batch.changes(), state); // what the changes touched, not the whole VPCs
            vpcs.addAll(state.vpcsDependingOn(batch.groups())); // their rules, not their ports: no route changes
        }
        lastSnapshot = snapshot;
        VpcCompiler compiler = new VpcCompiler(snapshot, transport, pool);
        boolean anyPort = compiler.anyTenantPort(placed.index());
        // The first tenant port anywhere (or the last one gone) adds (removes) every switch's transport rules.
        everything = everything || anyPort != lastAnyPort;
        lastAnyPort = anyPort;
        TenantRecompute done;
        if (everything) {
            done = TenantRecompute.EVERYTHING;
            handOver(parts.compileAll(compiler, placed.index(), state, state::answered, state.joins(),
                    snapshot.devices()), true);
            statuses.settle();
            statuses.update(allPortIds(), this::connected);
        } else {
            partialRecomputes.increment();
            Set<Integer> segments = state.segments(vpcs);
            recompiledVpcs.add(segments.size());
            done = new TenantRecompute(false, vpcs);
            Set<DeviceId> switches = new TreeSet<>(before);
            switches.addAll(placed.index().hostsOf(segments));
            handOver(parts.compileTouched(compiler, placed.index(), state, state::answered, state.joins(), switches,
                    segments), false);
            statuses.settle();
            statuses.update(batch.ports(), this::connected);
        }
        for (Consumer<TenantRecompute> r : recomputeListeners) {
            try {
                r.accept(done);
            } catch (RuntimeException e) {
                log.warn("A tenant recompute listener failed", e);
            }
        }
    }

    /** Fabric mode, no port nor load balancer, nothing placed, claimed or compiled before: nothing to do. */
    private boolean nothingToPlace() {
        return !network.isOverlay() && state.ports().isEmpty() && state.loadBalancers().isEmpty()
                && placement.isEmpty() && parts.noRules();
    }

    private List<UUID> allPortIds() {
        List<UUID> ids = new ArrayList<>();
        state.ports().forEach(p -> ids.add(p.id()));
        return ids;
    }

    /** Every port placed anew, the transport and the claims from scratch (the topology or a device changed). */
    private void placeEverything(TopologySnapshot snapshot) {
        Set<ConnectPoint> tunnelPorts = Set.of();
        if (network.isOverlay()) {
            HypervisorTunnels.Found tunnels = HypervisorTunnels.find(HypervisorTunnels.registered(store), devices,
                    network.tunnelPortName());
            tunnelPorts = tunnels.tunnelPorts(); // never probed by discovery, never a tenant port
            transport = new OverlayTransport(tunnels.endpoints(), network.mtu());
            lastEndpoints = tunnels.endpoints();
        } else {
            transport = new FabricTransport(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT), network.mtu());
            lastEndpoints = Map.of();
        }
        placed.placeAll(state, tunnelPorts);
        responder.refresh(state.vpcs().values(), state.subnets(), state.ports(), state.loadBalancers());
        responder.mtu(transport::tenantMtu);
    }

    /**
     * The recompiled switches' rules: after a full compile each changed switch's whole rule set (the
     * flow rule service sends the difference), after a partial one each changed switch's difference,
     * in one batch per switch; a connected switch that never got a rule set gets its whole set.
     */
    private void handOver(Map<DeviceId, CompiledParts.Recompiled> next, boolean whole) {
        int changed = 0;
        for (Map.Entry<DeviceId, CompiledParts.Recompiled> e : next.entrySet()) {
            DeviceId d = e.getKey();
            CompiledParts.Recompiled r = e.getValue();
            boolean connected = connected(d);
            if (!connected) {
                statuses.disconnected(d);
            }
            if ((whole && r.changed()) || (connected && statuses.neverSent(d))) {
                long generation = statuses.handedOver(d);
                flows.setDesired(Pipeline.APP_ID, d, r.after().all(), List.of())
                        .whenComplete((res, ex) -> outcome(d, generation, res, ex));
                changed++;
            } else if (r.changed()) {
                long generation = statuses.handedOver(d);
                flows.apply(Pipeline.APP_ID, r.add(), r.remove())
                        .whenComplete((res, ex) -> outcome(d, generation, res, ex));
                changed++;
            }
        }
        if (changed > 0 && whole) {
            log.info("Tenant data plane: {} ports placed, {} switches reprogrammed", placed.size(), changed);
        }
    }

    /**
     * Every switch's rules compiled in full from the current inputs, without handing anything over:
     * what the incremental recomputes must always agree with (tests).
     */
    synchronized Map<DeviceId, List<FlowRule>> compileAll() {
        TopologySnapshot snapshot = topology.current();
        Transport full = network.isOverlay()
                ? new OverlayTransport(HypervisorTunnels.find(HypervisorTunnels.registered(store), devices,
                        network.tunnelPortName()).endpoints(), network.mtu())
                : new FabricTransport(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT), network.mtu());
        return FullCompile.of(store, snapshot, full, placement.placedOf(store.all(ResourceType.PORT)));
    }

    /**
     * Runs {@code listener} after every recompute (on the recompute thread: it must return quickly),
     * with what the recompute may have changed, for apps whose rules follow where tenant ports are,
     * such as the load balancer.
     */
    public void addRecomputeListener(Consumer<TenantRecompute> listener) {
        recomputeListeners.add(checkNotNull(listener, "listener"));
    }

    /** The tenant ports placed on a switch port by the last recompute (explicitly bound or learned). */
    public List<PlacedPort> placedPorts() {
        return placed.placed();
    }

    private boolean connected(DeviceId d) {
        return devices.device(d).map(x -> x.connected()).orElse(false);
    }

    private void outcome(DeviceId d, long generation, FlowApplyResult res, Throwable ex) {
        if (ex != null) {
            log.debug("Tenant rules on {} not confirmed: {}", d, ex.toString());
        } else if (!res.isSuccess()) {
            log.warn("Switch {} refused {} tenant rules, e.g. {}: {}", d, res.failures().size(),
                    res.failures().get(0).rule(), res.failures().get(0).error());
        } else {
            try {
                executor.execute(() -> confirm(d, generation));
            } catch (RejectedExecutionException e) {
                log.debug("Tenant data plane stopped: confirmation of {} dropped", d);
            }
        }
    }

    /** The switch holds the rule set {@code generation}: its ports are up, if that is still the latest. */
    private synchronized void confirm(DeviceId d, long generation) {
        if (running && statuses.confirm(d, generation)) {
            statuses.updateWaiting(d, this::connected);
        }
    }

    /**
     * Overlay mode: the hypervisors the last recompute could tunnel to (registered, connected, with
     * their tunnel port); empty in fabric mode.
     */
    public Map<DeviceId, TunnelEndpoint> tunnelEndpoints() {
        return lastEndpoints;
    }

    /** Every VPC's ARP book as the responder holds it (see {@link TenantResponder#addressBook}); for tests. */
    synchronized Map<UUID, Map<Ip4Address, String>> addressBook() {
        return responder.addressBook();
    }

    /** The rules last handed over for a switch. */
    public synchronized List<FlowRule> desired(DeviceId device) {
        return parts.rules(device);
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inbound();
        ConnectPoint from = in.receivedFrom();
        Port port = placement.portAt(from);
        Ethernet eth;
        try {
            eth = in.ethernet();
        } catch (RuntimeException e) {
            return;
        }
        if (port == null) {
            java.util.Optional<Port> learned = placement.learn(eth.source(), from, topology.current(),
                    id -> store.get(ResourceType.PORT, id) != null);
            if (learned.isPresent()) {
                context.block();
                touched.placed(learned.get()); // its VPC's switches, the new one included
                if (running) {
                    scheduler.schedule();
                }
            } else if (placement.isQuarantined(from)) {
                context.block(); // left behind by a tenant port: nobody's traffic
            }
            return;
        }
        punted.increment();
        context.block(); // whatever a tenant port sends to the controller is the tenant data plane's
        responder.answer(in, from, port, eth);
    }

    /** Counters by name, for operators. */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("recomputes", recomputes.sum())
                .put("partialRecomputes", partialRecomputes.sum())
                .put("idleRecomputes", idleRecomputes.sum())
                .put("recompiledVpcs", recompiledVpcs.sum())
                .put("learnedBindings", placement.learnedBindings())
                .put("misplacedMacs", placement.misplacedMacs())
                .put("punted", punted.sum())
                .putAll(responder.counters())
                .build();
    }

    /** The switch port each placed tenant port is at (explicit or learned). */
    public Map<ConnectPoint, Port> portsAt() {
        return placement.portsAt();
    }
}
