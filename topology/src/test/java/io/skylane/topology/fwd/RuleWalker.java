package io.skylane.topology.fwd;

import com.google.common.collect.ImmutableSet;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a frame through desired rules and groups, switch by switch, over a snapshot's links, as
 * the switches would: the highest-priority rule matching {@code eth_dst}; SELECT groups try every
 * live bucket (each is a path some flow takes); FAST_FAILOVER takes its first live bucket; a bucket
 * is live while the cable at its watch port is. Dead cables drop what is sent on them.
 *
 * <p>A walk records where copies left the network (edge ports), the cables it used, and every
 * problem: no rule, a loop, output to the ingress port, a dead cable, a group with no live bucket.
 */
final class RuleWalker {

    private final TopologySnapshot snapshot;
    private final Map<DeviceId, DesiredState> state;
    private final Set<Link> dead;

    /**
     * @param deadCables links whose cable is down (both directions are taken as dead), still in
     *                   {@code snapshot}: the data plane before the controller reacts
     */
    RuleWalker(TopologySnapshot snapshot, Map<DeviceId, DesiredState> state, Set<Link> deadCables) {
        this.snapshot = snapshot;
        this.state = state;
        Set<Link> d = new HashSet<>();
        deadCables.forEach(l -> {
            d.add(l);
            d.add(l.reverse());
        });
        this.dead = d;
    }

    RuleWalker(TopologySnapshot snapshot, Map<DeviceId, DesiredState> state) {
        this(snapshot, state, Set.of());
    }

    /** What a walk found. */
    record Walk(Set<ConnectPoint> delivered, Set<Link> used, List<String> problems) {
        boolean reachedOnly(ConnectPoint at) {
            return problems.isEmpty() && delivered.equals(Set.of(at));
        }
    }

    /** Sends a frame for {@code dst} into the network at {@code from} (a host's edge port). */
    Walk walk(ConnectPoint from, MacAddress dst) {
        Walk w = new Walk(new LinkedHashSet<>(), new LinkedHashSet<>(), new ArrayList<>());
        visit(from.deviceId(), from.port(), dst, new LinkedHashSet<>(), w);
        return new Walk(ImmutableSet.copyOf(w.delivered()), ImmutableSet.copyOf(w.used()), List.copyOf(w.problems()));
    }

    private void visit(DeviceId device, PortNumber inPort, MacAddress dst, Set<DeviceId> path, Walk w) {
        if (!path.add(device)) {
            w.problems().add("loop: " + path + " back to " + device);
            return;
        }
        DesiredState s = state.getOrDefault(device, DesiredState.EMPTY);
        Optional<FlowRule> rule = s.rules().stream()
                .filter(r -> r.match().get(Criterion.Type.ETH_DST).map(c -> c.equals(Criterion.ethDst(dst)))
                        .orElse(false))
                .max(Comparator.comparingInt(FlowRule::priority));
        if (rule.isEmpty()) {
            w.problems().add("no rule for " + dst + " on " + device);
        } else {
            apply(device, inPort, rule.get().applyActions(), dst, path, w);
        }
        path.remove(device);
    }

    private void apply(DeviceId device, PortNumber inPort, List<Action> actions, MacAddress dst, Set<DeviceId> path,
                       Walk w) {
        for (Action a : actions) {
            if (a instanceof Action.Output o) {
                output(device, inPort, o.port(), dst, path, w);
            } else if (a instanceof Action.Group g) {
                group(device, inPort, g.groupId(), dst, path, w);
            } else {
                w.problems().add("unexpected action " + a + " on " + device);
            }
        }
    }

    private void group(DeviceId device, PortNumber inPort, int id, MacAddress dst, Set<DeviceId> path, Walk w) {
        Optional<GroupDescription> g = state.getOrDefault(device, DesiredState.EMPTY).groups().stream()
                .filter(x -> x.groupId() == id).findFirst();
        if (g.isEmpty()) {
            w.problems().add("missing group " + Integer.toHexString(id) + " on " + device);
            return;
        }
        List<GroupBucket> live = g.get().buckets().stream().filter(b -> isLive(device, b.watchPort())).toList();
        if (live.isEmpty()) {
            w.problems().add("no live bucket in group " + Integer.toHexString(id) + " on " + device);
            return;
        }
        switch (g.get().type()) {
            case FAST_FAILOVER, INDIRECT -> apply(device, inPort, live.get(0).actions(), dst, path, w);
            default -> live.forEach(b -> apply(device, inPort, b.actions(), dst, path, w));
        }
    }

    private boolean isLive(DeviceId device, PortNumber watch) {
        if (watch.equals(PortNumber.ANY)) {
            return true;
        }
        return snapshot.linkFrom(ConnectPoint.of(device, watch)).map(l -> !dead.contains(l)).orElse(true);
    }

    private void output(DeviceId device, PortNumber inPort, PortNumber port, MacAddress dst, Set<DeviceId> path,
                        Walk w) {
        ConnectPoint out = ConnectPoint.of(device, port);
        if (port.equals(inPort)) {
            w.problems().add("output to the ingress port " + out);
            return;
        }
        Optional<Link> link = snapshot.linkFrom(out);
        if (link.isEmpty()) {
            w.delivered().add(out);
            return;
        }
        if (dead.contains(link.get())) {
            w.problems().add("sent over the dead link " + link.get());
            return;
        }
        w.used().add(link.get());
        visit(link.get().dstDevice(), link.get().dst().port(), dst, path, w);
    }
}
