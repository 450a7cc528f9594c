package io.skylane.vpc.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;
import io.skylane.vpc.model.Port;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each port's data-plane status: {@code ACTIVE} once the switch it is placed on is connected and
 * has confirmed (by barrier) a rule set at least as new as the first one that held the port's own
 * rules as they are now, {@code DOWN} otherwise. Rule sets are numbered per switch. So a port stays
 * {@code ACTIVE} while other ports' rules on its switch change, and a change looks only at the
 * ports it placed and at the ports waiting for the switch that confirmed. The changes of one
 * update go to the sink together, as one batch (one journal write for any number of ports).
 * Not thread-safe: the data plane calls it from its one recompute thread.
 */
final class PortStatusTracker {

    private static final Logger log = LoggerFactory.getLogger(PortStatusTracker.class);

    /** Where a port is placed and the rule set of that switch it waits for. */
    private record Placed(DeviceId device, long generation) {
    }

    private final Consumer<Map<UUID, Port.Status>> sink;
    /** Per switch: how many rule sets were handed over, and the newest one the switch confirmed. */
    private final Map<DeviceId, Long> sent = new HashMap<>();
    private final Map<DeviceId, Long> confirmed = new HashMap<>();
    private final Map<UUID, Placed> placed = new HashMap<>();
    /** Per switch, the ports placed there that are not reported ACTIVE. */
    private final Map<DeviceId, Set<UUID>> waiting = new HashMap<>();
    /** Per switch, every port placed there. */
    private final Map<DeviceId, Set<UUID>> onDevice = new HashMap<>();
    /** The ports placed anew since the last {@link #settle}. */
    private final Set<UUID> fresh = new HashSet<>();
    /** The status last stored for each port we know of (as read or as written). */
    private final Map<UUID, Port.Status> stored = new HashMap<>();

    PortStatusTracker(Consumer<Map<UUID, Port.Status>> sink) {
        this.sink = checkNotNull(sink, "sink");
    }

    /** True when no rule set was handed over for the switch since it was last forgotten. */
    boolean neverSent(DeviceId d) {
        return !sent.containsKey(d);
    }

    /** A new rule set goes to the switch: its number, which a confirmation must name. */
    long handedOver(DeviceId d) {
        return sent.merge(d, 1L, Long::sum);
    }

    /** The switch is not connected: whatever it confirmed is void. */
    void disconnected(DeviceId d) {
        confirmed.remove(d);
    }

    /**
     * The switch holds rule set {@code generation}; true when that is newer than any it confirmed
     * before (the ports waiting for it may then be up: {@link #confirmed}).
     */
    boolean confirm(DeviceId d, long generation) {
        if (generation <= confirmed.getOrDefault(d, 0L)) {
            return false;
        }
        confirmed.put(d, generation);
        return true;
    }

    /**
     * Where a port is now ({@code device} null: nowhere, or gone when {@code port} is null); a port
     * placed anew, or whose rules changed, waits for the switch's latest rule set. {@code stored}
     * is the port as stored (null when deleted).
     */
    void place(UUID id, Port port, DeviceId device, boolean rulesChanged) {
        Placed was = placed.remove(id);
        if (was != null) {
            remove(onDevice, was.device(), id);
            remove(waiting, was.device(), id);
        }
        if (port == null) {
            stored.remove(id);
            return;
        }
        stored.putIfAbsent(id, port.status());
        if (device == null) {
            return;
        }
        if (was != null && was.device().equals(device) && !rulesChanged) {
            placed.put(id, was);
            onDevice.computeIfAbsent(device, k -> new HashSet<>()).add(id);
            if (stored.get(id) != Port.Status.ACTIVE || was.generation() > confirmed.getOrDefault(device, 0L)) {
                waiting.computeIfAbsent(device, k -> new HashSet<>()).add(id);
            }
            return;
        }
        placed.put(id, new Placed(device, Long.MAX_VALUE)); // waits for the rule set about to be handed over
        onDevice.computeIfAbsent(device, k -> new HashSet<>()).add(id);
        waiting.computeIfAbsent(device, k -> new HashSet<>()).add(id);
        fresh.add(id);
    }

    /**
     * After the hand-over of a recompute: the ports placed anew wait for the latest rule set of their
     * switch (the one just handed over, or, when their switch's rules did not change, the one it has).
     */
    void settle() {
        for (UUID id : fresh) {
            Placed p = placed.get(id);
            if (p != null && p.generation() == Long.MAX_VALUE) {
                placed.put(id, new Placed(p.device(), Math.max(1, sent.getOrDefault(p.device(), 0L))));
            }
        }
        fresh.clear();
    }

    private static void remove(Map<DeviceId, Set<UUID>> index, DeviceId d, UUID id) {
        Set<UUID> s = index.get(d);
        if (s != null && s.remove(id) && s.isEmpty()) {
            index.remove(d);
        }
    }

    /** The ports placed on a switch. */
    Set<UUID> portsOn(DeviceId d) {
        return onDevice.getOrDefault(d, Set.of());
    }

    /** Reports the ports of {@code ids} whose stored status is not what it should be. */
    void update(Collection<UUID> ids, Predicate<DeviceId> connected) {
        Map<UUID, Port.Status> changes = new LinkedHashMap<>();
        for (UUID id : ids) {
            Port.Status now = stored.get(id);
            if (now == null) {
                continue; // gone
            }
            Placed p = placed.get(id);
            boolean up = p != null && confirmed.getOrDefault(p.device(), 0L) >= p.generation()
                    && connected.test(p.device());
            Port.Status want = up ? Port.Status.ACTIVE : Port.Status.DOWN;
            if (p != null) {
                if (up) {
                    remove(waiting, p.device(), id);
                } else {
                    waiting.computeIfAbsent(p.device(), k -> new HashSet<>()).add(id);
                }
            }
            if (now != want) {
                changes.put(id, want);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            sink.accept(changes);
            stored.putAll(changes);
        } catch (RuntimeException e) {
            log.warn("Cannot record the status of {} ports: {}", changes.size(), e.toString());
        }
    }

    /** Reports the ports waiting for the switch {@code d} (it confirmed a rule set, or went). */
    void updateWaiting(DeviceId d, Predicate<DeviceId> connected) {
        update(List.copyOf(waiting.getOrDefault(d, Set.of())), connected);
    }

    /** Reports every port placed on the switch {@code d} (it went, or came back). */
    void updateAllOn(DeviceId d, Predicate<DeviceId> connected) {
        update(List.copyOf(portsOn(d)), connected);
    }

    /** Forgets every switch and port (the data plane stops). */
    void clear() {
        sent.clear();
        confirmed.clear();
        placed.clear();
        waiting.clear();
        onDevice.clear();
        stored.clear();
        fresh.clear();
    }
}
