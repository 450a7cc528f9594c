package io.skylane.topology.fwd;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.topology.Host;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.NextHops;
import io.skylane.topology.path.PathComputer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Path forwarding as a pure function: from a topology snapshot, the known hosts and the snapshot's
 * paths, the rules and groups every switch of the snapshot should hold. No state, no I/O; the same
 * inputs give equal outputs.
 *
 * <p>Per destination host H at edge port (S, p), every rule in table 0 at the configured priority,
 * matching {@code eth_dst = H.mac} only:
 * <ul>
 * <li>on S: output p;</li>
 * <li>on every other switch X that can reach S: the way towards S, shared by all hosts on S. With
 *     several equal-cost next hops, a SELECT group with one bucket per next-hop port (weight 1,
 *     watching its port, so a dead link leaves the hash at once); with one next hop and a loop-free
 *     alternate, a FAST_FAILOVER group (primary bucket, then alternate bucket, each watching its
 *     port); otherwise, and always on switches without groups (OpenFlow 1.0), a plain output to
 *     the (first) next hop. Group ids: {@link ForwardingGroupIds}.</li>
 * </ul>
 * Switches that cannot reach S (another connected part) get no rule for H. Hosts whose location
 * is not an edge port of the snapshot are left out. Where several hosts share a MAC (on different
 * VLANs), the one seen last wins: forwarding by destination MAC does not separate VLANs.
 *
 * <p>Every switch of the snapshot has an entry in the result, empty if it wants nothing, so a
 * caller handing each entry to {@code setDesired} also removes what is no longer wanted.
 */
public final class ForwardingCompiler {

    /** The table the rules go to. */
    public static final int TABLE = SkylanePipeline.CLASSIFY.id();

    private final AppId app;
    private final int priority;

    /**
     * @param app      owner of the rules (cookie) and groups; its id also names the group id range
     * @param priority priority of every rule
     */
    public ForwardingCompiler(AppId app, int priority) {
        this.app = checkNotNull(app, "app");
        checkArgument(priority > 0 && priority <= 0xffff, "priority must be 1..65535");
        this.priority = priority;
        ForwardingGroupIds.base(app.id());
    }

    /**
     * The desired state of every switch of {@code snapshot}.
     *
     * @param hosts        the known hosts (any order; those not at an edge port are ignored)
     * @param paths        the paths of {@code snapshot}
     * @param groupCapable whether a switch takes groups (OpenFlow 1.3) or only outputs (1.0)
     */
    public Map<DeviceId, DesiredState> compile(TopologySnapshot snapshot, Collection<Host> hosts, PathComputer paths,
                                               Predicate<DeviceId> groupCapable) {
        checkNotNull(snapshot, "snapshot");
        checkNotNull(hosts, "hosts");
        checkNotNull(groupCapable, "groupCapable");
        checkArgument(checkNotNull(paths, "paths").snapshot() == snapshot, "paths are of another snapshot");
        Map<DeviceId, Integer> groupIds = ForwardingGroupIds.of(snapshot, app.id());
        Map<DeviceId, Accumulator> acc = new TreeMap<>();
        snapshot.devices().forEach(d -> acc.put(d, new Accumulator()));
        byLocation(snapshot, hosts).forEach((dst, local) -> {
            for (Host h : local) {
                acc.get(dst).rules.add(rule(dst, h.mac(), Action.output(h.location().port())));
            }
            NextHops table = paths.forwardingTo(dst);
            int groupId = groupIds.get(dst);
            table.entries().forEach((x, entry) -> {
                Accumulator a = acc.get(x);
                Action way = way(x, entry, groupCapable.test(x), groupId, a.groups);
                for (Host h : local) {
                    a.rules.add(rule(x, h.mac(), way));
                }
            });
        });
        ImmutableMap.Builder<DeviceId, DesiredState> out = ImmutableMap.builderWithExpectedSize(acc.size());
        acc.forEach((d, a) -> out.put(d, a.build()));
        return out.build();
    }

    /**
     * The rules towards one destination host, and the groups they use: what {@link #compile} gives
     * every switch for {@code host} (the way towards the host's switch on every switch that can reach
     * it, the output on its own), for updating one host without compiling them all. {@code host} must
     * be the host {@link #preferred} picks for its MAC; a host not at an edge port of the snapshot
     * gets nothing.
     */
    public HostRules rulesFor(TopologySnapshot snapshot, Host host, PathComputer paths,
                              Predicate<DeviceId> groupCapable) {
        checkNotNull(snapshot, "snapshot");
        checkNotNull(host, "host");
        checkNotNull(groupCapable, "groupCapable");
        checkArgument(checkNotNull(paths, "paths").snapshot() == snapshot, "paths are of another snapshot");
        if (!isAtEdge(host, snapshot)) {
            return HostRules.NONE;
        }
        DeviceId dst = host.location().deviceId();
        int groupId = ForwardingGroupIds.of(snapshot, app.id()).get(dst);
        Map<DeviceId, FlowRule> rules = new HashMap<>();
        Map<DeviceId, GroupDescription> groups = new HashMap<>();
        rules.put(dst, rule(dst, host.mac(), Action.output(host.location().port())));
        List<GroupDescription> used = new ArrayList<>(1);
        paths.forwardingTo(dst).entries().forEach((x, entry) -> {
            used.clear();
            rules.put(x, rule(x, host.mac(), way(x, entry, groupCapable.test(x), groupId, used)));
            if (!used.isEmpty()) {
                groups.put(x, used.get(0));
            }
        });
        return new HostRules(Map.copyOf(rules), Map.copyOf(groups));
    }

    /**
     * The rules towards one host by switch, and the group each of those switches needs for it (the
     * way towards the host's switch, shared with the other hosts there).
     */
    public record HostRules(Map<DeviceId, FlowRule> rules, Map<DeviceId, GroupDescription> groups) {
        /** No rule anywhere (no host to forward to). */
        public static final HostRules NONE = new HostRules(Map.of(), Map.of());
    }

    /**
     * The host to forward {@code mac} to among {@code sameMac} (hosts with that MAC): one at an edge
     * port of {@code snapshot}, the one seen last (then the lowest location) if there are several.
     */
    public static Optional<Host> preferred(Collection<Host> sameMac, TopologySnapshot snapshot) {
        Host best = null; // a loop, not a stream: this runs for every packet-in
        for (Host h : sameMac) {
            if (isAtEdge(h, snapshot) && (best == null || PREFERENCE.compare(h, best) > 0)) {
                best = h;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Seen last wins; then the lower location (so the choice is a function of the set). */
    private static final Comparator<Host> PREFERENCE = Comparator.comparing(Host::lastSeen)
            .thenComparing(Host::location, Comparator.reverseOrder());

    private static boolean isAtEdge(Host h, TopologySnapshot snapshot) {
        ConnectPoint at = h.location();
        return !h.mac().isMulticast() && snapshot.edgePorts(at.deviceId()).contains(at.port());
    }

    /** The destination hosts by the switch they are on, one host per MAC, sorted by MAC. */
    private static Map<DeviceId, List<Host>> byLocation(TopologySnapshot snapshot, Collection<Host> hosts) {
        Map<MacAddress, Host> byMac = new HashMap<>();
        for (Host h : hosts) {
            if (isAtEdge(h, snapshot)) {
                byMac.merge(h.mac(), h, (a, b) -> PREFERENCE.compare(a, b) >= 0 ? a : b);
            }
        }
        Map<DeviceId, List<Host>> out = new TreeMap<>();
        byMac.values().forEach(h -> out.computeIfAbsent(h.location().deviceId(), d -> new ArrayList<>()).add(h));
        out.values().forEach(l -> l.sort(Comparator.comparing(Host::mac)));
        return out;
    }

    /** The action that sends traffic from {@code x} towards the destination; adds the group it uses, if any. */
    private Action way(DeviceId x, NextHops.Entry entry, boolean groups, int groupId,
                              List<GroupDescription> groupsOut) {
        Set<PortNumber> ports = entry.ports();
        PortNumber first = ports.iterator().next();
        if (!groups) {
            return Action.output(first);
        }
        List<GroupBucket> buckets = new ArrayList<>();
        GroupDescription.Type type;
        if (ports.size() > 1) {
            type = GroupDescription.Type.SELECT;
            ports.forEach(p -> buckets.add(new GroupBucket(1, p, GroupBucket.ANY_GROUP, List.of(Action.output(p)))));
        } else if (entry.alternatePort().isPresent()) {
            type = GroupDescription.Type.FAST_FAILOVER;
            PortNumber alt = entry.alternatePort().get();
            buckets.add(GroupBucket.failover(first, List.of(Action.output(first))));
            buckets.add(GroupBucket.failover(alt, List.of(Action.output(alt))));
        } else {
            return Action.output(first);
        }
        groupsOut.add(new GroupDescription(x, groupId, type, buckets, app.id()));
        return new Action.Group(groupId);
    }

    private FlowRule rule(DeviceId device, MacAddress dst, Action action) {
        return FlowRule.builder().device(device).table(TABLE).priority(priority)
                .match(Match.builder().add(Criterion.ethDst(dst)).build())
                .apply(action).app(app).build();
    }

    /** Rules and groups of one switch being built. */
    private static final class Accumulator {
        final List<FlowRule> rules = new ArrayList<>();
        final List<GroupDescription> groups = new ArrayList<>();

        DesiredState build() {
            groups.sort(Comparator.comparingInt(GroupDescription::groupId));
            return new DesiredState(rules, groups);
        }
    }
}
