package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.SimSwitch.SelectMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several {@link SimSwitch}es joined by links, with hosts at edge ports: sends a packet in at an
 * edge port and follows every copy across links until it leaves at an edge port, goes to the
 * controller, or is dropped. This is what data-plane tests of whole apps use ("same VPC delivered,
 * other VPC dropped, routed with TTL - 1").
 *
 * <p>A switch's live ports are the ends of its links and its edge ports, minus the ports marked
 * {@link Builder#down down} (a cut cable takes both ends down), so a rule that outputs to a port
 * with nothing attached drops the packet. Only headers cross a cable: a copy crossing a link, or
 * delivered at an edge port, is {@link SimPacket#onWire() on the wire} (in_port, metadata and
 * tunnel_id cleared), then gets the in_port of the switch it enters; so a delivered copy equals the
 * sent packet when no rule rewrote it. A copy that enters a switch port it entered
 * before, unchanged, is a loop; a copy that crosses more than the hop limit of links is dropped too;
 * both set {@link FabricResult#hasLoop()}.
 *
 * <p>Each switch keeps its conntrack connections across {@link #send} calls (a reply sent after a
 * request finds the request's connection); {@link #flushConntrack()} forgets them. ct_state and
 * ct_zone, being pipeline fields, do not cross a cable.
 */
public final class SimFabric {

    /** Switch visits per {@link #send} before giving up (a broadcast storm). */
    private static final int MAX_VISITS = 10_000;

    private final ImmutableMap<DeviceId, SimSwitch> switches;
    /** Live links, both directions. */
    private final ImmutableMap<ConnectPoint, ConnectPoint> links;
    private final int hopLimit;

    private SimFabric(Map<DeviceId, SimSwitch> switches, Map<ConnectPoint, ConnectPoint> links, int hopLimit) {
        this.switches = ImmutableMap.copyOf(switches);
        this.links = ImmutableMap.copyOf(links);
        this.hopLimit = hopLimit;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The simulated switch of {@code device}. */
    public SimSwitch device(DeviceId device) {
        SimSwitch s = switches.get(device);
        checkArgument(s != null, "no switch %s in the fabric", device);
        return s;
    }

    /**
     * This fabric with {@code rules} in place of every switch's rules (the same links, ports and
     * groups) and the same conntrack tables, shared from now on ({@link SimSwitch#withRules}): the
     * rules after a change of intent, on switches whose established connections go on. The rules
     * must be for switches of this fabric.
     */
    public SimFabric withRules(Collection<FlowRule> rules) {
        Map<DeviceId, List<FlowRule>> byDevice = new HashMap<>();
        for (FlowRule r : rules) {
            checkArgument(switches.containsKey(r.deviceId()), "rule for %s, which is not in the fabric: %s",
                    r.deviceId(), r);
            byDevice.computeIfAbsent(r.deviceId(), d -> new ArrayList<>()).add(r);
        }
        Map<DeviceId, SimSwitch> next = new HashMap<>();
        switches.forEach((d, s) -> next.put(d, s.withRules(byDevice.getOrDefault(d, List.of()))));
        return new SimFabric(next, links, hopLimit);
    }

    /** Forgets the committed connections of every switch. */
    public void flushConntrack() {
        switches.values().forEach(SimSwitch::flushConntrack);
    }

    /** Sends {@code packet} into the fabric as received at {@code from} (usually a host's edge port). */
    public FabricResult send(ConnectPoint from, SimPacket packet) {
        SimSwitch first = device(from.deviceId());
        SimPacket in = packet.at(from.port());
        return follow(new Pending(from, in, List.of(from), Set.of(new Seen(from, in))), first.process(in));
    }

    /**
     * Sends {@code packet} as a PACKET_OUT to {@code device} ({@link SimSwitch#packetOut}: in_port
     * CONTROLLER, then {@code actions}) and follows every copy; the deliveries' paths start at
     * {@code device}'s CONTROLLER port.
     */
    public FabricResult packetOut(DeviceId device, SimPacket packet, List<Action> actions) {
        SimSwitch first = device(device);
        ConnectPoint from = ConnectPoint.of(device, PortNumber.CONTROLLER);
        return follow(new Pending(from, packet.at(PortNumber.CONTROLLER), List.of(from), Set.of()),
                first.packetOut(packet, actions));
    }

    /** A PACKET_OUT with the actions {@code [output:TABLE]}: the pipeline of {@code device} from table 0. */
    public FabricResult packetOut(DeviceId device, SimPacket packet) {
        return packetOut(device, packet, List.of(Action.output(PortNumber.TABLE)));
    }

    /** Follows the copies of {@code start}, whose switch gave {@code firstResult}, across links. */
    private FabricResult follow(Pending start, SimResult firstResult) {
        List<FabricResult.Delivery> deliveries = new ArrayList<>();
        List<FabricResult.Punt> punts = new ArrayList<>();
        List<FabricResult.Drop> drops = new ArrayList<>();
        List<SimResult> hops = new ArrayList<>();
        boolean loop = false;

        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(start);
        SimResult firstDone = firstResult;
        int visits = 0;
        while (!queue.isEmpty()) {
            Pending x = queue.poll();
            DeviceId dev = x.at().deviceId();
            if (++visits > MAX_VISITS) {
                drops.add(new FabricResult.Drop(dev, x.packet(), "fabric: more than " + MAX_VISITS
                        + " switch visits (storm?), gave up"));
                loop = true;
                break;
            }
            SimResult r = firstDone != null ? firstDone : switches.get(dev).process(x.packet());
            firstDone = null;
            hops.add(r);
            r.punts().forEach(p -> punts.add(new FabricResult.Punt(dev, p.packet(), p.tableId(), p.cookie())));
            r.drops().forEach(d -> drops.add(new FabricResult.Drop(dev, d.packet(), d.reason())));
            for (SimResult.Output o : r.outputs()) {
                ConnectPoint out = ConnectPoint.of(dev, o.port());
                ConnectPoint peer = links.get(out);
                if (peer == null) {
                    deliveries.add(new FabricResult.Delivery(out, o.packet().onWire(), x.path()));
                    continue;
                }
                SimPacket next = o.packet().onWire().at(peer.port());
                Seen key = new Seen(peer, next);
                if (x.seen().contains(key)) {
                    drops.add(new FabricResult.Drop(peer.deviceId(), next, "fabric: loop, the packet enters " + peer
                            + " again unchanged after " + x.path()));
                    loop = true;
                } else if (x.path().size() > hopLimit) {
                    drops.add(new FabricResult.Drop(peer.deviceId(), next, "fabric: more than " + hopLimit
                            + " links crossed: " + x.path()));
                    loop = true;
                } else {
                    queue.add(x.then(peer, next, key));
                }
            }
        }
        return new FabricResult(deliveries, punts, drops, hops, loop);
    }

    @Override
    public String toString() {
        return "SimFabric{" + switches.values() + ", links " + links + "}";
    }

    private record Seen(ConnectPoint at, SimPacket packet) {
    }

    private record Pending(ConnectPoint at, SimPacket packet, List<ConnectPoint> path, Set<Seen> seen) {
        Pending then(ConnectPoint nextAt, SimPacket nextPacket, Seen key) {
            List<ConnectPoint> p = new ArrayList<>(path);
            p.add(nextAt);
            Set<Seen> s = new HashSet<>(seen);
            s.add(key);
            return new Pending(nextAt, nextPacket, List.copyOf(p), Set.copyOf(s));
        }
    }

    /** Collects links, edge ports, rules and groups; {@link #build()} makes one switch per device. */
    public static final class Builder {
        private final Map<ConnectPoint, ConnectPoint> links = new HashMap<>();
        private final Set<ConnectPoint> edges = new LinkedHashSet<>();
        private final Set<ConnectPoint> down = new HashSet<>();
        private final List<FlowRule> rules = new ArrayList<>();
        private final List<GroupDescription> groups = new ArrayList<>();
        private SelectMode selectMode = SelectMode.HASH;
        private int hopLimit = 32;

        private Builder() {
        }

        /** A link (both directions) between two switch ports. */
        public Builder link(ConnectPoint a, ConnectPoint b) {
            checkArgument(!a.equals(b), "a link joins two different ports");
            checkArgument(!links.containsKey(a) && !links.containsKey(b) && !edges.contains(a) && !edges.contains(b),
                    "port already used: %s - %s", a, b);
            links.put(a, b);
            links.put(b, a);
            return this;
        }

        /** An edge port: where a host attaches; copies sent out of it are delivered. */
        public Builder edge(ConnectPoint at) {
            checkArgument(!links.containsKey(at), "port %s already has a link", at);
            edges.add(checkNotNull(at, "at"));
            return this;
        }

        /** Marks a port down; a linked port's peer goes down with it (the cable is cut). */
        public Builder down(ConnectPoint at) {
            down.add(checkNotNull(at, "at"));
            return this;
        }

        /** Rules of any devices of the fabric (a device with rules but no ports gets a switch too). */
        public Builder rules(Collection<FlowRule> list) {
            rules.addAll(list);
            return this;
        }

        public Builder groups(Collection<GroupDescription> list) {
            groups.addAll(list);
            return this;
        }

        public Builder selectMode(SelectMode mode) {
            this.selectMode = checkNotNull(mode, "mode");
            return this;
        }

        /** Links a copy may cross before it is dropped as looping (default 32). */
        public Builder hopLimit(int limit) {
            checkArgument(limit > 0, "hop limit must be positive");
            this.hopLimit = limit;
            return this;
        }

        public SimFabric build() {
            Set<ConnectPoint> dead = new HashSet<>(down);
            down.stream().filter(links::containsKey).forEach(cp -> dead.add(links.get(cp)));
            Set<DeviceId> devices = new TreeSet<>();
            Map<DeviceId, Set<PortNumber>> live = new HashMap<>();
            for (ConnectPoint cp : ImmutableSet.<ConnectPoint>builder().addAll(links.keySet()).addAll(edges).build()) {
                devices.add(cp.deviceId());
                if (!dead.contains(cp)) {
                    live.computeIfAbsent(cp.deviceId(), d -> new HashSet<>()).add(cp.port());
                }
            }
            rules.forEach(r -> devices.add(r.deviceId()));
            groups.forEach(g -> devices.add(g.deviceId()));
            Map<DeviceId, SimSwitch> switches = new HashMap<>();
            for (DeviceId d : devices) {
                switches.put(d, SimSwitch.builder(d).selectMode(selectMode)
                        .rules(rules.stream().filter(r -> r.deviceId().equals(d)).toList())
                        .groups(groups.stream().filter(g -> g.deviceId().equals(d)).toList())
                        .livePorts(live.getOrDefault(d, Set.of())).build());
            }
            Map<ConnectPoint, ConnectPoint> upLinks = new HashMap<>(links);
            upLinks.keySet().removeAll(dead);
            return new SimFabric(switches, upLinks, hopLimit);
        }
    }
}
