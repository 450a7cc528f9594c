package io.skylane.southbound.ovsdb;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import io.skylane.southbound.ovsdb.OvsdbEvent.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OVSDB connection holds the bridge of each datapath id, and the events a connection's view
 * change causes: a datapath id that appears is {@link Type#HYPERVISOR_CONNECTED}, one that goes
 * (or whose connection closes) {@link Type#HYPERVISOR_DISCONNECTED}, one whose
 * {@link HypervisorView} differs {@link Type#HYPERVISOR_UPDATED}. When a second connection shows
 * a datapath id another one holds (a hypervisor that reconnected before its old connection timed
 * out, or two machines with the same id), the newer connection takes it; the conflict is counted.
 * Thread-safe; the events come back in the order they happened.
 */
final class HypervisorRegistry {

    private static final Logger log = LoggerFactory.getLogger(HypervisorRegistry.class);

    private final OvsdbCounters counters;
    private final Map<DeviceId, OvsdbSession> owners = new HashMap<>();

    HypervisorRegistry(OvsdbCounters counters) {
        this.counters = counters;
    }

    /** The connection's view went from {@code before} to {@code after} (set-up: from {@link OvsdbView#EMPTY}). */
    synchronized List<OvsdbEvent> update(OvsdbSession session, OvsdbView before, OvsdbView after, Instant now) {
        List<OvsdbEvent> events = new ArrayList<>();
        Set<DeviceId> was = before.datapathIds();
        Set<DeviceId> is = after.datapathIds();
        for (DeviceId d : was) {
            if (!is.contains(d) && owners.get(d) == session) {
                owners.remove(d);
                events.add(new OvsdbEvent(Type.HYPERVISOR_DISCONNECTED, d, session.remote(), null, now));
            }
        }
        for (DeviceId d : is) {
            HypervisorView view = after.hypervisor(d).orElseThrow();
            OvsdbSession owner = owners.get(d);
            if (owner == session) {
                if (!before.hypervisor(d).equals(Optional.of(view))) {
                    events.add(new OvsdbEvent(Type.HYPERVISOR_UPDATED, d, session.remote(), view, now));
                }
            } else if (owner == null || !was.contains(d)) {
                if (owner != null) {
                    counters.increment(Counter.DATAPATH_ID_CONFLICTS);
                    log.warn("datapath id {} is on OVSDB connection {} and now on {}: the newer one takes it", d,
                            owner.remote(), session.remote());
                }
                owners.put(d, session);
                events.add(new OvsdbEvent(Type.HYPERVISOR_CONNECTED, d, session.remote(), view, now));
            }
        }
        return events;
    }

    /** The connection closed; its last view was {@code last}. */
    synchronized List<OvsdbEvent> closed(OvsdbSession session, OvsdbView last, Instant now) {
        List<OvsdbEvent> events = new ArrayList<>();
        for (DeviceId d : last.datapathIds()) {
            if (owners.get(d) == session) {
                owners.remove(d);
                events.add(new OvsdbEvent(Type.HYPERVISOR_DISCONNECTED, d, session.remote(), null, now));
            }
        }
        return events;
    }

    synchronized Optional<OvsdbSession> owner(DeviceId datapathId) {
        return Optional.ofNullable(owners.get(datapathId));
    }

    synchronized List<DeviceId> datapathIds() {
        return ImmutableList.sortedCopyOf(owners.keySet());
    }
}
