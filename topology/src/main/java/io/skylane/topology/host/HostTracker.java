package io.skylane.topology.host;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.flow.Action;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.topology.Host;
import io.skylane.topology.Host.HostId;
import io.skylane.topology.HostEvent;
import io.skylane.topology.HostListener;
import io.skylane.topology.HostService;
import io.skylane.topology.TopologyEvent;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns end hosts from the packets they send: the sender of an ARP packet (its MAC and IP) and
 * the source of an IPv4 packet, at edge ports only, never at a port that is infrastructure (has a
 * link) in the current topology snapshot. Group and zero source MACs are ignored, and so are
 * 0.0.0.0 and group source IPs (the host is learned without that address). An ARP packet whose
 * sender MAC is not its Ethernet source says nothing about where its sender is: ignored.
 *
 * <p>A host is its MAC and VLAN. The same host at another edge port has moved
 * ({@link HostEvent.Type#HOST_MOVED}); a new address is an update ({@link HostEvent.Type#HOST_UPDATED},
 * at most {@link #MAX_IPS_PER_HOST} addresses per host). A host not seen for the host age is
 * removed, and so is a host whose port stops being an edge port: a link was discovered there, the
 * port went down or away, or its switch disconnected (all of which publish a topology event).
 *
 * <p>At most {@code maxHosts} hosts are kept. When full, new hosts are refused (and counted) until
 * others age out; refusing, rather than evicting the oldest, keeps the known hosts when someone
 * floods the network with made-up MACs, and costs nothing on the packet path.
 *
 * <p>{@link #process} runs on the I/O threads, as an observer: it never blocks a packet. Seeing a
 * known host again unchanged takes no lock and posts nothing; only a change takes the store's
 * monitor, and the event is posted after it is released.
 */
public final class HostTracker implements PacketProcessor, HostService {

    private static final Logger log = LoggerFactory.getLogger(HostTracker.class);

    /** Addresses kept per host; more are not recorded (and counted). */
    public static final int MAX_IPS_PER_HOST = 16;
    private static final long WARN_INTERVAL_MILLIS = 10_000;
    /**
     * Source MAC of the controller's host probes (locally administered; no host uses it). Answers
     * to it are for the host tracker only: forwarding apps drop them.
     */
    public static final MacAddress PROBE_MAC = new MacAddress(0x0e5c1a000001L);

    /** How long a host seen at its edge port is not moved by a frame arriving elsewhere. */
    static final long MOVE_HOLD_DOWN_MILLIS = 1_000;

    /**
     * Settings.
     *
     * @param maxHosts hosts kept at most; new ones are refused beyond
     * @param hostAge  a host not seen for this long is removed; expired hosts go within a tenth of
     *                 this (at most 10 s, at least 1 s) after
     */
    public record Config(int maxHosts, Duration hostAge) {
        public Config {
            checkArgument(maxHosts > 0, "maxHosts must be positive");
            checkNotNull(hostAge, "hostAge");
            checkArgument(hostAge.toSeconds() >= 1, "hostAge must be at least 1 s");
        }

        /** 10 000 hosts, 300 s age. */
        public static Config defaults() {
            return new Config(10_000, Duration.ofSeconds(300));
        }

        long sweepMillis() {
            return Math.max(1000, Math.min(10_000, hostAge.toMillis() / 10));
        }
    }

    private final PacketService packets;
    private final TopologyService topology;
    private final EventDeliveryService events;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Config config;
    private final HostStore store;
    private final ListenerRegistry<HostEvent, HostListener> listeners = new ListenerRegistry<>();
    private final TopologyListener topologyListener = new InternalTopologyListener();
    private ScheduledFuture<?> sweeper;

    private final LongAdder notEdge = new LongAdder();
    private final LongAdder ignored = new LongAdder();
    private final LongAdder moveHeld = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private final Map<HostId, Long> probedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private final LongAdder refused = new LongAdder();
    private final LongAdder added = new LongAdder();
    private final LongAdder moved = new LongAdder();
    private final LongAdder removed = new LongAdder();
    private final AtomicLong lastRefusedWarn = new AtomicLong();
    private final AtomicLong lastMoveLog = new AtomicLong();

    /**
     * @param topology  consulted for the edge ports; its events remove hosts at ports that stop being edge
     * @param scheduler runs the ageing sweep; not shut down by {@link #stop}
     */
    public HostTracker(PacketService packets, TopologyService topology, EventDeliveryService events, Clock clock,
                       ScheduledExecutorService scheduler, Config config) {
        this.packets = checkNotNull(packets, "packets");
        this.topology = checkNotNull(topology, "topology");
        this.events = checkNotNull(events, "events");
        this.clock = checkNotNull(clock, "clock");
        this.scheduler = checkNotNull(scheduler, "scheduler");
        this.config = checkNotNull(config, "config");
        this.store = new HostStore(config.maxHosts(), MAX_IPS_PER_HOST);
    }

    /** Starts observing packet-ins and topology changes, and the ageing sweep. */
    public synchronized void start() {
        topology.addListener(topologyListener);
        packets.addProcessor(this, PacketProcessor.OBSERVER);
        long period = config.sweepMillis();
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
        log.info("Host tracker started: {}", config);
    }

    /** Stops; the hosts known stay readable. */
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        packets.removeProcessor(this);
        topology.removeListener(topologyListener);
        log.info("Host tracker stopped with {} hosts", store.size());
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        InboundPacket in = context.inbound();
        Ethernet eth = in.ethernet();
        MacAddress mac;
        Ip4Address ip;
        if (eth.etherType() == EthType.ARP) {
            Arp arp = eth.arp().orElseThrow();
            if (!arp.senderMac().equals(eth.source())) {
                ignored.increment();
                return;
            }
            mac = arp.senderMac();
            ip = arp.senderIp();
        } else if (eth.etherType() == EthType.IPV4) {
            mac = eth.source();
            ip = eth.ipv4().orElseThrow().source();
        } else {
            return;
        }
        if (mac.isMulticast() || mac.equals(MacAddress.ZERO)) {
            ignored.increment();
            return;
        }
        if (!isHostAddress(ip)) {
            ip = null;
        }
        ConnectPoint location = in.receivedFrom();
        HostId id = new HostId(mac, eth.vlan());
        if (store.touch(id, location, ip, clock.millis())) {
            return;
        }
        if (store.refusesNew(id)) {
            refusedFull(id, location);
            return;
        }
        if (recentlySeenElsewhere(id, location)) {
            moveHeld.increment();
            log.debug("Not moving {} to {}: seen at its edge port less than {} ms ago", id, location,
                    MOVE_HOLD_DOWN_MILLIS);
            return;
        }
        if (!isEdge(location)) {
            notEdge.increment();
            log.debug("Not learning {} at {}: not an edge port", id, location);
            return;
        }
        HostStore.Learned learned = store.learn(id, location, ip, clock.instant(), this::isEdge);
        switch (learned.outcome()) {
            case ADDED -> {
                added.increment();
                log.debug("Host {} {} found at {}", id, learned.event().subject().ips(), location);
            }
            case MOVED -> {
                moved.increment();
                ConnectPoint from = learned.event().previous().map(Host::location).orElse(null);
                if (rateLimited(lastMoveLog)) {
                    log.info("Host {} moved from {} to {} ({} moves so far; more for 10 s at DEBUG)", id, from,
                            location, moved.sum());
                } else {
                    log.debug("Host {} moved from {} to {}", id, from, location);
                }
            }
            case UPDATED -> log.debug("Host {} at {} uses {}", id, location, ip);
            case REFUSED_FULL -> refusedFull(id, location);
            case REFUSED_NOT_EDGE -> notEdge.increment();
            default -> {
            }
        }
        if (learned.event() != null) {
            events.post(learned.event(), listeners);
        }
    }

    /**
     * True when the host was seen at another port, still an edge port, within the hold-down. A
     * frame of a host can reach the controller from a second port for a moment: a copy flooded out
     * of a port whose cable discovery has not seen yet (a switch that just connected) comes back in
     * elsewhere. Believing it would move the host away from its real port, and the host would then
     * be dropped once the cable is found. A real move is seen on the host's next frame after the
     * hold-down (hosts announce themselves with a gratuitous ARP, and keep talking).
     */
    private boolean recentlySeenElsewhere(HostId id, ConnectPoint location) {
        Optional<Host> known = store.host(id);
        if (known.isEmpty() || known.get().location().equals(location)) {
            return false;
        }
        Host h = known.get();
        return clock.millis() - h.lastSeen().toEpochMilli() < MOVE_HOLD_DOWN_MILLIS && isEdge(h.location());
    }

    /** A unicast source address: not 0.0.0.0, not multicast, broadcast or class E. */
    private static boolean isHostAddress(Ip4Address ip) {
        return !ip.equals(Ip4Address.ZERO) && (ip.value() >>> 28) < 0xe;
    }

    /** An edge port (enabled, physical, no link) of a connected switch in the current snapshot. */
    private boolean isEdge(ConnectPoint cp) {
        return topology.current().edgePorts(cp.deviceId()).contains(cp.port());
    }

    private void refusedFull(HostId id, ConnectPoint location) {
        refused.increment();
        if (rateLimited(lastRefusedWarn)) {
            log.warn("Host table full ({} hosts): refusing {} at {} ({} refused so far; more for 10 s at DEBUG)",
                    config.maxHosts(), id, location, refused.sum());
        } else {
            log.debug("Host table full: refusing {} at {}", id, location);
        }
    }

    /** True at most once per {@link #WARN_INTERVAL_MILLIS} for one {@code last} (then it is logged at INFO or WARN). */
    private static boolean rateLimited(AtomicLong last) {
        long now = System.currentTimeMillis();
        long before = last.get();
        return now - before >= WARN_INTERVAL_MILLIS && last.compareAndSet(before, now);
    }

    // ---- removals ---------------------------------------------------------------------------

    /** Removes the hosts not seen for the host age. */
    private void sweep() {
        try {
            Instant now = clock.instant();
            List<HostEvent> gone = store.expire(now.toEpochMilli() - config.hostAge().toMillis(), now);
            post(gone, "not seen for " + config.hostAge().toSeconds() + " s");
            probeQuietHosts(now.toEpochMilli());
        } catch (RuntimeException e) {
            log.warn("Host ageing failed: {}", e.toString());
        }
    }

    /**
     * Asks hosts that have been quiet for half the host age whether they are still there: a
     * unicast ARP request from {@link #PROBE_MAC} (sender address 0.0.0.0, as an RFC 5227 probe) out
     * of the host's port. With proactive rules a host's traffic no longer reaches the controller;
     * without probes it would be aged out, its rules removed, and traffic to it flooded. Its answer
     * (to a MAC no rule knows) comes back as a packet-in and refreshes it. At most one probe per
     * host per quarter of the age.
     */
    private void probeQuietHosts(long now) {
        long quiet = config.hostAge().toMillis() / 2;
        for (Host h : store.hosts()) {
            long seen = h.lastSeen().toEpochMilli();
            if (now - seen < quiet || h.ips().isEmpty()) {
                continue;
            }
            Long last = probedAt.get(h.id());
            if (last != null && last >= seen && now - last < quiet / 2) {
                continue;
            }
            probedAt.put(h.id(), now);
            Ip4Address ip = h.ips().iterator().next();
            byte[] frame = Ethernet.build(h.mac(), PROBE_MAC, h.vlan(), EthType.ARP,
                    new Arp(Arp.REQUEST, PROBE_MAC, Ip4Address.ZERO, MacAddress.ZERO, ip).toBytes());
            try {
                packets.emit(OutboundPacket.of(h.location().deviceId(), List.of(Action.output(h.location().port())), frame));
                probes.increment();
            } catch (RuntimeException e) {
                log.debug("Cannot probe host {} at {}: {}", h.id(), h.location(), e.toString());
            }
        }
        probedAt.keySet().removeIf(id -> store.host(id).isEmpty());
    }

    /** The topology changed: hosts whose port is no longer an edge port go. */
    private void topologyChanged() {
        TopologySnapshot now = topology.current();
        List<HostEvent> gone = store.removeIf(
                h -> !now.edgePorts(h.location().deviceId()).contains(h.location().port()), clock.instant());
        post(gone, "port no longer an edge port (link found, port down or switch gone)");
    }

    private void post(List<HostEvent> gone, String reason) {
        if (gone.isEmpty()) {
            return;
        }
        removed.add(gone.size());
        if (gone.size() == 1) {
            Host h = gone.get(0).subject();
            log.info("Host {} at {} removed: {}", h.id(), h.location(), reason);
        } else {
            log.info("{} hosts removed: {}", gone.size(), reason);
        }
        gone.forEach(e -> events.post(e, listeners));
    }

    // ---- HostService ------------------------------------------------------------------------

    @Override
    public Collection<Host> hosts() {
        return store.hosts();
    }

    @Override
    public Optional<Host> host(HostId id) {
        return store.host(checkNotNull(id, "id"));
    }

    @Override
    public Set<Host> hostsByMac(MacAddress mac) {
        return store.byMac(checkNotNull(mac, "mac"));
    }

    @Override
    public Set<Host> hostsByIp(Ip4Address ip) {
        return store.byIp(checkNotNull(ip, "ip"));
    }

    @Override
    public Set<Host> hostsAt(ConnectPoint location) {
        return store.at(checkNotNull(location, "location"));
    }

    @Override
    public void addListener(HostListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(HostListener listener) {
        listeners.remove(listener);
    }

    /** Counters by name, for operators. */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("hosts", (long) store.size())
                .put("added", added.sum())
                .put("moved", moved.sum())
                .put("removed", removed.sum())
                .put("refusedFull", refused.sum())
                .put("refusedIps", store.ipsRefused())
                .put("notEdge", notEdge.sum())
                .put("ignored", ignored.sum())
                .put("move_held", moveHeld.sum())
                .put("probes", probes.sum())
                .build();
    }

    @Override
    public String toString() {
        return "HostTracker";
    }

    private final class InternalTopologyListener implements TopologyListener {
        @Override
        public void event(TopologyEvent event) {
            topologyChanged();
        }
    }
}
