package io.skylane.topology;

import com.google.common.collect.ImmutableSet;
import io.skylane.core.net.ConnectPoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Edge ports an app has taken for itself: the tenant data plane claims the switch ports its
 * tenant ports are attached to, and lab forwarding then leaves them alone (no rules towards hosts
 * there, no floods out of them, no packet-ins from them), so nothing crosses between the lab
 * network and tenant networks. Reads are lock free (one volatile immutable set).
 */
public final class PortClaims {

    private final Map<String, Set<ConnectPoint>> byOwner = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile ImmutableSet<ConnectPoint> all = ImmutableSet.of();

    /** Replaces the ports {@code owner} claims; listeners are told if the whole set changed. */
    public void claim(String owner, Set<ConnectPoint> ports) {
        boolean changed;
        synchronized (this) {
            if (ports.isEmpty()) {
                byOwner.remove(owner);
            } else {
                byOwner.put(owner, ImmutableSet.copyOf(ports));
            }
            ImmutableSet.Builder<ConnectPoint> b = ImmutableSet.builder();
            byOwner.values().forEach(b::addAll);
            ImmutableSet<ConnectPoint> next = b.build();
            changed = !next.equals(all);
            all = next;
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    public boolean isClaimed(ConnectPoint port) {
        return all.contains(port);
    }

    /** Every claimed port. */
    public Set<ConnectPoint> claimed() {
        return all;
    }

    /** Called (on the claiming thread) whenever the set of claimed ports changes. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
