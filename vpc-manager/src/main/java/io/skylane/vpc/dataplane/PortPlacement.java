package io.skylane.vpc.dataplane;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.MacAddress;
import io.skylane.topology.TopologySnapshot;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.pipeline.PlacedPort;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where tenant ports are: at their binding's switch port, or (a port without one, in labs) where a
 * frame from its MAC first arrived at an unclaimed edge port; a port bound to a switch only (a
 * hypervisor's bridge) is learned the same way, but only at an edge port of that switch, and again
 * when that switch port goes down or away or the binding names another switch. Keeps the switch ports a tenant port left
 * (deleted, unbound or moved) quarantined, still claimed, so the host left there is not picked up
 * by lab forwarding, until that switch port goes down or is removed or another tenant port is
 * placed there. {@link #place} runs on the recompute thread; {@link #learn} and the look-ups on
 * the I/O threads, lock free.
 */
final class PortPlacement {

    private static final Logger log = LoggerFactory.getLogger(PortPlacement.class);

    /** Where the ports learned by MAC were seen, by port id (kept in memory only). */
    private final Map<UUID, ConnectPoint> learned = new ConcurrentHashMap<>();
    private final Set<ConnectPoint> quarantined = ConcurrentHashMap.newKeySet();
    /** Ports learned by MAC (no binding, or a switch only), by MAC: what a frame's source may place (lists replaced, never changed). */
    private volatile Map<MacAddress, List<Port>> unboundByMac = new ConcurrentHashMap<>();
    /** The tenant port at each claimed switch port. */
    private volatile Map<ConnectPoint, Port> portsAt = new ConcurrentHashMap<>();
    /** The MAC of each port learned by MAC (recompute thread only). */
    private final Map<UUID, MacAddress> unboundMac = new HashMap<>();
    /** Where each port with a location is (recompute thread only). */
    private final Map<UUID, ConnectPoint> located = new HashMap<>();
    /** The switch ports claimed as of the last placement (recompute thread only). */
    private Set<ConnectPoint> claimed = new HashSet<>();
    private final LongAdder learnedBindings = new LongAdder();
    /** Frames from the MAC of a port bound to a switch only, seen at an edge port of another switch. */
    private final LongAdder misplacedMacs = new LongAdder();
    /** The ports whose MAC was logged at the wrong switch (once each, until they are learned). */
    private final Set<UUID> misplacedLogged = ConcurrentHashMap.newKeySet();

    /** What a placement found: the ports to compile (admin state up) and every switch port to claim. */
    record Placement(List<PlacedPort> placed, Set<ConnectPoint> claimed) {
    }

    /**
     * What an update of some ports found: each one's placement now (those of {@code placed} are to
     * compile, the others of {@code updated} are not placed or not up), and the switch ports that
     * became claimed and no longer are.
     */
    record Update(Set<UUID> updated, Map<UUID, PlacedPort> placed, Set<ConnectPoint> claim,
                  Set<ConnectPoint> release) {
    }

    /** Places every port; remembers where each is for the packet-in look-ups. */
    Placement place(Collection<? extends Resource> ports) {
        List<PlacedPort> placed = new ArrayList<>();
        Map<ConnectPoint, Port> at = new ConcurrentHashMap<>();
        Map<MacAddress, List<Port>> unbound = new ConcurrentHashMap<>();
        Map<UUID, ConnectPoint> where = new HashMap<>();
        Map<UUID, MacAddress> macs = new HashMap<>();
        for (Resource r : ports) {
            Port p = (Port) r;
            forgetOffSwitch(p);
            if (learnedByMac(p)) {
                unbound.computeIfAbsent(p.macAddress(), k -> new ArrayList<>()).add(p);
                macs.put(p.id(), p.macAddress());
            }
            ConnectPoint cp = location(p);
            if (cp == null) {
                continue;
            }
            at.put(cp, p);
            where.put(p.id(), cp);
            if (p.adminStateUp()) {
                placed.add(new PlacedPort(p, cp));
            }
        }
        unbound.replaceAll((mac, list) -> List.copyOf(list));
        for (ConnectPoint was : portsAt.keySet()) {
            if (!at.containsKey(was)) {
                quarantined.add(was);
            }
        }
        quarantined.removeAll(at.keySet());
        Set<ConnectPoint> all = new HashSet<>(at.keySet());
        all.addAll(quarantined);
        portsAt = at;
        unboundByMac = unbound;
        located.clear();
        located.putAll(where);
        unboundMac.clear();
        unboundMac.putAll(macs);
        claimed = new HashSet<>(all);
        return new Placement(List.copyOf(placed), all);
    }

    /**
     * Places the ports {@code ids} again ({@code lookup} gives each one's stored state, null when it
     * is gone), at a cost that depends on them only.
     */
    Update update(Collection<UUID> ids, java.util.function.Function<UUID, Port> lookup) {
        Map<UUID, PlacedPort> placed = new HashMap<>();
        Set<ConnectPoint> touched = new HashSet<>();
        for (UUID id : ids) {
            Port p = lookup.apply(id);
            ConnectPoint was = located.remove(id);
            if (was != null) {
                touched.add(was);
                Port there = portsAt.get(was);
                if (there != null && there.id().equals(id)) {
                    portsAt.remove(was);
                }
            }
            removeUnbound(id);
            if (p == null) {
                continue;
            }
            forgetOffSwitch(p);
            if (learnedByMac(p)) {
                unboundMac.put(id, p.macAddress());
                unboundByMac.merge(p.macAddress(), List.of(p), (a, b) -> {
                    List<Port> l = new ArrayList<>(a);
                    l.addAll(b);
                    return List.copyOf(l);
                });
            }
            ConnectPoint cp = location(p);
            if (cp == null) {
                continue;
            }
            touched.add(cp);
            located.put(id, cp);
            portsAt.put(cp, p);
            if (p.adminStateUp()) {
                placed.put(id, new PlacedPort(p, cp));
            }
        }
        Set<ConnectPoint> claim = new HashSet<>();
        Set<ConnectPoint> release = new HashSet<>();
        for (ConnectPoint cp : touched) {
            if (portsAt.containsKey(cp)) {
                quarantined.remove(cp);
            } else if (claimed.contains(cp)) {
                quarantined.add(cp); // left behind: stays claimed until the switch port goes
            }
            boolean now = portsAt.containsKey(cp) || quarantined.contains(cp);
            if (now && claimed.add(cp)) {
                claim.add(cp);
            } else if (!now && claimed.remove(cp)) {
                release.add(cp);
            }
        }
        return new Update(Set.copyOf(ids), placed, claim, release);
    }

    private void removeUnbound(UUID id) {
        MacAddress mac = unboundMac.remove(id);
        if (mac == null) {
            return;
        }
        List<Port> rest = unboundByMac.getOrDefault(mac, List.of()).stream().filter(p -> !p.id().equals(id)).toList();
        if (rest.isEmpty()) {
            unboundByMac.remove(mac);
        } else {
            unboundByMac.put(mac, rest);
        }
    }

    /** Where these ports are, without changing anything here (the ports to compile: admin state up). */
    List<PlacedPort> placedOf(Collection<? extends Resource> ports) {
        List<PlacedPort> out = new ArrayList<>();
        for (Resource r : ports) {
            Port p = (Port) r;
            ConnectPoint cp = location(p);
            if (cp != null && p.adminStateUp()) {
                out.add(new PlacedPort(p, cp));
            }
        }
        return out;
    }

    /** The explicit binding's switch port, or where the port's MAC was seen (on its switch); null when neither. */
    private ConnectPoint location(Port p) {
        if (p.binding() != null && p.binding().hasPort()) {
            return ConnectPoint.of(p.binding().dpid(), p.binding().port());
        }
        ConnectPoint cp = learned.get(p.id());
        return cp == null || !onItsSwitch(p, cp) ? null : cp;
    }

    /** Without a binding, or bound to a switch only: placed where its MAC shows up. */
    private static boolean learnedByMac(Port p) {
        return p.binding() == null || !p.binding().hasPort();
    }

    /** True when {@code cp} is where the port may be learned (any switch without a binding). */
    private static boolean onItsSwitch(Port p, ConnectPoint cp) {
        return p.binding() == null || cp.deviceId().equals(p.binding().dpid());
    }

    /** A port now bound to another switch than where it was learned is learned again (recompute thread). */
    private void forgetOffSwitch(Port p) {
        ConnectPoint cp = learned.get(p.id());
        if (cp != null && learnedByMac(p) && !onItsSwitch(p, cp) && learned.remove(p.id(), cp)) {
            log.info("Tenant port {} is bound to switch {} now; learning it again there (was at {})",
                    p.id(), p.binding().dpid(), cp);
        }
    }

    /** The tenant port placed at a switch port, or null. */
    Port portAt(ConnectPoint cp) {
        return portsAt.get(cp);
    }

    /** A read-only live view. */
    Map<ConnectPoint, Port> portsAt() {
        return java.util.Collections.unmodifiableMap(portsAt);
    }

    /**
     * Nothing placed, learned, quarantined, nor claimed by the last placement (recompute thread
     * only: then no placement has anything to release).
     */
    boolean isEmpty() {
        return portsAt.isEmpty() && learned.isEmpty() && quarantined.isEmpty() && claimed.isEmpty()
                && located.isEmpty() && unboundMac.isEmpty();
    }

    boolean isQuarantined(ConnectPoint cp) {
        return quarantined.contains(cp);
    }

    /**
     * The switch port went down or away: what was left there is gone, and a port bound to its switch
     * only that was learned there is learned again (a hypervisor's VM interface unplugged, to come
     * back at another port of the bridge). True when either happened (the data plane then recomputes).
     */
    boolean freed(ConnectPoint cp) {
        Port there = portsAt.get(cp);
        if (there != null && there.binding() != null && !there.binding().hasPort()
                && learned.remove(there.id(), cp)) {
            portsAt.remove(cp, there); // gone with the VM's interface: nothing to quarantine
            log.info("Tenant port {} left {} (down or removed); learning it again at switch {}",
                    there.id(), cp, cp.deviceId());
            quarantined.remove(cp);
            return true;
        }
        return quarantined.remove(cp);
    }

    /** The port was deleted: forget where it was seen. */
    void forget(UUID port) {
        learned.remove(port);
        misplacedLogged.remove(port);
    }

    /**
     * A frame from {@code src} at an unclaimed edge port: binds the one unplaced tenant port with
     * that MAC there. True when it did (the data plane then recomputes).
     *
     * @param exists tells whether a port id still exists in the store
     */
    java.util.Optional<Port> learn(MacAddress src, ConnectPoint from, TopologySnapshot topology,
                                   java.util.function.Predicate<UUID> exists) {
        if (src.isMulticast() || topology.linkFrom(from).isPresent()
                || !topology.edgePorts(from.deviceId()).contains(from.port())) {
            return java.util.Optional.empty();
        }
        Port match = null;
        Port offSwitch = null;
        for (Port p : unboundByMac.getOrDefault(src, List.of())) {
            if (!learned.containsKey(p.id())) {
                if (!onItsSwitch(p, from)) {
                    offSwitch = p; // bound to another switch: not here
                    continue;
                }
                if (match != null) {
                    log.warn("MAC {} at {} belongs to several unbound tenant ports; not binding it", src, from);
                    return java.util.Optional.empty();
                }
                match = p;
            }
        }
        if (match == null) {
            if (offSwitch != null) {
                misplacedMacs.increment();
                if (misplacedLogged.add(offSwitch.id())) {
                    log.info("MAC {} of tenant port {} seen at {}, but the port is bound to switch {}; not binding it",
                            src, offSwitch.id(), from, offSwitch.binding().dpid());
                } else {
                    log.debug("MAC {} of tenant port {} seen again at {}, off its switch", src, offSwitch.id(), from);
                }
            }
            return java.util.Optional.empty();
        }
        for (Map.Entry<UUID, ConnectPoint> e : learned.entrySet()) {
            if (e.getValue().equals(from) && exists.test(e.getKey())) {
                return java.util.Optional.empty(); // another tenant port already sits there
            }
        }
        learned.put(match.id(), from);
        misplacedLogged.remove(match.id());
        learnedBindings.increment();
        log.info("Tenant port {} (MAC {}) found at {}", match.id(), src, from);
        return java.util.Optional.of(match);
    }

    long learnedBindings() {
        return learnedBindings.sum();
    }

    long misplacedMacs() {
        return misplacedMacs.sum();
    }
}
