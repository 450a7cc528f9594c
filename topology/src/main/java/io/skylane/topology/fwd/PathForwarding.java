package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.concurrent.CoalescingScheduler;
import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.topology.Host;
import io.skylane.topology.HostEvent;
import io.skylane.topology.HostListener;
import io.skylane.topology.HostService;
import io.skylane.topology.PortClaims;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.host.HostTracker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Topology-aware forwarding, loop-safe on any cabling: proactive rules per destination host along
 * the shortest paths (with ECMP and fast failover groups, see {@link ForwardingCompiler}), and
 * controller-side flooding to edge ports for what has no rule.
 *
 * <p>Rules: the desired state of every switch is recomputed from the current topology snapshot
 * and the known hosts whenever the topology changes, a switch connects or the claimed ports change,
 * and each switch whose state changed gets it through {@link FlowRuleService#setDesired} (the flow
 * rule service sends the difference and audits on reconnect). A host added, moved or removed
 * changes only the rules towards its MAC: they are computed over the paths of the last full
 * recompute ({@link ForwardingCompiler#rulesFor}) and the rules that changed go out through
 * {@link FlowRuleService#apply}, so learning a host costs the same with ten hosts as with ten
 * thousand; if such a host needs a group its switch does not hold yet, a full recompute runs
 * instead. The work runs on the app's executor, one update at a time; events that arrive while one
 * is waiting are folded into it, and it reads the latest snapshot and hosts when it runs.
 * A switch that leaves the snapshot keeps its last desired state (the flow rule service holds it
 * for the reconnect audit) until it comes back. A switch that comes back is alone in the snapshot
 * until discovery finds its links again (one probe round trip): for that moment it wants only its
 * local hosts' rules and the others lose their way to its hosts, and what misses a rule comes to
 * the controller, which delivers it to a known host directly (below).
 *
 * <p>Packet-ins (order {@link PacketProcessor#FORWARDING}, after host tracking; packets already
 * handled are skipped):
 * <ul>
 * <li>at an infrastructure port (or one the snapshot does not have yet): a unicast frame to a known
 *     host is delivered straight to that host's port (its rules are on their way); everything
 *     else is dropped, since the controller's floods never enter infrastructure ports;</li>
 * <li>at an edge port: an ARP request for a known host's address is answered by the controller
 *     (proxy ARP, if enabled); a unicast frame to a known host is delivered straight to the host's
 *     port by a PACKET_OUT on its switch, so the first packets are not lost while rules install;
 *     a broadcast, multicast or unknown unicast frame is flooded by the controller: one PACKET_OUT
 *     per switch of the ingress switch's connected part, to every edge port but the ingress.
 *     Floods never use links, so they cannot loop; a {@link FloodGuard} stops the copies that a
 *     cable not yet discovered would bring back.</li>
 * </ul>
 *
 * <p>Threads: {@link #process} on the I/O threads (reads the current snapshot and the host store,
 * takes no lock), events on the event thread (they only schedule), recomputes on the executor.
 */
public final class PathForwarding implements PacketProcessor {

    private static final Logger log = LoggerFactory.getLogger(PathForwarding.class);

    /** The app's identity, cookie and group id range ({@code 0x0b000000..0x0bffffff}). */
    public static final AppId APP_ID = SkylanePipeline.PATH_FORWARDING;
    private static final int FLOOD_GUARD_ENTRIES = 65_536;

    /**
     * Settings.
     *
     * @param priority   priority of the unicast rules, in the app's band
     *                   ({@link SkylanePipeline#PATH_FORWARDING_RULES}: above the learning switch's,
     *                   below the tenant data plane's and discovery's trap)
     * @param proxyArp   answer ARP requests for known hosts' addresses instead of flooding them
     * @param floodGuard how long a flooded frame is remembered to stop copies coming back (see {@link FloodGuard})
     */
    public record Config(int priority, boolean proxyArp, Duration floodGuard) {
        public Config {
            SkylanePipeline.PATH_FORWARDING_RULES.check(priority);
            checkNotNull(floodGuard, "floodGuard");
            checkArgument(!floodGuard.isNegative() && !floodGuard.isZero(), "floodGuard must be positive");
        }

        /** Priority 1000, proxy ARP on, a 1 s flood guard. */
        public static Config defaults() {
            return new Config(1000, true, Duration.ofSeconds(1));
        }
    }

    private final PacketService packets;
    private final FlowRuleService flows;
    private final DeviceService devices;
    private final TopologyService topology;
    private final HostService hosts;
    private final PortClaims claims;
    private final Runnable claimsListener = this::scheduleFull;
    private final Config config;
    private final FloodGuard guard;
    /** Runs {@link #update}: one at a time, folding the changes that arrive meanwhile. */
    private final CoalescingScheduler updates;
    private final TopologyListener topologyListener = e -> scheduleFull();
    private final HostListener hostListener = new InternalHostListener();
    private final DeviceListener deviceListener = new InternalDeviceListener();
    /** What this app holds on each switch, and how it changes; guarded by this. */
    private final ForwardingProgrammer programmer;
    /** Set by topology, switch and claim changes: the next update recomputes everything. */
    private volatile boolean fullRequested = true;
    /** MACs of the hosts added, moved or removed since the last update. */
    private final Queue<MacAddress> dirtyMacs = new ConcurrentLinkedQueue<>();
    private volatile boolean running;

    private final LongAdder floods = new LongAdder();
    private final LongAdder floodCopiesStopped = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder arpAnswered = new LongAdder();
    private final LongAdder droppedAtInfrastructure = new LongAdder();

    /**
     * @param executor runs the recomputes, one at a time (a single thread, say); with an executor
     *                 that runs tasks at once, every event recomputes on the caller's thread
     */
    public PathForwarding(PacketService packets, FlowRuleService flows, DeviceService devices,
                          TopologyService topology, HostService hosts, Clock clock, Executor executor, Config config) {
        this(packets, flows, devices, topology, hosts, new PortClaims(), clock, executor, config);
    }

    /**
     * As above, leaving alone the edge ports other apps claim (tenant ports): no rules towards hosts
     * there, no floods or deliveries out of them, no packet-ins from them.
     */
    public PathForwarding(PacketService packets, FlowRuleService flows, DeviceService devices,
                          TopologyService topology, HostService hosts, PortClaims claims, Clock clock,
                          Executor executor, Config config) {
        this.claims = checkNotNull(claims, "claims");
        this.packets = checkNotNull(packets, "packets");
        this.flows = checkNotNull(flows, "flows");
        this.devices = checkNotNull(devices, "devices");
        this.topology = checkNotNull(topology, "topology");
        this.hosts = checkNotNull(hosts, "hosts");
        this.updates = new CoalescingScheduler("Path forwarding update", executor, this::update);
        this.config = checkNotNull(config, "config");
        this.programmer = new ForwardingProgrammer(new ForwardingCompiler(APP_ID, config.priority()), flows, devices,
                hosts, claims);
        this.guard = new FloodGuard(config.floodGuard(), FLOOD_GUARD_ENTRIES, checkNotNull(clock, "clock"));
    }

    /** Starts following topology, host and device changes, computes the rules, and handles packet-ins. */
    public void start() {
        running = true;
        topology.addListener(topologyListener);
        hosts.addListener(hostListener);
        devices.addListener(deviceListener);
        claims.addListener(claimsListener);
        packets.addProcessor(this, PacketProcessor.FORWARDING);
        scheduleFull();
        log.info("Path forwarding started: {}", config);
    }

    /** Stops and removes this app's rules and groups from every switch. */
    public void stop() {
        running = false;
        updates.close();
        packets.removeProcessor(this);
        claims.removeListener(claimsListener);
        devices.removeListener(deviceListener);
        hosts.removeListener(hostListener);
        topology.removeListener(topologyListener);
        synchronized (this) {
            programmer.clear();
        }
        flows.removeApp(APP_ID);
        log.info("Path forwarding stopped");
    }

    // ---- desired state ----------------------------------------------------------------------

    /** The topology, a switch or the claims changed: every switch's rules are recomputed. */
    private void scheduleFull() {
        fullRequested = true;
        schedule();
    }

    /** A host with this MAC was added, moved or removed: only the rules towards that MAC change. */
    private void scheduleHost(MacAddress mac) {
        dirtyMacs.add(mac);
        schedule();
    }

    /** Schedules an update unless one is already waiting. */
    private void schedule() {
        if (running) {
            updates.schedule();
        }
    }

    /**
     * Applies what changed since the last run: a full recompute after a topology, switch or claim
     * change (or when the snapshot moved on), otherwise only the rules towards the hosts whose MAC
     * had an event, over the paths of the last full recompute.
     */
    private synchronized void update() {
        if (!running) {
            return;
        }
        boolean full = fullRequested;
        fullRequested = false;
        Set<MacAddress> macs = new HashSet<>();
        for (MacAddress m; (m = dirtyMacs.poll()) != null; ) {
            macs.add(m);
        }
        TopologySnapshot snapshot = topology.current();
        if (full || !programmer.isBasedOn(snapshot) || !programmer.updateHosts(macs)) {
            programmer.recompute(snapshot);
        }
    }

    /** The desired state last handed to the flow rule service for a switch (empty if none). */
    public synchronized DesiredState desired(DeviceId device) {
        return programmer.desired(checkNotNull(device, "device"));
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inbound();
        Ethernet eth = in.ethernet();
        if (eth.isLldp() || eth.destination().equals(HostTracker.PROBE_MAC)) {
            context.block(); // discovery's probes, and hosts' answers to the host tracker's probes
            return;
        }
        TopologySnapshot snapshot = topology.current();
        ConnectPoint from = in.receivedFrom();
        if (claims.isClaimed(from)) {
            context.block(); // a tenant port: the tenant data plane's, never lab forwarding's
            return;
        }
        MacAddress dst = eth.destination();
        boolean edge = snapshot.edgePorts(from.deviceId()).contains(from.port());
        Optional<Host> known = dst.isMulticast() ? Optional.empty()
                : ForwardingCompiler.preferred(hosts.hostsByMac(dst), snapshot);
        if (!edge) {
            if (known.isPresent()) {
                deliver(context, known.get(), snapshot);
            } else {
                droppedAtInfrastructure.increment();
                context.block();
            }
        } else if (known.isPresent()) {
            deliver(context, known.get(), snapshot);
        } else if (eth.source().isMulticast()) {
            context.block();
        } else if (!(config.proxyArp() && answerArp(context, eth, snapshot))) {
            flood(context, snapshot);
        }
    }

    /** Sends the packet straight out of the host's port (PACKET_OUT on the host's switch). */
    private void deliver(PacketContext context, Host host, TopologySnapshot snapshot) {
        InboundPacket in = context.inbound();
        ConnectPoint from = in.receivedFrom();
        ConnectPoint to = host.location();
        if (to.equals(from) || claims.isClaimed(to) || !FloodPlan.of(snapshot).connected(from.deviceId(), to.deviceId())) {
            context.block();
            return;
        }
        List<Action> out = List.of(Action.output(to.port()));
        if (to.deviceId().equals(from.deviceId())) {
            context.send(out);
        } else if (isWhole(in)) {
            packets.emit(OutboundPacket.of(to.deviceId(), out, in.data()));
            context.block();
        } else {
            context.block();
            return;
        }
        delivered.increment();
    }

    /**
     * Answers an ARP request for the address of a known host (reachable from here, and not the
     * asker itself) out of the port it came in on. Returns false if it is not such a request.
     */
    private boolean answerArp(PacketContext context, Ethernet eth, TopologySnapshot snapshot) {
        Optional<Arp> parsed = eth.arp();
        if (parsed.isEmpty() || !parsed.get().isRequest()) {
            return false;
        }
        Arp arp = parsed.get();
        Ip4Address target = arp.targetIp();
        if (target.equals(arp.senderIp())) {
            return false; // gratuitous: announce it to everyone
        }
        ConnectPoint from = context.inbound().receivedFrom();
        FloodPlan plan = FloodPlan.of(snapshot);
        Set<MacAddress> owners = hosts.hostsByIp(target).stream()
                .filter(h -> snapshot.edgePorts(h.location().deviceId()).contains(h.location().port()))
                .filter(h -> !claims.isClaimed(h.location()))
                .filter(h -> plan.connected(from.deviceId(), h.location().deviceId()))
                .map(Host::mac)
                .collect(Collectors.toSet());
        if (owners.size() != 1 || owners.contains(arp.senderMac())) {
            return false; // unknown, claimed by several hosts, or the asker's own: let the owner(s) answer
        }
        MacAddress owner = owners.iterator().next();
        packets.emit(OutboundPacket.of(from.deviceId(), List.of(Action.output(from.port())),
                arp.replyFrame(owner, eth.vlan())));
        context.block();
        arpAnswered.increment();
        return true;
    }

    /** Sends the packet out of every edge port of the ingress switch's part but the ingress port. */
    private void flood(PacketContext context, TopologySnapshot snapshot) {
        InboundPacket in = context.inbound();
        ConnectPoint from = in.receivedFrom();
        if (!guard.admit(in.data(), from)) {
            floodCopiesStopped.increment();
            log.debug("Not flooding {} again from {}: a copy of a frame flooded from another port", in, from);
            context.block();
            return;
        }
        floods.increment();
        boolean whole = isWhole(in);
        for (Map.Entry<DeviceId, List<Action>> e : FloodPlan.of(snapshot).outputsOfPart(from.deviceId()).entrySet()) {
            List<Action> outs = unclaimed(e.getKey(), e.getValue());
            if (outs.isEmpty()) {
                continue;
            }
            if (e.getKey().equals(from.deviceId())) {
                List<Action> out = FloodPlan.without(outs, from.port());
                if (!out.isEmpty()) {
                    context.send(out);
                }
            } else if (whole) {
                packets.emit(OutboundPacket.of(e.getKey(), outs, in.data()));
            }
        }
        if (!context.isHandled()) {
            context.block();
        }
    }

    /** The outputs of a flood on {@code device} that go to no claimed port. */
    private List<Action> unclaimed(DeviceId device, List<Action> outputs) {
        if (claims.claimed().isEmpty()) {
            return outputs;
        }
        List<Action> out = new java.util.ArrayList<>(outputs.size());
        for (Action a : outputs) {
            if (!(a instanceof Action.Output) || !claims.isClaimed(ConnectPoint.of(device, ((Action.Output) a).port()))) {
                out.add(a);
            }
        }
        return out;
    }

    /** True if the packet-in carries the whole frame (it can be sent out of other switches). */
    private static boolean isWhole(InboundPacket in) {
        return in.data().length >= in.totalLength();
    }

    // ---- operations -------------------------------------------------------------------------

    /** Counters by name, for operators. */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .putAll(programmer.counters())
                .put("floods", floods.sum())
                .put("floodCopiesStopped", floodCopiesStopped.sum())
                .put("delivered", delivered.sum())
                .put("arpAnswered", arpAnswered.sum())
                .put("droppedAtInfrastructure", droppedAtInfrastructure.sum())
                .build();
    }

    @Override
    public String toString() {
        return "PathForwarding" + config;
    }

    /** Hosts added, moved or removed change the rules; a new address does not. */
    private final class InternalHostListener implements HostListener {
        @Override
        public boolean isRelevant(HostEvent event) {
            return event.type() != HostEvent.Type.HOST_UPDATED;
        }

        @Override
        public void event(HostEvent event) {
            scheduleHost(event.subject().mac()); // a move keeps the MAC (hosts are MAC + VLAN)
        }
    }

    /** A switch that connects may have another OpenFlow version (groups or not) than last time. */
    private final class InternalDeviceListener implements DeviceListener {
        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.type() == DeviceEvent.Type.DEVICE_CONNECTED;
        }

        @Override
        public void event(DeviceEvent event) {
            scheduleFull();
        }
    }
}
