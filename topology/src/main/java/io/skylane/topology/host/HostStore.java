package io.skylane.topology.host;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.topology.Host;
import io.skylane.topology.Host.HostId;
import io.skylane.topology.HostEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The hosts the tracker knows, indexed by MAC, IP and location. Reads are lock-free; changes are
 * serialised by this store's monitor and return the event they caused (or null), which the
 * tracker posts after the monitor is released. Seeing a known host again where it was, with a known
 * address, is lock-free too: only its last-seen time moves, and no {@link Host} is built.
 */
final class HostStore {

    /** What a packet from a host did to the store. */
    enum Outcome { ADDED, MOVED, UPDATED, UNCHANGED, REFUSED_FULL, REFUSED_NOT_EDGE }

    /** The outcome of {@link #learn}, with the event to post for a change. */
    record Learned(Outcome outcome, HostEvent event) {
    }

    /** A host as stored: the value as of its last change, and its last-seen time, kept apart. */
    private static final class Entry {
        final Host host;
        volatile long lastSeen;

        Entry(Host host) {
            this.host = host;
            this.lastSeen = host.lastSeen().toEpochMilli();
        }

        Host current() {
            long seen = lastSeen;
            return seen == host.lastSeen().toEpochMilli() ? host
                    : new Host(host.mac(), host.vlan(), host.ips(), host.location(), host.firstSeen(),
                    Instant.ofEpochMilli(seen));
        }
    }

    private final int maxHosts;
    private final int maxIpsPerHost;
    private final ConcurrentMap<HostId, Entry> hosts = new ConcurrentHashMap<>();
    private final ConcurrentMap<MacAddress, Set<HostId>> byMac = new ConcurrentHashMap<>();
    private final ConcurrentMap<Ip4Address, Set<HostId>> byIp = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectPoint, Set<HostId>> byLocation = new ConcurrentHashMap<>();
    private final LongAdder ipsRefused = new LongAdder();

    HostStore(int maxHosts, int maxIpsPerHost) {
        this.maxHosts = maxHosts;
        this.maxIpsPerHost = maxIpsPerHost;
    }

    /**
     * Lock-free: if the host is known at {@code location} and {@code ip} is null or one of its
     * addresses, moves its last-seen time to {@code now} and returns true.
     */
    boolean touch(HostId id, ConnectPoint location, Ip4Address ip, long now) {
        Entry e = hosts.get(id);
        if (e == null || !e.host.location().equals(location) || (ip != null && !e.host.ips().contains(ip))) {
            return false;
        }
        if (e.lastSeen < now) {
            e.lastSeen = now;
        }
        return true;
    }

    /**
     * Lock-free: true if the table is full and does not hold {@code id}, so {@link #learn} would
     * refuse it. Lets a flood of new MACs against a full table be refused without the monitor,
     * which the I/O threads would otherwise take turns on for every packet.
     */
    boolean refusesNew(HostId id) {
        return hosts.size() >= maxHosts && !hosts.containsKey(id);
    }

    /**
     * Learns that the host sent from {@code location} (with source address {@code ip}, or null).
     * {@code isEdge} is asked under the monitor, so a host is never added at a port that a
     * topology change already made ineligible (see {@link #removeIf}).
     */
    synchronized Learned learn(HostId id, ConnectPoint location, Ip4Address ip, Instant now,
                               Predicate<ConnectPoint> isEdge) {
        if (!isEdge.test(location)) {
            return new Learned(Outcome.REFUSED_NOT_EDGE, null);
        }
        Entry e = hosts.get(id);
        if (e == null) {
            if (hosts.size() >= maxHosts) {
                return new Learned(Outcome.REFUSED_FULL, null);
            }
            Host h = new Host(id.mac(), id.vlan(), ip == null ? Set.of() : Set.of(ip), location, now, now);
            put(h);
            return new Learned(Outcome.ADDED, new HostEvent(HostEvent.Type.HOST_ADDED, h, null, now));
        }
        Host old = e.current();
        boolean moved = !old.location().equals(location);
        boolean newIp = ip != null && !old.ips().contains(ip);
        if (newIp && old.ips().size() >= maxIpsPerHost) {
            ipsRefused.increment();
            newIp = false;
        }
        if (!moved && !newIp) {
            e.lastSeen = Math.max(e.lastSeen, now.toEpochMilli());
            return new Learned(Outcome.UNCHANGED, null);
        }
        Set<Ip4Address> ips = newIp ? ImmutableSortedSet.<Ip4Address>naturalOrder().addAll(old.ips()).add(ip).build()
                : old.ips();
        Host h = new Host(id.mac(), id.vlan(), ips, location, old.firstSeen(), now);
        unindex(old);
        put(h);
        return moved ? new Learned(Outcome.MOVED, new HostEvent(HostEvent.Type.HOST_MOVED, h, old, now))
                : new Learned(Outcome.UPDATED, new HostEvent(HostEvent.Type.HOST_UPDATED, h, old, now));
    }

    /** Removes the hosts {@code which} selects; returns a HOST_REMOVED event for each. */
    synchronized List<HostEvent> removeIf(Predicate<Host> which, Instant now) {
        ImmutableList.Builder<HostEvent> removed = ImmutableList.builder();
        for (Entry e : hosts.values()) {
            Host h = e.current();
            if (which.test(h) && hosts.remove(h.id(), e)) {
                unindex(h);
                removed.add(new HostEvent(HostEvent.Type.HOST_REMOVED, h, null, now));
            }
        }
        return removed.build();
    }

    /** Removes the hosts last seen before {@code cutoff} (ms since the epoch). */
    synchronized List<HostEvent> expire(long cutoff, Instant now) {
        ImmutableList.Builder<HostEvent> removed = ImmutableList.builder();
        for (Entry e : hosts.values()) {
            if (e.lastSeen < cutoff) {
                Host h = e.current();
                if (hosts.remove(h.id(), e)) {
                    unindex(h);
                    removed.add(new HostEvent(HostEvent.Type.HOST_REMOVED, h, null, now));
                }
            }
        }
        return removed.build();
    }

    Optional<Host> host(HostId id) {
        Entry e = hosts.get(id);
        return e == null ? Optional.empty() : Optional.of(e.current());
    }

    Collection<Host> hosts() {
        return hosts.values().stream().map(Entry::current).collect(ImmutableList.toImmutableList());
    }

    Set<Host> byMac(MacAddress mac) {
        return resolve(byMac.get(mac));
    }

    Set<Host> byIp(Ip4Address ip) {
        return resolve(byIp.get(ip));
    }

    Set<Host> at(ConnectPoint location) {
        return resolve(byLocation.get(location));
    }

    int size() {
        return hosts.size();
    }

    /** Addresses not recorded because their host already had the most allowed. */
    long ipsRefused() {
        return ipsRefused.sum();
    }

    private Set<Host> resolve(Set<HostId> ids) {
        if (ids == null) {
            return ImmutableSet.of();
        }
        ImmutableSet.Builder<Host> b = ImmutableSet.builder();
        for (HostId id : ids) {
            host(id).ifPresent(b::add);
        }
        return b.build();
    }

    /** Holds the monitor. */
    private void put(Host h) {
        hosts.put(h.id(), new Entry(h));
        add(byMac, h.mac(), h.id());
        add(byLocation, h.location(), h.id());
        h.ips().forEach(ip -> add(byIp, ip, h.id()));
    }

    /** Holds the monitor. */
    private void unindex(Host h) {
        remove(byMac, h.mac(), h.id());
        remove(byLocation, h.location(), h.id());
        h.ips().forEach(ip -> remove(byIp, ip, h.id()));
    }

    /**
     * Index values are concurrent sets changed in place (O(1) per change: thousands of hosts may sit
     * behind one port); readers copy what they find into an immutable set.
     */
    private static <K> void add(ConcurrentMap<K, Set<HostId>> index, K key, HostId id) {
        index.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    private static <K> void remove(ConcurrentMap<K, Set<HostId>> index, K key, HostId id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}
