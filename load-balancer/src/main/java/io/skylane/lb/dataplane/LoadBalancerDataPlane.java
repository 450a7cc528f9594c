package io.skylane.lb.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.concurrent.CoalescingScheduler;
import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.lb.frames.Refusals;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.vpc.dataplane.TenantRecompute;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentListener;
import io.skylane.vpc.store.IntentStore;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load balancer's data plane: turns the load-balancing intent, where the tenant data plane
 * placed the ports, the members' health and the topology into every switch's load-balancer rules
 * ({@link LoadBalancerCompiler}, handed to the flow rule service as the load-balancer app's desired
 * state), keeps the resources' provisioning and operating statuses, answers the connections its
 * rules refuse (no member up) and passes probe answers to the health checks. Recomputes run on
 * the executor, one at a time, folding the changes that arrive meanwhile.
 */
public final class LoadBalancerDataPlane implements PacketProcessor {

    private static final Logger log = LoggerFactory.getLogger(LoadBalancerDataPlane.class);
    private static final Set<ResourceType> LB_TYPES = Set.of(ResourceType.LOAD_BALANCER, ResourceType.LISTENER,
            ResourceType.POOL, ResourceType.MEMBER, ResourceType.HEALTH_MONITOR);
    /** Refused connections answered per switch and second at most (the rest are dropped, counted). */
    static final int REFUSALS_PER_SECOND = 100;

    /** The VPCs' conntrack zones on each switch, kept from one recompute to the next. */
    private final LbZones zones = new LbZones();
    private final IntentStore store;
    private final Supplier<List<PlacedPort>> placedPorts;
    private final Consumer<Consumer<TenantRecompute>> tenantRecomputes;
    private final TopologyService topology;
    private final DeviceService devices;
    private final FlowRuleService flows;
    private final PacketService packets;
    private final Executor executor;
    private final CoalescingScheduler scheduler;
    private final HealthChecks health;
    private final Function<byte[], Optional<byte[]>> refusals;
    private final Consumer<Map<UUID, LbState>> statusSink;
    private final LongSupplier nanoTime;

    /** Recompute thread only (and readers under the monitor). */
    private final Map<DeviceId, List<FlowRule>> installed = new HashMap<>();
    private final SwitchConfirmations confirmations = new SwitchConfirmations();
    private final Map<UUID, Map<DeviceId, Integer>> digests = new HashMap<>();
    private final Map<UUID, Map<DeviceId, Long>> changedAt = new HashMap<>();
    /** The ids of every load-balancing resource the last recompute compiled. */
    private Set<UUID> compiledIds = Set.of();
    private LoadBalancerCompiler.Result lastResult;

    private final Map<DeviceId, long[]> refusalWindows = new ConcurrentHashMap<>();
    private volatile boolean running;
    /**
     * Set by an intent change, cleared when a recompute reads the store: while set, statuses are not
     * published (what a recompute knows may predate the change; the next one publishes them).
     */
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final LongAdder recomputes = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder refusalsDropped = new LongAdder();
    private final LongAdder probeAnswers = new LongAdder();
    private final LongAdder statusWrites = new LongAdder();

    private final IntentListener intentListener = this::intentChanged;
    /**
     * The topology and the switches matter only where there is a load balancer: a fabric without one
     * (a lab's, or one being discovered, a snapshot after each batch of links) costs nothing here.
     */
    private final TopologyListener topologyListener = e -> scheduleIfAnyLoadBalancer();
    /**
     * The VPCs that have a load balancer, as the running or last recompute read them (null until the
     * first one ran: any VPC may).
     */
    private volatile Set<UUID> lbVpcs;
    /**
     * Where tenant ports are matters only to load balancers (their members, their clients' switches),
     * and only those of their own VPC: a tenant recompute of other VPCs (one per port change) costs
     * nothing here. The set is taken before the recompute reads the placements, so a tenant recompute
     * it misses is one whose placements that recompute reads.
     */
    private final Consumer<TenantRecompute> tenantListener = done -> {
        Set<UUID> withLb = lbVpcs;
        if (withLb == null || dirty.get() || (!withLb.isEmpty() && done.touchesAny(withLb))) {
            schedule();
        }
    };
    private final DeviceListener deviceListener = new DeviceListener() {
        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.port().isEmpty() && event.type() != DeviceEvent.Type.DEVICE_UPDATED;
        }

        @Override
        public void event(DeviceEvent event) {
            scheduleIfAnyLoadBalancer();
        }
    };

    /**
     * @param placedPorts      where the tenant data plane placed the tenant ports (its last recompute)
     * @param tenantRecomputes registers a listener run after every recompute of the tenant data plane,
     *                         told which VPCs it touched
     * @param health     makes the members' health checks (told to schedule a recompute on a transition)
     * @param refusals   the answer (a frame from the VIP) to a client's first packet of a refused
     *                   connection, if it gets one
     * @param statusSink told, in one batch, the resources whose statuses should change
     */
    public LoadBalancerDataPlane(IntentStore store, Supplier<List<PlacedPort>> placedPorts,
                                 Consumer<Consumer<TenantRecompute>> tenantRecomputes, TopologyService topology,
                                 DeviceService devices, FlowRuleService flows, PacketService packets, Executor executor,
                                 HealthChecks.Factory health, Function<byte[], Optional<byte[]>> refusals,
                                 Consumer<Map<UUID, LbState>> statusSink, LongSupplier nanoTime) {
        this.store = checkNotNull(store, "store");
        this.placedPorts = checkNotNull(placedPorts, "placedPorts");
        this.tenantRecomputes = checkNotNull(tenantRecomputes, "tenantRecomputes");
        this.topology = checkNotNull(topology, "topology");
        this.devices = checkNotNull(devices, "devices");
        this.flows = checkNotNull(flows, "flows");
        this.packets = checkNotNull(packets, "packets");
        this.executor = checkNotNull(executor, "executor");
        this.refusals = checkNotNull(refusals, "refusals");
        this.statusSink = checkNotNull(statusSink, "statusSink");
        this.nanoTime = checkNotNull(nanoTime, "nanoTime");
        this.scheduler = new CoalescingScheduler("Load balancer recompute", executor, this::recompute);
        this.health = checkNotNull(health, "health").create(this::schedule);
    }

    public void start() {
        running = true;
        store.addListener(intentListener);
        topology.addListener(topologyListener);
        devices.addListener(deviceListener);
        tenantRecomputes.accept(tenantListener);
        packets.addProcessor(this, PacketProcessor.LOAD_BALANCER);
        schedule();
        log.info("Load balancer data plane started");
    }

    /** Stops probing and removes every load-balancer rule. */
    public void stop() {
        running = false;
        scheduler.close();
        health.close();
        packets.removeProcessor(this);
        devices.removeListener(deviceListener);
        topology.removeListener(topologyListener);
        store.removeListener(intentListener);
        synchronized (this) {
            installed.clear();
            confirmations.clear();
        }
        flows.removeApp(LbPipeline.APP_ID);
    }

    private void intentChanged(long seq, List<Change> changes) {
        for (Change c : changes) {
            ResourceType t = c.type();
            if (LB_TYPES.contains(t)) {
                if (c.before() != null && c.after() != null && statusOnly(c.before(), c.after())) {
                    continue; // our own status writes
                }
                dirty.set(true);
                schedule();
                return;
            }
            if (t == ResourceType.VPC) {
                Set<UUID> withLb = lbVpcs; // a VPC without a load balancer (a new one, say) is none of ours
                if (withLb == null || withLb.contains(c.id())) {
                    dirty.set(true);
                    schedule();
                    return;
                }
            }
        }
    }

    /**
     * True when {@code after} is {@code before} with other statuses (and a new revision), as our own
     * status writes are: not when a name, description or tags changed too, nor when a settled
     * resource went pending (the intent service's mark of a client's change, even one that changes
     * nothing else: it must be recomputed to settle again).
     */
    static boolean statusOnly(Resource before, Resource after) {
        Meta b = before.meta();
        Meta a = after.meta();
        Meta sameNames = new Meta(b.id(), b.name(), b.description(), b.tenantId(), b.createdAt(), a.updatedAt(),
                a.revision(), b.tags(), b.externalIds());
        Resource moved = LbState.of(after).applyTo(before, Instant.EPOCH).withMeta(sameNames);
        return moved.equals(after) && !(settled(before) && !settled(after));
    }

    private static boolean settled(Resource r) {
        ProvisioningStatus p = LbState.of(r).provisioning();
        return p != ProvisioningStatus.PENDING_CREATE && p != ProvisioningStatus.PENDING_UPDATE;
    }

    private void schedule() {
        if (running) {
            scheduler.schedule();
        }
    }

    /** Schedules a recompute unless the last one found no load balancer and no intent changed since. */
    private void scheduleIfAnyLoadBalancer() {
        Set<UUID> withLb = lbVpcs;
        if (withLb == null || !withLb.isEmpty() || dirty.get()) {
            schedule();
        }
    }

    private synchronized void recompute() {
        if (!running) {
            return;
        }
        recomputes.increment();
        dirty.set(false);
        LbIntent intent = LbIntent.from(store);
        Set<UUID> withLb = new HashSet<>();
        intent.loadBalancers().forEach(lb -> withLb.add(lb.vpcId()));
        lbVpcs = Set.copyOf(withLb);
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : store.all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        LoadBalancerCompiler compiler = new LoadBalancerCompiler(topology.current().devices());
        List<PlacedPort> placed = placedPorts.get();
        Map<UUID, Boolean> asked = new HashMap<>();
        LoadBalancerCompiler.Result result = compiler.compile(intent, vpcs, placed, id -> ask(id, asked), zones);
        health.setTargets(result.members(), intent);
        // A member the health checks did not know yet starts with its stored verdict: compile again with it.
        if (asked.entrySet().stream().anyMatch(e -> health.verdict(e.getKey()).orElse(true) != e.getValue())) {
            asked.clear();
            result = compiler.compile(intent, vpcs, placed, id -> ask(id, asked), zones);
        }
        Set<DeviceId> handed = new HashSet<>();
        for (Map.Entry<DeviceId, List<FlowRule>> e : result.rules().entrySet()) {
            DeviceId d = e.getKey();
            boolean connected = connected(d);
            if (!connected) {
                confirmations.disconnected(d);
            }
            List<FlowRule> before = installed.getOrDefault(d, List.of());
            if (!new HashSet<>(before).equals(new HashSet<>(e.getValue())) || confirmations.needsResend(d, connected)) {
                long generation = confirmations.handedOver(d, connected);
                flows.setDesired(LbPipeline.APP_ID, d, e.getValue(), List.of())
                        .whenComplete((res, ex) -> outcome(d, generation, res, ex));
                installed.put(d, e.getValue());
                handed.add(d);
            }
        }
        // A load balancer's rules changed on a switch: it is pending there until that set is confirmed.
        for (Map.Entry<UUID, Map<DeviceId, Integer>> e : result.digests().entrySet()) {
            Map<DeviceId, Integer> old = digests.getOrDefault(e.getKey(), Map.of());
            e.getValue().forEach((d, digest) -> {
                if (!digest.equals(old.get(d))) {
                    changedAt.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(d, confirmations.latest(d));
                }
            });
        }
        digests.clear();
        digests.putAll(result.digests());
        changedAt.keySet().retainAll(digests.keySet());
        lastResult = result;
        compiledIds = intent.ids();
        publishStatuses();
        if (!handed.isEmpty()) {
            log.info("Load balancer: {} load balancers, {} switches reprogrammed", intent.loadBalancers().size(),
                    handed.size());
        }
    }

    private boolean ask(UUID member, Map<UUID, Boolean> asked) {
        boolean up = health.verdict(member).orElse(true);
        asked.put(member, up);
        return up;
    }

    private boolean connected(DeviceId d) {
        return devices.device(d).map(x -> x.connected()).orElse(false);
    }

    private void outcome(DeviceId d, long generation, FlowApplyResult res, Throwable ex) {
        boolean ok = ex == null && res.isSuccess();
        if (ex != null) {
            log.debug("Load-balancer rules on {} not confirmed: {}", d, ex.toString());
            return;
        }
        if (!ok) {
            log.warn("Switch {} refused {} load-balancer rules, e.g. {}: {}", d, res.failures().size(),
                    res.failures().get(0).rule(), res.failures().get(0).error());
        }
        try {
            executor.execute(() -> settled(d, generation, ok));
        } catch (RejectedExecutionException e) {
            log.debug("Load balancer stopped: outcome on {} dropped", d);
        }
    }

    private synchronized void settled(DeviceId d, long generation, boolean ok) {
        if (running && (ok ? confirmations.confirm(d, generation) : confirmations.refuse(d, generation))) {
            publishStatuses();
        }
    }

    /** Writes the statuses that changed (one batch). */
    private void publishStatuses() {
        if (lastResult == null || dirty.get()) {
            return;
        }
        Set<UUID> placed = new HashSet<>();
        lastResult.members().forEach(m -> placed.add(m.member().id()));
        // Compared with what the store holds now (our own writes since the recompute included).
        Map<UUID, LbState> changes = LbStates.changes(LbIntent.from(store), compiledIds::contains, lastResult.devices(),
                placed, health::verdict,
                (lb, d) -> confirmations.state(d, changedAt.getOrDefault(lb, Map.of()).getOrDefault(d, 0L)));
        if (changes.isEmpty()) {
            return;
        }
        try {
            statusSink.accept(changes);
            statusWrites.add(changes.size());
        } catch (RuntimeException e) {
            log.warn("Cannot record the status of {} load-balancing resources: {}", changes.size(), e.toString());
        }
    }

    /** The rules last handed over for a switch. */
    public synchronized List<FlowRule> desired(DeviceId device) {
        return installed.getOrDefault(device, List.of());
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        InboundPacket in = context.inbound();
        if (context.isHandled() || AppId.idOf(in.cookie()) != LbPipeline.APP_ID.id()) {
            return;
        }
        context.block();
        long kind = in.cookie() & ~AppId.appMask();
        if (kind == LbPipeline.COOKIE_PROBE) {
            if (health.onPacket(in)) {
                probeAnswers.increment();
            }
        } else if (kind == LbPipeline.COOKIE_REFUSE) {
            refuse(in);
        }
    }

    /** Answers a refused connection's first packet from the VIP (TCP RST, ICMP port unreachable). */
    private void refuse(InboundPacket in) {
        if (!admit(in.deviceId())) {
            refusalsDropped.increment();
            return;
        }
        Optional<byte[]> answer;
        try {
            answer = refusals.apply(in.data());
        } catch (RuntimeException e) {
            log.debug("Cannot answer a refused connection on {}: {}", in.deviceId(), e.toString());
            return;
        }
        answer.ifPresent(frame -> {
            refused.increment();
            packets.emit(OutboundPacket.of(in.deviceId(), List.of(Action.output(PortNumber.TABLE)), frame));
        });
    }

    /**
     * The answer from the VIP to a client's first packet of a connection its rules refuse (TCP RST,
     * ICMP port unreachable), if it gets one: the client addressed the VIP by the VPC's router MAC
     * (the VIP's ARP answer), which the answer comes from. Anything else gets nothing.
     */
    public static Optional<byte[]> refusal(byte[] clientFrame) {
        if (clientFrame.length < 14) {
            return Optional.empty();
        }
        MacAddress dst = MacAddress.of(clientFrame, 0);
        if ((dst.value() & ~0xffffffL) != Pipeline.ROUTER_MAC_PREFIX) {
            return Optional.empty();
        }
        return Refusals.refuse(clientFrame, dst).map(Refusals.Refusal::frame);
    }

    /** At most {@link #REFUSALS_PER_SECOND} answers per switch and second. */
    private boolean admit(DeviceId d) {
        long now = nanoTime.getAsLong();
        long[] w = refusalWindows.computeIfAbsent(d, k -> new long[] {now, 0});
        synchronized (w) {
            if (now - w[0] >= 1_000_000_000L) {
                w[0] = now;
                w[1] = 0;
            }
            return ++w[1] <= REFUSALS_PER_SECOND;
        }
    }

    /** Counters by name, for operators: its own and the health checks' (probes, answers, transitions). */
    public Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>(health.counters());
        out.put("recomputes", recomputes.sum());
        out.put("refused", refused.sum());
        out.put("refusalsDropped", refusalsDropped.sum());
        out.put("probeAnswers", probeAnswers.sum());
        out.put("statusWrites", statusWrites.sum());
        return Collections.unmodifiableMap(out);
    }
}
