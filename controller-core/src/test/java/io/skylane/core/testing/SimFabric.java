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
import io.skylane.core.net.Ip4Address;
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
 * <p>A switch may have a flow-based tunnel port ({@link Builder#tunnelEndpoint}): a copy output
 * there with tun_id and tun_dst set crosses the underlay (not modelled beyond "endpoints reach each
 * other") to the switch owning tun_dst, and enters its tunnel port with tun_id, tun_src and tun_dst
 * set; every crossing is listed in {@link FabricResult#tunnelled()}; a bad tun_dst or VNI is a
 * recorded drop (see {@link SimTunnels}). A crossing counts as a link for the hop limit and loops.
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
    private final SimTunnels tunnels;

    private SimFabric(Map<DeviceId, SimSwitch> switches, Map<ConnectPoint, ConnectPoint> links, int hopLimit,
                      SimTunnels tunnels) {
        this.switches = ImmutableMap.copyOf(switches);
        this.links = ImmutableMap.copyOf(links);
        this.hopLimit = hopLimit;
        this.tunnels = tunnels;
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
        return new SimFabric(next, links, hopLimit, tunnels);
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
     * A packet that arrives from the underlay at the switch whose endpoint is {@code tunDst}, sent by
     * endpoint {@code tunSrc} (any address: a spoofed or unregistered sender too) with {@code vni}:
     * {@code inner}, as on the wire, enters that switch's tunnel port with tun_id, tun_src and
     * tun_dst set, and is followed as by {@link #send}.
     */
    public FabricResult receiveTunnelled(Ip4Address tunSrc, Ip4Address tunDst, long vni, SimPacket inner) {
        SimTunnels.Endpoint receiver = tunnels.owner(tunDst)
                .orElseThrow(() -> new IllegalArgumentException(tunDst + " is no switch's tunnel endpoint"));
        return send(receiver.at(), SimTunnels.arrive(tunSrc, receiver, vni, inner));
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
        List<FabricResult.Tunnelled> tunnelled = new ArrayList<>();
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
                SimPacket next;
                if (tunnels.isTunnelPort(out)) {
                    SimTunnels.Outcome t = tunnels.encap(dev, o.packet());
                    if (t.crossing().isEmpty()) {
                        drops.add(new FabricResult.Drop(dev, o.packet(), t.reason()));
                        continue;
                    }
                    tunnelled.add(t.crossing().get());
                    peer = t.crossing().get().to();
                    next = t.crossing().get().arrived();
                    if (!switches.get(peer.deviceId()).isLive(peer.port())) {
                        drops.add(new FabricResult.Drop(peer.deviceId(), next, "tunnel: the receiver's tunnel port "
                                + peer + " is down"));
                        continue;
                    }
                } else if (peer == null) {
                    deliveries.add(new FabricResult.Delivery(out, o.packet().onWire(), x.path()));
                    continue;
                } else {
                    next = o.packet().onWire().at(peer.port());
                }
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
        return new FabricResult(deliveries, punts, drops, hops, tunnelled, loop);
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
        private final Map<DeviceId, SimTunnels.Endpoint> endpoints = new HashMap<>();
        private SelectMode selectMode = SelectMode.HASH;
        private int hopLimit = 32;

        private Builder() {
        }

        /** A link (both directions) between two switch ports. */
        public Builder link(ConnectPoint a, ConnectPoint b) {
            checkArgument(!a.equals(b), "a link joins two different ports");
            checkArgument(!links.containsKey(a) && !links.containsKey(b) && !edges.contains(a) && !edges.contains(b),
                    "port already used: %s - %s", a, b);
            checkArgument(!isTunnelPort(a) && !isTunnelPort(b), "a tunnel port has no link: %s - %s", a, b);
            links.put(a, b);
            links.put(b, a);
            return this;
        }

        /**
         * Gives {@code device} a flow-based tunnel port, {@code tunnelPort}, with endpoint address
         * {@code endpoint} on the underlay (see {@link SimTunnels}): a copy output there with tun_id and
         * tun_dst set arrives at the tunnel port of the switch whose endpoint is tun_dst. One per switch;
         * endpoint addresses are distinct; the port has no link and is no edge.
         */
        public Builder tunnelEndpoint(DeviceId device, PortNumber tunnelPort, Ip4Address endpoint) {
            SimTunnels.Endpoint e = new SimTunnels.Endpoint(device, tunnelPort, checkNotNull(endpoint, "endpoint"));
            checkArgument(!links.containsKey(e.at()) && !edges.contains(e.at()), "port %s already has a link or a host",
                    e.at());
            checkArgument(!endpoints.containsKey(device), "%s already has a tunnel endpoint", device);
            checkArgument(endpoints.values().stream().noneMatch(x -> x.address().equals(endpoint)),
                    "endpoint %s given twice", endpoint);
            endpoints.put(device, e);
            return this;
        }

        /** An edge port: where a host attaches; copies sent out of it are delivered. */
        public Builder edge(ConnectPoint at) {
            checkArgument(!links.containsKey(at), "port %s already has a link", at);
            checkArgument(!isTunnelPort(at), "port %s is a tunnel port", at);
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

        private boolean isTunnelPort(ConnectPoint at) {
            SimTunnels.Endpoint e = endpoints.get(at.deviceId());
            return e != null && e.port().equals(at.port());
        }

        public SimFabric build() {
            Set<ConnectPoint> dead = new HashSet<>(down);
            down.stream().filter(links::containsKey).forEach(cp -> dead.add(links.get(cp)));
            Set<DeviceId> devices = new TreeSet<>();
            Map<DeviceId, Set<PortNumber>> live = new HashMap<>();
            ImmutableSet.Builder<ConnectPoint> ports = ImmutableSet.<ConnectPoint>builder().addAll(links.keySet())
                    .addAll(edges);
            endpoints.values().forEach(e -> ports.add(e.at()));
            for (ConnectPoint cp : ports.build()) {
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
            return new SimFabric(switches, upLinks, hopLimit, new SimTunnels(endpoints.values()));
        }
    }
}
