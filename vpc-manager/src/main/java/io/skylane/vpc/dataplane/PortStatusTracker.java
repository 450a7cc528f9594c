package io.skylane.vpc.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.pipeline.PlacedPort;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each port's data-plane status: {@code ACTIVE} once the switch it is placed on holds the latest
 * rule set handed over for it (confirmed by barrier) and is connected, {@code DOWN} otherwise.
 * Rule sets are numbered per switch; a confirmation of an older one does not count. The changes of
 * one update go to the sink together, as one batch (one journal write for any number of ports).
 * Not thread-safe: the data plane calls it from its one recompute thread.
 */
final class PortStatusTracker {

    private static final Logger log = LoggerFactory.getLogger(PortStatusTracker.class);

    private final Consumer<Map<UUID, Port.Status>> sink;
    /** Per switch: how many rule sets were handed over, and the last one the switch confirmed. */
    private final Map<DeviceId, Long> sent = new HashMap<>();
    private final Map<DeviceId, Long> confirmed = new HashMap<>();
    private Map<UUID, DeviceId> placedOn = Map.of();

    PortStatusTracker(Consumer<Map<UUID, Port.Status>> sink) {
        this.sink = checkNotNull(sink, "sink");
    }

    /** True when no rule set was handed over for the switch since it was last forgotten. */
    boolean neverSent(DeviceId d) {
        return !sent.containsKey(d);
    }

    /** A new rule set goes to the switch: its number, which a confirmation must name. */
    long handedOver(DeviceId d) {
        confirmed.remove(d);
        return sent.merge(d, 1L, Long::sum);
    }

    /** The switch is not connected: whatever it confirmed is void. */
    void disconnected(DeviceId d) {
        confirmed.remove(d);
    }

    /** The switch holds rule set {@code generation}; true when that is still its latest. */
    boolean confirm(DeviceId d, long generation) {
        if (sent.getOrDefault(d, 0L) != generation) {
            return false;
        }
        confirmed.put(d, generation);
        return true;
    }

    /** Where the ports are placed now. */
    void placed(List<PlacedPort> placed) {
        Map<UUID, DeviceId> on = new HashMap<>();
        for (PlacedPort p : placed) {
            on.put(p.port().id(), p.location().deviceId());
        }
        placedOn = on;
    }

    /** Hands the sink, in one batch, the ports whose stored status is no longer what it should be. */
    void update(Collection<Resource> ports, Predicate<DeviceId> connected) {
        Map<UUID, Port.Status> changes = new LinkedHashMap<>();
        for (Resource r : ports) {
            Port p = (Port) r;
            DeviceId d = placedOn.get(p.id());
            Port.Status want = d != null && confirmed.containsKey(d) && connected.test(d)
                    ? Port.Status.ACTIVE : Port.Status.DOWN;
            if (p.status() != want) {
                changes.put(p.id(), want);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            sink.accept(changes);
        } catch (RuntimeException e) {
            log.warn("Cannot record the status of {} ports: {}", changes.size(), e.toString());
        }
    }

    /** Forgets every switch (the data plane stops). */
    void clear() {
        sent.clear();
        confirmed.clear();
        placedOn = Map.of();
    }
}
