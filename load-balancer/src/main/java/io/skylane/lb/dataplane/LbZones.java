package io.skylane.lb.dataplane;

import io.skylane.core.net.DeviceId;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The load balancer's conntrack zones on each switch. A VPC with a load balancer needs two zones on
 * every switch where it has ports ({@link LbPipeline#lbZone}, {@link LbPipeline#hairpinZone}), one
 * index of 1..4095 picks both. Zones belong to a datapath (on Open vSwitch's userspace datapath, to
 * the machine), so indices are given per switch, not cloud-wide: a segment may be any 24-bit VNI.
 *
 * <p>A segment up to 4095 gets its own value as index when that is free (so fabric deployments keep
 * the zones {@code 0xF000 | segment} they always had, whatever the order of events); others get the
 * lowest free index. An index is sticky: a VPC keeps it on a switch for as long as it needs one
 * there (its connections' NAT state lives in that zone), and it is freed when the VPC no longer has
 * a load balancer and ports on that switch. A fresh allocator (after a controller restart) hands out
 * the same indices when the same VPCs are present: small segments first, then by segment. A switch
 * holding load balancers of 4,095 VPCs at once gets no zone for a 4,096th: that VPC's load balancers
 * are left out of that switch ({@link #assign} does not list it) until a zone frees up.
 */
public final class LbZones {

    public static final int FIRST = 1;
    public static final int LAST = 0xfff;

    private final Map<DeviceId, Map<Integer, Integer>> bySwitch = new HashMap<>();

    /**
     * Keeps the indices of the (switch, segment) pairs still {@code needed}, frees the others and
     * gives the new ones an index.
     *
     * @return the index of every needed pair that has one, by switch and segment
     */
    public synchronized Map<DeviceId, Map<Integer, Integer>> assign(Map<DeviceId, Set<Integer>> needed) {
        bySwitch.keySet().retainAll(needed.keySet());
        Map<DeviceId, Map<Integer, Integer>> out = new TreeMap<>();
        needed.forEach((d, segments) -> {
            Map<Integer, Integer> current = bySwitch.computeIfAbsent(d, k -> new HashMap<>());
            current.keySet().retainAll(segments);
            BitSet used = new BitSet(LAST + 1);
            current.values().forEach(used::set);
            Set<Integer> fresh = new TreeSet<>(segments);
            fresh.removeAll(current.keySet());
            for (int s : fresh) {
                if (s >= FIRST && s <= LAST && !used.get(s)) {
                    current.put(s, s);
                    used.set(s);
                }
            }
            for (int s : fresh) {
                if (!current.containsKey(s)) {
                    int free = used.nextClearBit(FIRST);
                    if (free <= LAST) {
                        current.put(s, free);
                        used.set(free);
                    }
                }
            }
            out.put(d, Map.copyOf(current));
        });
        return out;
    }

    /** The index {@code segment} has on switch {@code d}, if any. */
    public synchronized OptionalInt index(DeviceId d, int segment) {
        Integer i = bySwitch.getOrDefault(d, Map.of()).get(segment);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }
}
