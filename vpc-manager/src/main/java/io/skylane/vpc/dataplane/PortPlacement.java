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
 * Where tenant ports are: at their binding, or (a port without one, in labs) where a frame from
 * its MAC first arrived at an unclaimed edge port. Keeps the switch ports a tenant port left
 * (deleted, unbound or moved) quarantined, still claimed, so the host left there is not picked up
 * by lab forwarding, until that switch port goes down or is removed or another tenant port is
 * placed there. {@link #place} runs on the recompute thread; {@link #learn} and the look-ups on
 * the I/O threads, lock free.
 */
final class PortPlacement {

    private static final Logger log = LoggerFactory.getLogger(PortPlacement.class);

    /** Where the ports without a binding were seen, by port id (kept in memory only). */
    private final Map<UUID, ConnectPoint> learned = new ConcurrentHashMap<>();
    private final Set<ConnectPoint> quarantined = ConcurrentHashMap.newKeySet();
    /** Ports without a binding, by MAC, as of the last placement: what a frame's source may place. */
    private volatile Map<MacAddress, List<Port>> unboundByMac = Map.of();
    /** The tenant port at each claimed switch port, as of the last placement. */
    private volatile Map<ConnectPoint, Port> portsAt = Map.of();
    private final LongAdder learnedBindings = new LongAdder();

    /** What a placement found: the ports to compile (admin state up) and every switch port to claim. */
    record Placement(List<PlacedPort> placed, Set<ConnectPoint> claimed) {
    }

    /** Places every port; remembers where each is for the packet-in look-ups. */
    Placement place(Collection<Resource> ports) {
        List<PlacedPort> placed = new ArrayList<>();
        Map<ConnectPoint, Port> at = new HashMap<>();
        Map<MacAddress, List<Port>> unbound = new HashMap<>();
        for (Resource r : ports) {
            Port p = (Port) r;
            if (p.binding() == null) {
                unbound.computeIfAbsent(p.macAddress(), k -> new ArrayList<>()).add(p);
            }
            ConnectPoint where = location(p);
            if (where == null) {
                continue;
            }
            at.put(where, p);
            if (p.adminStateUp()) {
                placed.add(new PlacedPort(p, where));
            }
        }
        for (ConnectPoint was : portsAt.keySet()) {
            if (!at.containsKey(was)) {
                quarantined.add(was);
            }
        }
        quarantined.removeAll(at.keySet());
        Set<ConnectPoint> claimed = new HashSet<>(at.keySet());
        claimed.addAll(quarantined);
        portsAt = Map.copyOf(at);
        unboundByMac = unbound;
        return new Placement(List.copyOf(placed), claimed);
    }

    /** The explicit binding, or where the port's MAC was seen; null when neither. */
    private ConnectPoint location(Port p) {
        if (p.binding() != null) {
            return ConnectPoint.of(p.binding().dpid(), p.binding().port());
        }
        return learned.get(p.id());
    }

    /** The tenant port placed at a switch port, or null. */
    Port portAt(ConnectPoint cp) {
        return portsAt.get(cp);
    }

    Map<ConnectPoint, Port> portsAt() {
        return portsAt;
    }

    boolean isQuarantined(ConnectPoint cp) {
        return quarantined.contains(cp);
    }

    /** The switch port went down or away: what was left there is gone. True when it was quarantined. */
    boolean freed(ConnectPoint cp) {
        return quarantined.remove(cp);
    }

    /** The port was deleted: forget where it was seen. */
    void forget(UUID port) {
        learned.remove(port);
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
        for (Port p : unboundByMac.getOrDefault(src, List.of())) {
            if (!learned.containsKey(p.id())) {
                if (match != null) {
                    log.warn("MAC {} at {} belongs to several unbound tenant ports; not binding it", src, from);
                    return java.util.Optional.empty();
                }
                match = p;
            }
        }
        if (match == null) {
            return java.util.Optional.empty();
        }
        for (Map.Entry<UUID, ConnectPoint> e : learned.entrySet()) {
            if (e.getValue().equals(from) && exists.test(e.getKey())) {
                return java.util.Optional.empty(); // another tenant port already sits there
            }
        }
        learned.put(match.id(), from);
        learnedBindings.increment();
        log.info("Tenant port {} (MAC {}) found at {}", match.id(), src, from);
        return java.util.Optional.of(match);
    }

    long learnedBindings() {
        return learnedBindings.sum();
    }
}
