package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.SimSwitch.SelectMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The group table of one {@link SimSwitch}: checks at build time that every reference to a group
 * (from rules, buckets and watch groups) names a group of the switch, and runs a group on a packet
 * (ALL, INDIRECT, FAST_FAILOVER, SELECT; see {@link SimSwitch} for the semantics). Bucket actions
 * are run by the switch, through {@link Buckets}.
 */
final class SimGroups {

    static final int MAX_GROUP_DEPTH = 8;

    /** Runs a bucket's action list on the packet (the switch's action execution). */
    @FunctionalInterface
    interface Buckets {
        void run(List<Action> actions, SimPacket p, SimRun run);
    }

    private final DeviceId device;
    private final ImmutableMap<Integer, GroupDescription> groups;
    private final Predicate<PortNumber> live;
    private final SelectMode selectMode;

    SimGroups(DeviceId device, Collection<GroupDescription> groups, Predicate<PortNumber> live, SelectMode mode) {
        this.device = device;
        ImmutableMap.Builder<Integer, GroupDescription> b = ImmutableMap.builder();
        groups.forEach(g -> b.put(g.groupId(), g));
        this.groups = b.buildOrThrow();
        this.live = live;
        this.selectMode = mode;
        this.groups.values().forEach(g -> g.buckets().forEach(bucket -> {
            check(bucket.actions(), "group 0x" + Integer.toHexString(g.groupId()));
            checkArgument(bucket.watchGroup() == GroupBucket.ANY_GROUP || this.groups.containsKey(bucket.watchGroup()),
                    "group 0x%s watches group 0x%s which is not on %s", Integer.toHexString(g.groupId()),
                    Integer.toHexString(bucket.watchGroup()), device);
        }));
    }

    /** Rejects a reference to a group the switch does not have, as the switch rejects the flow-mod. */
    void check(List<Action> actions, String where) {
        for (Action a : actions) {
            if (a instanceof Action.Group) {
                int id = ((Action.Group) a).groupId();
                checkArgument(groups.containsKey(id), "%s refers to group 0x%s which is not on %s", where,
                        Integer.toHexString(id), device);
            }
        }
    }

    /** The group ids, for printing. */
    Collection<Integer> ids() {
        return groups.keySet();
    }

    void execute(int id, SimPacket p, SimRun run, Buckets buckets) {
        GroupDescription g = groups.get(id);
        String name = "group 0x" + Integer.toHexString(id) + " " + g.type();
        checkState(run.enterGroup(), "%s: groups chained deeper than %s", name, MAX_GROUP_DEPTH);
        try {
            switch (g.type()) {
                case ALL -> {
                    for (int i = 0; i < g.buckets().size(); i++) {
                        bucket(name, i, g, p, run, buckets);
                    }
                }
                case INDIRECT -> bucket(name, 0, g, p, run, buckets);
                case FAST_FAILOVER -> {
                    int first = firstLive(g, 0);
                    if (first < 0) {
                        run.drop(p, name + " has no live bucket");
                    } else {
                        bucket(name, first, g, p, run, buckets);
                    }
                }
                case SELECT -> select(name, g, p, run, buckets);
                default -> throw new IllegalStateException("group type not simulated: " + g.type());
            }
        } finally {
            run.leaveGroup();
        }
    }

    private void select(String name, GroupDescription g, SimPacket p, SimRun run, Buckets buckets) {
        List<Integer> candidates = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < g.buckets().size(); i++) {
            GroupBucket b = g.buckets().get(i);
            if (b.weight() > 0 && isLive(b, 0)) {
                candidates.add(i);
                total += b.weight();
            }
        }
        if (candidates.isEmpty()) {
            run.drop(p, name + " has no live bucket of non-zero weight");
        } else if (selectMode == SelectMode.EVERY_BUCKET) {
            candidates.forEach(i -> bucket(name, i, g, p, run, buckets));
        } else {
            long pick = Math.floorMod(flowHash(p), total);
            for (int i : candidates) {
                pick -= g.buckets().get(i).weight();
                if (pick < 0) {
                    bucket(name, i, g, p, run, buckets);
                    return;
                }
            }
        }
    }

    private static void bucket(String name, int index, GroupDescription g, SimPacket p, SimRun run, Buckets buckets) {
        run.log(name + " bucket " + index + ": " + RuleText.actions(g.buckets().get(index).actions()));
        buckets.run(g.buckets().get(index).actions(), p, run);
    }

    private int firstLive(GroupDescription g, int depth) {
        for (int i = 0; i < g.buckets().size(); i++) {
            if (isLive(g.buckets().get(i), depth)) {
                return i;
            }
        }
        return -1;
    }

    private boolean isLive(GroupBucket b, int depth) {
        checkState(depth <= MAX_GROUP_DEPTH, "watch groups chained deeper than %s", MAX_GROUP_DEPTH);
        if (!b.watchPort().equals(PortNumber.ANY) && !live.test(b.watchPort())) {
            return false;
        }
        return b.watchGroup() == GroupBucket.ANY_GROUP || firstLive(groups.get(b.watchGroup()), depth + 1) >= 0;
    }

    /** A hash of the fields load balancers spread on; stable across runs. */
    private static long flowHash(SimPacket p) {
        long h = 17;
        for (Type t : List.of(Type.ETH_SRC, Type.ETH_DST, Type.ETH_TYPE, Type.IP_PROTO, Type.IPV4_SRC,
                Type.IPV4_DST, Type.TCP_SRC, Type.TCP_DST, Type.UDP_SRC, Type.UDP_DST)) {
            h = h * 31 + (p.has(t) ? p.get(t) : 0);
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
