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
import io.skylane.core.net.MacAddress;
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
import io.skylane.vpc.dataplane.dhcp.DhcpServer;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedPort;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentListener;
import io.skylane.vpc.store.IntentStore;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenant data plane: turns the intent store and the topology into every switch's tenant rules
 * ({@link VpcCompiler}, through the flow rule service), claims the switch ports of tenant ports
 * from lab forwarding, learns where unbound ports are from their MAC (lab mode), answers the
 * ARP requests tenant ports send (gateways with the VPC's router MAC, other ports of the same VPC
 * with their MAC, nothing else) and their DHCP clients (the port's fixed IP with its subnet's
 * configuration, see {@link DhcpServer}). Recomputes run on the executor, one at a time, folding
 * the changes that arrive meanwhile; packet-ins are handled on the I/O threads without locks, with
 * a few map look-ups in the intent store.
 */
public final class VpcManager implements PacketProcessor {

    private static final Logger log = LoggerFactory.getLogger(VpcManager.class);
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
    private final BiConsumer<UUID, Port.Status> statusSink;
    private final TenantResponder responder;
    /** Per switch: how many rule sets were handed over, and the last one the switch confirmed. */
    private final Map<DeviceId, Long> sent = new HashMap<>();
    private final Map<DeviceId, Long> confirmed = new HashMap<>();
    private List<PlacedPort> lastPlaced = List.of();
    /** Runs {@link #recompute}: one at a time, folding the changes that arrive meanwhile. */
    private final CoalescingScheduler scheduler;
    private final Map<DeviceId, List<FlowRule>> installed = new HashMap<>();
    /** Where ports without a binding were seen (lab mode), by port id. */
    private final Map<UUID, ConnectPoint> learned = new ConcurrentHashMap<>();
    /**
     * Switch ports whose tenant port went away (deleted, unbound or moved): still claimed, so the
     * host left there is not picked up by lab forwarding, until the switch port goes down or is
     * removed (something else gets plugged in) or another tenant port is placed there.
     */
    private final Set<ConnectPoint> quarantined = ConcurrentHashMap.newKeySet();
    /** Ports without a binding, by MAC, as of the last recompute: what a frame's source may place. */
    private volatile Map<MacAddress, List<Port>> unboundByMac = Map.of();
    /** The tenant port at each claimed switch port, as of the last recompute. */
    private volatile Map<ConnectPoint, Port> portsAt = Map.of();
    private volatile boolean running;
    private final LongAdder recomputes = new LongAdder();
    private final LongAdder learnedBindings = new LongAdder();
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
                if (event.type() == DeviceEvent.Type.PORT_REMOVED || !p.isEnabled()) {
                    // Unplugged (or the cable pulled): whatever sat there is gone; the port is free again.
                    if (quarantined.remove(ConnectPoint.of(event.subject().id(), p.number()))) {
                        schedule();
                    }
                }
                return;
            }
            schedule();
        }
    };

    /**
     * @param statusSink told the data-plane status of a port when it changes ({@code ACTIVE} once
     *                   its rules are confirmed on its switch, {@code DOWN} otherwise)
     */
    public VpcManager(IntentStore store, TopologyService topology, DeviceService devices, FlowRuleService flows,
                      PacketService packets, PortClaims claims, Executor executor,
                      BiConsumer<UUID, Port.Status> statusSink) {
        this.statusSink = checkNotNull(statusSink, "statusSink");
        this.store = checkNotNull(store, "store");
        this.topology = checkNotNull(topology, "topology");
        this.devices = checkNotNull(devices, "devices");
        this.flows = checkNotNull(flows, "flows");
        this.packets = checkNotNull(packets, "packets");
        this.claims = checkNotNull(claims, "claims");
        this.executor = checkNotNull(executor, "executor");
        this.scheduler = new CoalescingScheduler("Tenant data plane recompute", executor, this::recompute);
        this.responder = new TenantResponder(store, packets);
    }

    public void start() {
        running = true;
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
            installed.clear();
            sent.clear();
            confirmed.clear();
        }
        claims.claim(CLAIM_OWNER, Set.of());
        flows.removeApp(Pipeline.APP_ID);
    }

    private void intentChanged(long seq, List<Change> changes) {
        for (Change c : changes) {
            ResourceType t = c.type();
            if (t == ResourceType.PORT && c.before() != null && c.after() != null
                    && sameForwarding((Port) c.before(), (Port) c.after())) {
                continue; // a status, name or tag change: no rule depends on it
            }
            if (t == ResourceType.VPC || t == ResourceType.SUBNET || t == ResourceType.PORT
                    || t == ResourceType.SECURITY_GROUP || t == ResourceType.SECURITY_GROUP_RULE) {
                if (c.after() == null && t == ResourceType.PORT) {
                    learned.remove(c.id());
                }
                schedule();
                return;
            }
        }
    }

    private static boolean sameForwarding(Port a, Port b) {
        return a.vpcId().equals(b.vpcId()) && a.fixedIps().equals(b.fixedIps()) && a.macAddress().equals(b.macAddress())
                && a.portSecurityEnabled() == b.portSecurityEnabled()
                && a.allowedAddressPairs().equals(b.allowedAddressPairs())
                && java.util.Objects.equals(a.binding(), b.binding()) && a.adminStateUp() == b.adminStateUp()
                && a.securityGroups().equals(b.securityGroups());
    }

    private void schedule() {
        if (running) {
            scheduler.schedule();
        }
    }

    /** Recomputes every switch's tenant rules and hands over those that changed. */
    private synchronized void recompute() {
        if (!running) {
            return;
        }
        recomputes.increment();
        TopologySnapshot snapshot = topology.current();
        Map<UUID, Vpc> vpcs = new HashMap<>();
        for (Resource r : store.all(ResourceType.VPC)) {
            vpcs.put(r.id(), (Vpc) r);
        }
        List<PlacedPort> placed = new ArrayList<>();
        Map<ConnectPoint, Port> at = new HashMap<>();
        Set<ConnectPoint> claimed = new HashSet<>();
        Map<MacAddress, List<Port>> unbound = new HashMap<>();
        for (Resource r : store.all(ResourceType.PORT)) {
            Port p = (Port) r;
            if (p.binding() == null) {
                unbound.computeIfAbsent(p.macAddress(), k -> new ArrayList<>()).add(p);
            }
            Optional<ConnectPoint> where = location(p);
            if (where.isEmpty()) {
                continue;
            }
            claimed.add(where.get());
            at.put(where.get(), p);
            if (p.adminStateUp()) {
                placed.add(new PlacedPort(p, where.get()));
            }
        }
        for (ConnectPoint was : portsAt.keySet()) {
            if (!at.containsKey(was)) {
                quarantined.add(was);
            }
        }
        quarantined.removeAll(at.keySet());
        claimed.addAll(quarantined);
        portsAt = Map.copyOf(at);
        unboundByMac = unbound;
        responder.refresh(store.all(ResourceType.VPC), store.all(ResourceType.SUBNET), store.all(ResourceType.PORT));
        claims.claim(CLAIM_OWNER, claimed);
        Map<DeviceId, List<FlowRule>> next = new VpcCompiler(snapshot, PathComputer.of(snapshot, LinkWeigher.HOP_COUNT))
                .compile(vpcs, placed, acl(), gateways());
        int changed = 0;
        for (Map.Entry<DeviceId, List<FlowRule>> e : next.entrySet()) {
            List<FlowRule> before = installed.getOrDefault(e.getKey(), List.of());
            DeviceId d = e.getKey();
            boolean connected = devices.device(d).map(x -> x.connected()).orElse(false);
            if (!connected) {
                confirmed.remove(d);
            }
            if (!new HashSet<>(before).equals(new HashSet<>(e.getValue()))
                    || (connected && !sent.containsKey(d))) {
                long generation = sent.merge(d, 1L, Long::sum);
                confirmed.remove(d);
                flows.setDesired(Pipeline.APP_ID, d, e.getValue(), List.of())
                        .whenComplete((res, ex) -> outcome(d, generation, res, ex));
                installed.put(d, e.getValue());
                changed++;
            }
        }
        lastPlaced = List.copyOf(placed);
        updateStatuses(store.all(ResourceType.PORT));
        if (changed > 0) {
            log.info("Tenant data plane: {} ports placed, {} switches reprogrammed", placed.size(), changed);
        }
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
        if (running && sent.getOrDefault(d, 0L) == generation) {
            confirmed.put(d, generation);
            updateStatuses(store.all(ResourceType.PORT));
        }
    }

    /** ACTIVE for a port placed on a connected switch that confirmed its latest rules, DOWN for the rest. */
    private void updateStatuses(java.util.Collection<Resource> ports) {
        Map<UUID, DeviceId> placedOn = new HashMap<>();
        for (PlacedPort p : lastPlaced) {
            placedOn.put(p.port().id(), p.location().deviceId());
        }
        for (Resource r : ports) {
            Port p = (Port) r;
            DeviceId d = placedOn.get(p.id());
            Port.Status want = d != null && confirmed.containsKey(d)
                    && devices.device(d).map(x -> x.connected()).orElse(false) ? Port.Status.ACTIVE : Port.Status.DOWN;
            if (p.status() != want) {
                try {
                    statusSink.accept(p.id(), want);
                } catch (RuntimeException e) {
                    log.warn("Cannot record the status of port {}: {}", p.id(), e.toString());
                }
            }
        }
    }

    /** The IPv4 gateway addresses of each VPC's subnets. */
    private Map<UUID, List<Ip4Address>> gateways() {
        Map<UUID, List<Ip4Address>> out = new HashMap<>();
        for (Resource r : store.all(ResourceType.SUBNET)) {
            Subnet s = (Subnet) r;
            if (s.gatewayIp() instanceof Inet4Address) {
                out.computeIfAbsent(s.vpcId(), k -> new ArrayList<>()).add(Ip4Address.of(s.gatewayIp().getAddress(), 0));
            }
        }
        return out;
    }

    /** Every group's rules and members (the IPv4 fixed addresses of the ports in it). */
    private Acl acl() {
        return Acl.from(store.all(ResourceType.SECURITY_GROUP_RULE), store.all(ResourceType.PORT));
    }

    /** The explicit binding, or where the port's MAC was seen. */
    private Optional<ConnectPoint> location(Port p) {
        if (p.binding() != null) {
            return Optional.of(ConnectPoint.of(p.binding().dpid(), p.binding().port()));
        }
        return Optional.ofNullable(learned.get(p.id()));
    }

    /** The rules last handed over for a switch. */
    public synchronized List<FlowRule> desired(DeviceId device) {
        return installed.getOrDefault(device, List.of());
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inbound();
        ConnectPoint from = in.receivedFrom();
        Port port = portsAt.get(from);
        Ethernet eth;
        try {
            eth = in.ethernet();
        } catch (RuntimeException e) {
            return;
        }
        if (port == null) {
            learn(context, eth, from);
            if (quarantined.contains(from)) {
                context.block(); // left behind by a tenant port: nobody's traffic
            }
            return;
        }
        punted.increment();
        context.block(); // whatever a tenant port sends to the controller is the tenant data plane's
        responder.answer(in, from, port, eth);
    }

    /** A frame from an unclaimed edge port whose source MAC is exactly one unplaced tenant port's. */
    private void learn(PacketContext context, Ethernet eth, ConnectPoint from) {
        MacAddress src = eth.source();
        if (src.isMulticast() || topology.current().linkFrom(from).isPresent()
                || !topology.current().edgePorts(from.deviceId()).contains(from.port())) {
            return;
        }
        Port match = null;
        for (Port p : unboundByMac.getOrDefault(src, List.of())) {
            if (!learned.containsKey(p.id())) {
                if (match != null) {
                    log.warn("MAC {} at {} belongs to several unbound tenant ports; not binding it", src, from);
                    return;
                }
                match = p;
            }
        }
        if (match == null) {
            return;
        }
        for (Map.Entry<UUID, ConnectPoint> e : learned.entrySet()) {
            if (e.getValue().equals(from) && store.get(ResourceType.PORT, e.getKey()) != null) {
                return; // another tenant port already sits there
            }
        }
        learned.put(match.id(), from);
        learnedBindings.increment();
        log.info("Tenant port {} (MAC {}) found at {}", match.id(), src, from);
        context.block();
        schedule();
    }

    /** Counters by name, for operators. */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("recomputes", recomputes.sum())
                .put("learnedBindings", learnedBindings.sum())
                .put("punted", punted.sum())
                .putAll(responder.counters())
                .build();
    }

    /** The switch port each placed tenant port is at (explicit or learned). */
    public Map<ConnectPoint, Port> portsAt() {
        return portsAt;
    }
}
