package io.skylane.lb.dataplane;

import static io.skylane.lb.dataplane.LbPipeline.APP_ID;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.lb.slots.SlotCandidate;
import io.skylane.lb.slots.SlotTable;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedPort;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Compiles the load balancers into rules, as {@link LbPipeline} and docs/pipeline.md lay them out:
 * a new connection to VIP:port is given a member at the client's first switch (a multipath hash of
 * the client into the pool's {@link SlotTable}, then DNAT with connection tracking in the VPC's LB
 * zone); replies are translated back before delivery; hairpin, health-probe answers and the
 * controller's packets from the VIP have their rules at the members' switches. A pure function of
 * the intent, the placed ports, the members' health and the switches: restart, reconnect and audit
 * compute the same rules. IPv4 only.
 *
 * <p>A load balancer has rules on every switch where its VPC has a placed port (a client can be on
 * any of them); nothing on switches its VPC does not use, so adding a load balancer or a member
 * changes rules only for its own VPC.
 */
public final class LoadBalancerCompiler {

    /**
     * What the compiler produced.
     *
     * @param rules     every switch's load-balancer rules (an empty list where a switch needs none)
     * @param devices   per load balancer, the switches that hold rules of it
     * @param members   the members that have a placed port, for probes and statuses
     * @param digests   per load balancer and switch, a digest of the rules it wants there: when it
     *                  changes, the load balancer's rules on that switch changed
     */
    public record Result(Map<DeviceId, List<FlowRule>> rules, Map<UUID, Set<DeviceId>> devices,
                         List<PlacedMember> members, Map<UUID, Map<DeviceId, Integer>> digests) {
    }

    private static final long TRK = Criterion.CT_TRK;
    private static final Criterion IPV4 = Criterion.ethType(EthType.IPV4);

    private final Collection<DeviceId> switches;

    /** @param switches the switches of the topology */
    public LoadBalancerCompiler(Collection<DeviceId> switches) {
        this.switches = new TreeSet<>(switches);
    }

    /**
     * @param intent the load balancers and their trees
     * @param vpcs   the VPCs, by id
     * @param placed the tenant ports that have a location
     * @param up     the health monitors' verdict on a member (true for members without a monitor)
     */
    public Result compile(LbIntent intent, Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, Predicate<UUID> up) {
        return compile(intent, vpcs, placed, up, new LbZones());
    }

    /**
     * As above, with the conntrack zones of each VPC on each switch taken from {@code zones}, which
     * keeps them from one compile to the next (the data plane holds one for its lifetime).
     */
    public Result compile(LbIntent intent, Map<UUID, Vpc> vpcs, Collection<PlacedPort> placed, Predicate<UUID> up,
                          LbZones zones) {
        Map<DeviceId, Map<FlowKey, FlowRule>> out = new TreeMap<>();
        switches.forEach(d -> out.put(d, new LinkedHashMap<>()));
        Map<UUID, Set<DeviceId>> vpcSwitches = new HashMap<>();
        Map<UUID, Map<Ip4Address, PlacedPort>> byAddress = new HashMap<>();
        for (PlacedPort p : placed) {
            if (!out.containsKey(p.location().deviceId())) {
                continue;
            }
            UUID vpc = p.port().vpcId();
            vpcSwitches.computeIfAbsent(vpc, k -> new TreeSet<>()).add(p.location().deviceId());
            for (Port.FixedIp ip : p.port().fixedIps()) {
                if (ip.ipAddress() instanceof Inet4Address) {
                    byAddress.computeIfAbsent(vpc, k -> new HashMap<>()).put(IpAddresses.ip4(ip.ipAddress()), p);
                }
            }
        }
        Map<DeviceId, Map<Integer, Integer>> zoneIndex = zones.assign(zonesNeeded(intent, vpcs, vpcSwitches));
        Map<UUID, Set<DeviceId>> devicesByLb = new TreeMap<>();
        Map<UUID, Map<DeviceId, Integer>> digests = new HashMap<>();
        List<PlacedMember> placedMembers = new ArrayList<>();
        for (LoadBalancer lb : intent.loadBalancers()) {
            Vpc vpc = vpcs.get(lb.vpcId());
            if (vpc == null || !(lb.vipAddress() instanceof Inet4Address)) {
                continue;
            }
            Map<DeviceId, Integer> zoneOf = new TreeMap<>();
            for (DeviceId d : vpcSwitches.getOrDefault(lb.vpcId(), Set.of())) {
                Integer i = zoneIndex.getOrDefault(d, Map.of()).get(vpc.segmentId());
                if (i != null) {
                    zoneOf.put(d, i); // else no zone left on that switch: the VPC's LBs are not there
                }
            }
            Set<DeviceId> where = zoneOf.keySet();
            Map<Ip4Address, PlacedPort> ports = byAddress.getOrDefault(lb.vpcId(), Map.of());
            List<PlacedMember> members = placedMembers(intent, lb, vpc.segmentId(), ports);
            placedMembers.addAll(members);
            if (!lb.adminStateUp() || where.isEmpty()) {
                devicesByLb.put(lb.id(), Set.of());
                continue;
            }
            devicesByLb.put(lb.id(), where);
            LbRules lbRules = new LbRules(intent, lb, vpc.segmentId(), members, up, zoneOf, out);
            lbRules.compile();
            digests.put(lb.id(), lbRules.digests);
        }
        Map<DeviceId, List<FlowRule>> rules = new TreeMap<>();
        out.forEach((d, m) -> rules.put(d, List.copyOf(m.values())));
        return new Result(rules, devicesByLb, List.copyOf(placedMembers), digests);
    }

    /** The segments that need load-balancer zones on each switch: VPCs with a load balancer up, where they have ports. */
    private static Map<DeviceId, Set<Integer>> zonesNeeded(LbIntent intent, Map<UUID, Vpc> vpcs,
                                                           Map<UUID, Set<DeviceId>> vpcSwitches) {
        Map<DeviceId, Set<Integer>> needed = new TreeMap<>();
        for (LoadBalancer lb : intent.loadBalancers()) {
            Vpc vpc = vpcs.get(lb.vpcId());
            if (vpc != null && lb.adminStateUp() && lb.vipAddress() instanceof Inet4Address) {
                for (DeviceId d : vpcSwitches.getOrDefault(lb.vpcId(), Set.of())) {
                    needed.computeIfAbsent(d, k -> new TreeSet<>()).add(vpc.segmentId());
                }
            }
        }
        return needed;
    }

    /** The members of the load balancer's pools whose address is a placed port of its VPC. */
    private static List<PlacedMember> placedMembers(LbIntent intent, LoadBalancer lb, int segment,
                                                    Map<Ip4Address, PlacedPort> ports) {
        List<PlacedMember> out = new ArrayList<>();
        Ip4Address vip = IpAddresses.ip4(lb.vipAddress());
        for (Pool pool : intent.pools(lb.id())) {
            for (Member m : intent.members(pool.id())) {
                if (!(m.address() instanceof Inet4Address)) {
                    continue;
                }
                Ip4Address a = IpAddresses.ip4(m.address());
                PlacedPort p = ports.get(a);
                if (p != null) {
                    out.add(new PlacedMember(m, pool, lb, p.port(), p.location(), vip, a, segment));
                }
            }
        }
        return out;
    }

    /** The rules of one load balancer, added to each switch's rules (first rule of a key wins). */
    private static final class LbRules {
        private final LbIntent intent;
        private final LoadBalancer lb;
        private final int segment;
        private final List<PlacedMember> members;
        private final Predicate<UUID> up;
        private final Set<DeviceId> where;
        private final Map<DeviceId, Map<FlowKey, FlowRule>> out;
        private final Ip4Prefix vip;
        private final Criterion meta;
        /** The VPC's zone index on each switch where it has ports ({@link LbZones}). */
        private final Map<DeviceId, Integer> zoneIndex;
        final Map<DeviceId, Integer> digests = new HashMap<>();

        LbRules(LbIntent intent, LoadBalancer lb, int segment, List<PlacedMember> members, Predicate<UUID> up,
                Map<DeviceId, Integer> zoneIndex, Map<DeviceId, Map<FlowKey, FlowRule>> out) {
            this.intent = intent;
            this.lb = lb;
            this.segment = segment;
            this.members = members;
            this.up = up;
            this.where = zoneIndex.keySet();
            this.zoneIndex = zoneIndex;
            this.out = out;
            this.vip = Ip4Prefix.of(IpAddresses.ip4(lb.vipAddress()), 32);
            this.meta = Criterion.metadata(segment, Pipeline.SEGMENT_MASK);
        }

        private int lbZone(DeviceId d) {
            return LbPipeline.lbZone(zoneIndex.get(d));
        }

        private int hairpinZone(DeviceId d) {
            return LbPipeline.hairpinZone(zoneIndex.get(d));
        }

        void compile() {
            for (DeviceId d : where) {
                // The controller's packets from the VIP (probes, refusals) enter at delivery.
                add(d, SkylanePipeline.CLASSIFY.id(), LbPipeline.PRIO_FROM_VIP, Match.builder()
                        .add(Criterion.inPort(PortNumber.CONTROLLER)).add(Criterion.ethSrc(Pipeline.routerMac(segment)))
                        .add(IPV4).add(Criterion.ipv4Src(vip)).build(), List.of(), SkylanePipeline.DELIVER.id(), 0, true);
                add(d, ROUTE, LbPipeline.PRIO_LB_GUARD, Match.builder().add(meta).add(IPV4).add(Criterion.ipv4Dst(vip))
                        .add(Criterion.ctZone(lbZone(d))).build(), List.of(), -1, 0, false);
                add(d, ROUTE, LbPipeline.PRIO_HAIRPIN_GUARD, Match.builder().add(meta).add(IPV4).add(Criterion.ipv4Dst(vip))
                        .add(Criterion.ctZone(hairpinZone(d))).build(), List.of(), -1, 0, false);
            }
            for (Listener l : intent.listeners(lb.id())) {
                if (l.adminStateUp()) {
                    listener(l);
                }
            }
            for (PlacedMember m : members) {
                member(m);
            }
        }

        private void listener(Listener l) {
            Match toVip = toVip(l, meta).build();
            Optional<Pool> pool = intent.pool(l.defaultPoolId()).filter(Pool::adminStateUp);
            SlotTable table = pool.map(this::slots).orElse(null);
            List<Action> select;
            int next;
            long cookie;
            if (table == null || table.isEmpty()) {
                select = List.of(Action.toController()); // refused from the VIP by the controller
                next = -1;
                cookie = LbPipeline.COOKIE_REFUSE;
            } else {
                select = List.of(Action.multipath(hashFields(pool.get()), 0, Action.Multipath.Algorithm.MODULO_N,
                        table.size(), 0, LbPipeline.SLOT_OFFSET, LbPipeline.SLOT_BITS));
                next = LbPipeline.LB_SLOTS;
                cookie = 0;
            }
            for (DeviceId d : where) {
                add(d, ROUTE, LbPipeline.PRIO_LB_LOOKUP, toVip, List.of(Action.ctNat(lbZone(d), ROUTE)), -1, 0, false);
                Match.Builder fresh = copy(toVip).add(Criterion.ctZone(lbZone(d)))
                        .add(Criterion.ctState(TRK | Criterion.CT_NEW, Criterion.CT_INV));
                if (l.allowedCidrs().isEmpty()) {
                    add(d, ROUTE, LbPipeline.PRIO_SELECT, fresh.build(), select, next, cookie, false);
                } else {
                    Match any = fresh.build();
                    add(d, ROUTE, LbPipeline.PRIO_NOT_ALLOWED, any, List.of(), -1, 0, false);
                    for (IpPrefix cidr : l.allowedCidrs()) {
                        if (cidr.version() == 4) {
                            add(d, ROUTE, LbPipeline.PRIO_SELECT, copy(any).add(Criterion.ipv4Src(cidr.toIp4Prefix())).build(),
                                    select, next, cookie, false);
                        }
                    }
                }
                if (table != null && !table.isEmpty()) {
                    Map<UUID, PlacedMember> byId = new HashMap<>();
                    members.stream().filter(m -> m.pool().id().equals(pool.get().id()))
                            .forEach(m -> byId.put(m.member().id(), m));
                    for (int slot = 0; slot < table.size(); slot++) {
                        PlacedMember m = byId.get(table.owner(slot));
                        Match slotMatch = toVip(l, Criterion.metadata(segment | ((long) slot << LbPipeline.SLOT_OFFSET),
                                Pipeline.SEGMENT_MASK | LbPipeline.SLOT_MASK)).build();
                        add(d, LbPipeline.LB_SLOTS, LbPipeline.PRIO_SLOT, slotMatch, List.of(Action.ctCommitNat(lbZone(d),
                                Nat.dst(m.address(), m.member().protocolPort()), ROUTE)), -1, 0, false);
                    }
                }
            }
        }

        /** Packets of the VPC ({@code metadata}) to the listener's VIP, protocol and port. */
        private Match.Builder toVip(Listener l, Criterion metadata) {
            return Match.builder().add(metadata).add(IPV4).add(Criterion.ipProto(proto(l.protocol())))
                    .add(Criterion.ipv4Dst(vip)).add(Criterion.exact(dstPort(l.protocol()), l.protocolPort()));
        }

        /** The pool's slot table: members that have a placed port, by weight, admin state, health and backup. */
        private SlotTable slots(Pool pool) {
            List<SlotCandidate> candidates = new ArrayList<>();
            for (PlacedMember m : members) {
                if (m.pool().id().equals(pool.id())) {
                    candidates.add(SlotCandidate.of(m.member(), up.test(m.member().id())));
                }
            }
            return SlotTable.of(candidates);
        }

        /** A member's reply rules on every switch, and its hairpin, probe and ACL rules on its own. */
        private void member(PlacedMember m) {
            L4Protocol protocol = m.pool().protocol();
            int proto = proto(protocol);
            int port = m.member().protocolPort();
            Ip4Prefix addr = Ip4Prefix.of(m.address(), 32);
            Match reply = Match.builder().add(meta).add(IPV4).add(Criterion.ipProto(proto)).add(Criterion.ipv4Src(addr))
                    .add(Criterion.exact(srcPort(protocol), port)).build();
            // The member's ICMP errors (port unreachable, fragmentation needed) about a client's packet:
            // un-DNATed as related, they come from the VIP about what the client sent.
            Match error = Match.builder().add(meta).add(IPV4).add(Criterion.ipProto(IpProtocol.ICMP))
                    .add(Criterion.ipv4Src(addr)).add(Criterion.exact(Criterion.Type.ICMPV4_TYPE, 3)).build();
            DeviceId home = m.location().deviceId();
            int portZone = (int) (m.location().port().value() & 0xffff);
            for (Match fromMember : List.of(reply, error)) {
                for (DeviceId d : where) {
                    // From another switch a reply arrives untracked; on the member's, after its egress groups.
                    add(d, DELIVER, LbPipeline.PRIO_UNDNAT, copy(fromMember).add(Criterion.ctState(0, TRK)).build(),
                            List.of(Action.ctNat(lbZone(d), DELIVER)), -1, 0, false);
                }
                if (m.port().portSecurityEnabled() && zoneIndex.containsKey(home)) {
                    add(home, DELIVER, LbPipeline.PRIO_UNDNAT, copy(fromMember).add(Criterion.ctZone(portZone)).build(),
                            List.of(Action.ctNat(lbZone(home), DELIVER)), -1, 0, false);
                }
            }
            if (!zoneIndex.containsKey(home)) {
                return; // no zone left on the member's switch (LbZones): no hairpin, probes or ACL exceptions there
            }
            add(home, DELIVER, LbPipeline.PRIO_UNDNAT, copy(reply).add(Criterion.ctZone(hairpinZone(home))).build(),
                    List.of(Action.ctNat(lbZone(home), DELIVER)), -1, 0, false);
            // Hairpin: the member chose itself; source NAT to the VIP so that it answers the VIP.
            add(home, ROUTE, LbPipeline.PRIO_HAIRPIN_SNAT, Match.builder().add(meta).add(IPV4).add(Criterion.ipProto(proto))
                    .add(Criterion.ctZone(lbZone(home))).add(Criterion.ctState(TRK, 0)).add(Criterion.ipv4Src(addr))
                    .add(Criterion.ipv4Dst(addr)).add(Criterion.exact(dstPort(protocol), port)).build(),
                    List.of(Action.ctCommitNat(hairpinZone(home), Nat.src(m.vip(), LbPipeline.HAIRPIN_PORT_MIN,
                            LbPipeline.HAIRPIN_PORT_MAX), ROUTE)), -1, 0, false);
            add(home, ROUTE, LbPipeline.PRIO_HAIRPIN_REPLY, copy(reply).add(Criterion.ipv4Dst(vip)).build(),
                    List.of(Action.ctNat(hairpinZone(home), ROUTE)), -1, 0, false);
            add(home, SkylanePipeline.OUTPUT.id(), LbPipeline.PRIO_HAIRPIN_OUT, Match.builder().add(meta)
                    .add(Criterion.ethDst(m.port().macAddress())).add(Criterion.inPort(m.location().port())).build(),
                    List.of(Action.output(PortNumber.IN_PORT)), -1, 0, false);
            Optional<HealthMonitor> monitor = intent.monitor(m.pool().id());
            if (m.port().portSecurityEnabled()) {
                // Probes and hairpin connections come from the VIP: the member's groups do not judge them.
                List<Match> fromVip = new ArrayList<>();
                fromVip.add(Match.builder().add(meta).add(Criterion.ethDst(m.port().macAddress())).add(IPV4)
                        .add(Criterion.ctState(TRK | Criterion.CT_NEW, Criterion.CT_INV)).add(Criterion.ipv4Src(vip))
                        .add(Criterion.ipProto(proto)).add(Criterion.exact(dstPort(protocol), port)).build());
                if (monitor.isPresent()) {
                    // The monitor's probes may use another protocol than the pool's.
                    HealthMonitor.Type type = monitor.get().monitorType();
                    Match.Builder probe = Match.builder().add(meta).add(Criterion.ethDst(m.port().macAddress())).add(IPV4)
                            .add(Criterion.ctState(TRK | Criterion.CT_NEW, Criterion.CT_INV)).add(Criterion.ipv4Src(vip));
                    if (type == HealthMonitor.Type.PING) {
                        fromVip.add(probe.add(Criterion.ipProto(IpProtocol.ICMP)).build());
                    } else {
                        L4Protocol p = type == HealthMonitor.Type.TCP ? L4Protocol.TCP : L4Protocol.UDP;
                        if (p != protocol) {
                            fromVip.add(probe.add(Criterion.ipProto(proto(p))).add(Criterion.exact(dstPort(p), port)).build());
                        }
                    }
                }
                for (Match x : fromVip) {
                    add(home, SkylanePipeline.ACL_IN_CT.id(), LbPipeline.PRIO_FROM_VIP_ALLOWED, x,
                            List.of(Action.ctCommit(portZone)), SkylanePipeline.OUTPUT.id(), 0, false);
                }
            }
            if (monitor.isPresent()) {
                probeAnswers(home, m, monitor.get().monitorType(), proto, addr);
            }
        }

        /** The member's answers to the controller's probes go to the controller. */
        private void probeAnswers(DeviceId home, PlacedMember m, HealthMonitor.Type type, int proto, Ip4Prefix addr) {
            Match.Builder toVip = Match.builder().add(meta).add(IPV4).add(Criterion.ipv4Src(addr)).add(Criterion.ipv4Dst(vip));
            List<Match> answers = new ArrayList<>();
            int icmp = IpProtocol.ICMP;
            switch (type) {
                case TCP, UDP_CONNECT -> {
                    L4Protocol p = type == HealthMonitor.Type.TCP ? L4Protocol.TCP : L4Protocol.UDP;
                    answers.add(copy(toVip.build()).add(Criterion.ipProto(proto(p)))
                            .add(Criterion.exact(srcPort(p), m.member().protocolPort()))
                            .add(new Criterion.NumberField(dstPort(p), LbPipeline.PROBE_PORT_MIN, LbPipeline.PROBE_PORT_MIN))
                            .build());
                    if (type == HealthMonitor.Type.UDP_CONNECT) {
                        answers.add(copy(toVip.build()).add(Criterion.ipProto(icmp))
                                .add(Criterion.exact(Criterion.Type.ICMPV4_TYPE, 3)).build());
                    }
                }
                case PING -> answers.add(copy(toVip.build()).add(Criterion.ipProto(icmp))
                        .add(Criterion.exact(Criterion.Type.ICMPV4_TYPE, 0)).build());
                default -> throw new IllegalStateException("monitor type " + type);
            }
            for (Match a : answers) {
                add(home, ROUTE, LbPipeline.PRIO_PROBE_ANSWER, a, List.of(Action.toController()), -1,
                        LbPipeline.COOKIE_PROBE, false);
            }
        }

        private void add(DeviceId d, int table, int priority, Match match, List<Action> actions, int gotoTable,
                         long cookie, boolean writeSegment) {
            Map<FlowKey, FlowRule> rules = out.get(d);
            if (rules == null) {
                return;
            }
            List<Instruction> ins = new ArrayList<>();
            if (!actions.isEmpty()) {
                ins.add(Instruction.apply(actions));
            }
            if (writeSegment) {
                ins.add(new Instruction.WriteMetadata(segment, Pipeline.SEGMENT_MASK));
            }
            if (gotoTable >= 0) {
                ins.add(Instruction.gotoTable(gotoTable));
            }
            FlowRule r = FlowRule.builder().device(d).table(table).priority(priority).match(match).instructions(ins)
                    .cookie(APP_ID.cookie(cookie)).build();
            rules.putIfAbsent(r.key(), r);
            digests.merge(d, r.hashCode(), (a, b) -> 31 * a + b);
        }
    }

    private static final int ROUTE = SkylanePipeline.ROUTE.id();
    private static final int DELIVER = SkylanePipeline.DELIVER.id();

    private static Match.Builder copy(Match m) {
        Match.Builder b = Match.builder();
        m.criteria().forEach(b::add);
        return b;
    }

    private static Action.Multipath.HashFields hashFields(Pool pool) {
        boolean perClient = pool.lbAlgorithm() == Pool.Algorithm.SOURCE_IP || pool.sessionPersistence() != null;
        return perClient ? Action.Multipath.HashFields.NW_SRC : Action.Multipath.HashFields.SYMMETRIC_L3L4_UDP;
    }

    static int proto(L4Protocol p) {
        return p == L4Protocol.TCP ? IpProtocol.TCP : IpProtocol.UDP;
    }

    private static Criterion.Type dstPort(L4Protocol p) {
        return p == L4Protocol.TCP ? Criterion.Type.TCP_DST : Criterion.Type.UDP_DST;
    }

    private static Criterion.Type srcPort(L4Protocol p) {
        return p == L4Protocol.TCP ? Criterion.Type.TCP_SRC : Criterion.Type.UDP_SRC;
    }
}
