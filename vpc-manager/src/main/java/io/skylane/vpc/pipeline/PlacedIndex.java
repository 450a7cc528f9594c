package io.skylane.vpc.pipeline;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The placed tenant ports indexed as the compiler reads them: each segment's members, the segments
 * hosted on each switch, the switches hosting each segment. The tenant data plane keeps one up to
 * date port by port ({@link #put}, {@link #remove}), so that a change costs what it touches rather
 * than a pass over every port; {@link #of} builds one for a one-off compile. Not thread-safe.
 */
public final class PlacedIndex {

    /** A placed port as the data plane sees it: where, in which segment, its IPv4 addresses. */
    record Member(Port port, ConnectPoint location, int segment, List<Ip4Address> ips, UUID vpc) {
    }

    /** Members by segment, each segment's in port id order (a stable order for the rules). */
    private final Map<Integer, Map<UUID, Member>> bySegment = new HashMap<>();
    private final Map<UUID, Member> byPort = new HashMap<>();
    /** Per switch, per segment: how many members are there. */
    private final Map<DeviceId, Map<Integer, Integer>> hosted = new HashMap<>();
    /** Per segment, per switch: how many members are there. */
    private final Map<Integer, Map<DeviceId, Integer>> hosts = new HashMap<>();
    /** Per switch, per other switch: how many segments both host (the peers a switch's base rules lead to). */
    private final Map<DeviceId, Map<DeviceId, Integer>> peers = new HashMap<>();

    /** Every placed port of an existing VPC. */
    public static PlacedIndex of(Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed) {
        PlacedIndex index = new PlacedIndex();
        for (PlacedPort p : placed) {
            Vpc vpc = vpcs.get(p.port().vpcId());
            if (vpc != null) {
                index.put(p, vpc);
            }
        }
        return index;
    }

    /** Places (or moves) a port of {@code vpc}. */
    public void put(PlacedPort placed, Vpc vpc) {
        checkNotNull(vpc, "vpc");
        remove(placed.port().id());
        Member m = new Member(placed.port(), placed.location(), vpc.segmentId(), ipv4(placed.port()), vpc.id());
        byPort.put(m.port().id(), m);
        bySegment.computeIfAbsent(m.segment(), k -> new TreeMap<>()).put(m.port().id(), m);
        DeviceId d = m.location().deviceId();
        Map<DeviceId, Integer> segmentHosts = hosts.computeIfAbsent(m.segment(), k -> new HashMap<>());
        if (!segmentHosts.containsKey(d)) { // d hosts the segment from now on: it shares it with its hosts
            for (DeviceId h : segmentHosts.keySet()) {
                peers.computeIfAbsent(d, k -> new HashMap<>()).merge(h, 1, Integer::sum);
                peers.computeIfAbsent(h, k -> new HashMap<>()).merge(d, 1, Integer::sum);
            }
        }
        hosted.computeIfAbsent(d, k -> new HashMap<>()).merge(m.segment(), 1, Integer::sum);
        segmentHosts.merge(d, 1, Integer::sum);
    }

    /** The port is no longer placed (no-op when it was not). */
    public void remove(UUID port) {
        Member m = byPort.remove(port);
        if (m == null) {
            return;
        }
        Map<UUID, Member> members = bySegment.get(m.segment());
        members.remove(port);
        if (members.isEmpty()) {
            bySegment.remove(m.segment());
        }
        DeviceId d = m.location().deviceId();
        decrement(hosted, d, m.segment());
        decrement(hosts, m.segment(), d);
        Set<DeviceId> still = hosts(m.segment());
        if (!still.contains(d)) { // d no longer hosts the segment
            for (DeviceId h : still) {
                decrement(peers, d, h);
                decrement(peers, h, d);
            }
        }
    }

    private static <A, B> void decrement(Map<A, Map<B, Integer>> counts, A outer, B inner) {
        Map<B, Integer> m = counts.get(outer);
        if (m.merge(inner, -1, Integer::sum) == 0) {
            m.remove(inner);
        }
        if (m.isEmpty()) {
            counts.remove(outer);
        }
    }

    /** Where a port is placed, or null. */
    public ConnectPoint location(UUID port) {
        Member m = byPort.get(port);
        return m == null ? null : m.location();
    }

    /** Whether no port is placed. */
    public boolean isEmpty() {
        return byPort.isEmpty();
    }

    /** The placed ports. */
    public Collection<PlacedPort> placed() {
        List<PlacedPort> out = new ArrayList<>(byPort.size());
        byPort.values().forEach(m -> out.add(new PlacedPort(m.port(), m.location())));
        return out;
    }

    /** The members of a segment (empty when none is placed). */
    Collection<Member> members(int segment) {
        Map<UUID, Member> m = bySegment.get(segment);
        return m == null ? List.of() : m.values();
    }

    /** The segments with a port on the switch. */
    Set<Integer> hosted(DeviceId d) {
        Map<Integer, Integer> m = hosted.get(d);
        return m == null ? Set.of() : m.keySet();
    }

    /** The switches with a port of the segment. */
    Set<DeviceId> hosts(int segment) {
        Map<DeviceId, Integer> m = hosts.get(segment);
        return m == null ? Set.of() : m.keySet();
    }

    /** The other switches hosting a port of a segment that {@code d} hosts too. */
    Set<DeviceId> peers(DeviceId d) {
        Map<DeviceId, Integer> m = peers.get(d);
        return m == null ? Set.of() : m.keySet();
    }

    /** The switches hosting a port of any of {@code segments}. */
    public Set<DeviceId> hostsOf(Collection<Integer> segments) {
        Set<DeviceId> out = new java.util.TreeSet<>();
        segments.forEach(s -> out.addAll(hosts(s)));
        return out;
    }

    /** Every switch hosting a port. */
    Set<DeviceId> switches() {
        return hosted.keySet();
    }

    private static List<Ip4Address> ipv4(Port p) {
        List<Ip4Address> ips = new ArrayList<>();
        for (Port.FixedIp ip : p.fixedIps()) {
            if (ip.ipAddress() instanceof Inet4Address) {
                ips.add(IpAddresses.ip4(ip.ipAddress()));
            }
        }
        return List.copyOf(ips);
    }
}
