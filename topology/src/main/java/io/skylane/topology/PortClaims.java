package io.skylane.topology;

import io.skylane.core.net.ConnectPoint;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Edge ports an app has taken for itself: the tenant data plane claims the switch ports its
 * tenant ports are attached to, and lab forwarding then leaves them alone (no rules towards hosts
 * there, no floods out of them, no packet-ins from them), so nothing crosses between the lab
 * network and tenant networks. Reads are lock free (a concurrent
 * map); a change costs what it adds and removes.
 */
public final class PortClaims {

    /** Each owner's claimed ports (written under the monitor). */
    private final Map<String, Set<ConnectPoint>> byOwner = new HashMap<>();
    /** Who claims each claimed port: what readers look up, lock free. */
    private final Map<ConnectPoint, Set<String>> owners = new ConcurrentHashMap<>();
    private final Set<ConnectPoint> view = Collections.unmodifiableSet(owners.keySet());
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Replaces the ports {@code owner} claims; listeners are told if the whole set changed. */
    public void claim(String owner, Set<ConnectPoint> ports) {
        boolean changed;
        synchronized (this) {
            Set<ConnectPoint> before = byOwner.getOrDefault(owner, Set.of());
            Set<ConnectPoint> add = new HashSet<>(ports);
            add.removeAll(before);
            Set<ConnectPoint> remove = new HashSet<>(before);
            remove.removeAll(ports);
            changed = change(owner, add, remove);
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    /**
     * Adds to and removes from the ports {@code owner} claims, at a cost that depends on the change
     * only; listeners are told if the whole set changed.
     */
    public void update(String owner, Collection<ConnectPoint> add, Collection<ConnectPoint> remove) {
        boolean changed;
        synchronized (this) {
            changed = change(owner, add, remove);
        }
        if (changed) {
            listeners.forEach(Runnable::run);
        }
    }

    private boolean change(String owner, Collection<ConnectPoint> add, Collection<ConnectPoint> remove) {
        boolean changed = false;
        Set<ConnectPoint> mine = byOwner.computeIfAbsent(owner, k -> new HashSet<>());
        for (ConnectPoint cp : remove) {
            if (mine.remove(cp)) {
                Set<String> who = owners.get(cp);
                Set<String> next = new HashSet<>(who);
                next.remove(owner);
                if (next.isEmpty()) {
                    owners.remove(cp);
                    changed = true;
                } else {
                    owners.put(cp, Set.copyOf(next));
                }
            }
        }
        for (ConnectPoint cp : add) {
            if (mine.add(cp)) {
                Set<String> who = owners.get(cp);
                if (who == null) {
                    owners.put(cp, Set.of(owner));
                    changed = true;
                } else {
                    Set<String> next = new HashSet<>(who);
                    next.add(owner);
                    owners.put(cp, Set.copyOf(next));
                }
            }
        }
        if (mine.isEmpty()) {
            byOwner.remove(owner);
        }
        return changed;
    }

    public boolean isClaimed(ConnectPoint port) {
        return owners.containsKey(port);
    }

    /** Every claimed port: a read-only live view. */
    public Set<ConnectPoint> claimed() {
        return view;
    }

    /** Called (on the claiming thread) whenever the set of claimed ports changes. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }
}
