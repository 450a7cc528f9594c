package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.southbound.SwitchOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.projectfloodlight.openflow.protocol.OFFactory;

/**
 * {@link FlowModWriter} writes the bytes openflowj writes for the same rule through
 * {@link FlowModEncoder}: hand-picked rules (every match field, mask, instruction and action the
 * translators support, Nicira's ct, nat, multipath, conjunction and conj_id), then thousands of generated ones, for
 * ADD, MODIFY_STRICT and DELETE_STRICT; OpenFlow 1.0 goes through openflowj itself.
 */
class DirectFlowModTest {

    private static final int GENERATED = 5_000;

    static Stream<FlowRule> handPicked() {
        Match ip = Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(IpProtocol.TCP)).build();
        return Stream.concat(FlowRoundTripTest.rules13(), Stream.of(
                FlowRoundTripTest.base().match(Match.builder().add(Criterion.tunnelSrc(Ip4Address.parse("172.31.199.2")))
                                .add(new Criterion.NumberField(Type.TUNNEL_ID, 0x5000, 0xff00))
                                .add(Criterion.ctState(Criterion.CT_TRK | Criterion.CT_EST, Criterion.CT_INV))
                                .add(Criterion.ctZone(7)).add(Criterion.ethType(EthType.IPV4)).build())
                        .apply(Action.setTunnelDst(Ip4Address.parse("172.31.199.3")), Action.setTunnelId(77),
                                Action.ct(3, 4), Action.output(PortNumber.of(0xffffff00L))).build(),
                FlowRoundTripTest.base().table(2).match(ip)
                        .apply(Action.ctCommitNat(5, Nat.dst(Ip4Address.parse("10.0.0.21"), 8080), 3)).build(),
                FlowRoundTripTest.base().table(2).match(ip)
                        .apply(Action.ctCommitNat(5, Nat.src(Ip4Address.parse("10.0.0.1"), 1000, 2000), 3),
                                Action.ctNat(6, 4), Action.ctCommit(9)).build(),
                FlowRoundTripTest.base().table(2).match(ip)
                        .apply(Action.multipath(Action.Multipath.HashFields.NW_SRC, 0, Action.Multipath.Algorithm.MODULO_N,
                                251, 0, 32, 16)).gotoTable(3).build(),
                FlowRoundTripTest.base().match(Match.builder().add(Criterion.inPort(PortNumber.LOCAL))
                                .add(Criterion.ethSrc(MacAddress.parse("fe:dc:ba:98:76:54"))).build())
                        .apply(new Action.Group(0xffffff00), new Action.PushVlan(EthType.QINQ),
                                Action.setField(Type.VLAN_PCP, 7), Action.setField(Type.MPLS_LABEL, 0xfffff),
                                Action.setField(Type.METADATA, -1L)).build(),
                FlowRoundTripTest.base().match(ip).instruction(new Instruction.Meter(0xffff0000L))
                        .instruction(new Instruction.WriteMetadata(-1L, -1L)).build()));
    }

    @ParameterizedTest
    @MethodSource("handPicked")
    void handPickedRulesAreWrittenAsOpenflowjWritesThem(FlowRule rule) {
        for (SwitchOp.Kind kind : SwitchOp.Kind.values()) {
            assertSameBytes(kind, rule, OF13, 0x12345678L);
        }
    }

    /** The property: any rule the core can build, any kind, any xid. */
    @Test
    void generatedRulesAreWrittenAsOpenflowjWritesThem() {
        Random random = new Random(15);
        RuleGenerator gen = new RuleGenerator(random);
        int compared = 0;
        for (int i = 0; i < GENERATED; i++) {
            FlowRule rule = gen.rule();
            SwitchOp.Kind kind = SwitchOp.Kind.values()[random.nextInt(3)];
            if (assertSameBytes(kind, rule, OF13, random.nextInt() & 0xffffffffL)) {
                compared++;
            }
        }
        // the refusals (ip_proto 255, ports between OFPP_MAX and OFPP_IN_PORT) are a few
        assertTrue(compared > GENERATED * 9 / 10, compared + " of " + GENERATED + " compared");
    }

    @Test
    void everyMatchFieldAppearsInTheGeneratedRules() {
        RuleGenerator gen = new RuleGenerator(new Random(15));
        java.util.EnumSet<Type> exact = java.util.EnumSet.noneOf(Type.class);
        java.util.EnumSet<Type> masked = java.util.EnumSet.noneOf(Type.class);
        for (int i = 0; i < GENERATED; i++) {
            for (Criterion c : gen.rule().match().criteria()) {
                (c.isMasked() ? masked : exact).add(c.type());
            }
        }
        assertEquals(java.util.EnumSet.allOf(Type.class), exact);
        assertEquals(java.util.EnumSet.of(Type.METADATA, Type.ETH_DST, Type.ETH_SRC, Type.IPV4_SRC, Type.IPV4_DST,
                Type.TCP_SRC, Type.TCP_DST, Type.UDP_SRC, Type.UDP_DST, Type.ARP_SPA, Type.ARP_TPA, Type.ARP_SHA,
                Type.ARP_THA, Type.TUNNEL_ID, Type.CT_STATE), masked);
    }

    /** OpenFlow 1.0 is not written directly: the writer hands it to openflowj, bytes and refusals alike. */
    @ParameterizedTest
    @MethodSource("io.skylane.southbound.translate.FlowRoundTripTest#rules10")
    void openFlow10GoesThroughOpenflowj(FlowRule rule) {
        for (SwitchOp.Kind kind : SwitchOp.Kind.values()) {
            assertSameBytes(kind, rule, OF10, 99);
        }
    }

    @Test
    void whatOpenflowjRefusesIsRefused() {
        FlowRule table3 = FlowRoundTripTest.base().table(3).build();
        assertThrows(IllegalArgumentException.class, () -> write(SwitchOp.Kind.ADD, table3, OF10, 1));
        // openflowj has no port between OFPP_MAX and OFPP_IN_PORT, in a match or in an output
        for (long port : new long[] {0xffffff01L, 0xfffffff7L}) {
            FlowRule inPort = FlowRoundTripTest.base().match(Match.builder()
                    .add(Criterion.inPort(PortNumber.of(port))).build()).build();
            FlowRule output = FlowRoundTripTest.base().apply(Action.output(PortNumber.of(port))).build();
            for (FlowRule r : List.of(inPort, output)) {
                assertThrows(IllegalArgumentException.class,
                        () -> FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF13, 1, OptionalInt.empty()));
                assertThrows(IllegalArgumentException.class, () -> write(SwitchOp.Kind.ADD, r, OF13, 1));
            }
        }
    }

    /**
     * The same bytes, or, where openflowj refuses the rule, the same refusal.
     *
     * @return false if the rule was refused
     */
    private static boolean assertSameBytes(SwitchOp.Kind kind, FlowRule rule, OFFactory factory, long xid) {
        ByteBuf expected = Unpooled.buffer();
        try {
            FlowModEncoder.flowMod(kind, rule, factory, xid, OptionalInt.empty()).writeTo(expected);
        } catch (IllegalArgumentException refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> write(kind, rule, factory, xid), () -> "openflowj refuses " + rule);
            assertEquals(refused.getMessage(), e.getMessage());
            return false;
        }
        byte[] actual = write(kind, rule, factory, xid);
        assertArrayEquals(ByteBufUtil.getBytes(expected), actual,
                () -> kind + " " + rule + "\nexpected " + ByteBufUtil.hexDump(expected) + "\nactual   "
                        + ByteBufUtil.hexDump(actual));
        return true;
    }

    /** Writes after a few bytes already in the buffer, as in a batch. */
    private static byte[] write(SwitchOp.Kind kind, FlowRule rule, OFFactory factory, long xid) {
        ByteBuf out = Unpooled.buffer(16);
        out.writeBytes(new byte[] {1, 2, 3});
        FlowModWriter.write(kind, rule, factory, xid, out);
        out.skipBytes(3);
        return ByteBufUtil.getBytes(out);
    }

    /** Random rules within what the core allows: prerequisites, masks, instruction order, ct on IPv4. */
    private static final class RuleGenerator {
        private final Random r;

        RuleGenerator(Random r) {
            this.r = r;
        }

        FlowRule rule() {
            int table = r.nextInt(255);
            Match match = match();
            boolean ipv4 = match.get(Type.ETH_TYPE).filter(c -> ((Criterion.NumberField) c).value() == EthType.IPV4)
                    .isPresent();
            FlowRule.Builder b = FlowRoundTripTest.base().table(table).priority(r.nextInt(0x10000)).match(match)
                    .cookie(r.nextLong()).idleTimeout(r.nextInt(3) == 0 ? r.nextInt(0x10000) : 0)
                    .hardTimeout(r.nextInt(3) == 0 ? r.nextInt(0x10000) : 0).notifyRemoval(r.nextBoolean());
            if (chance(8)) {
                // a clause of conjunctive matches: conjunction actions alone
                List<Action> conjunctions = new ArrayList<>();
                for (int i = 1 + r.nextInt(4); i > 0; i--) {
                    int n = 2 + r.nextInt(63);
                    conjunctions.add(Action.conjunction(r.nextInt() & 0xffffffffL, 1 + r.nextInt(n), n));
                }
                return b.instruction(new Instruction.ApplyActions(conjunctions)).build();
            }
            if (chance(4)) {
                b.instruction(new Instruction.Meter(1 + r.nextInt(0x7fffffff)));
            }
            if (chance(2)) {
                b.instruction(new Instruction.ApplyActions(actions(ipv4)));
            }
            if (chance(6)) {
                b.instruction(new Instruction.ClearActions());
            }
            if (chance(4)) {
                b.instruction(new Instruction.WriteActions(actions(ipv4)));
            }
            if (chance(4)) {
                b.instruction(new Instruction.WriteMetadata(r.nextLong(), r.nextLong() | 1));
            }
            if (table < 254 && chance(2)) {
                b.gotoTable(table + 1 + r.nextInt(254 - table));
            }
            return b.build();
        }

        private Match match() {
            Match.Builder m = Match.builder();
            if (chance(3)) {
                m.add(Criterion.inPort(port()));
            }
            if (chance(4)) {
                m.add(new Criterion.NumberField(Type.METADATA, r.nextLong(), chance(2) ? -1L : nonZero(-1L)));
            }
            if (chance(3)) {
                m.add(new Criterion.MacField(chance(2) ? Type.ETH_SRC : Type.ETH_DST, mac(), chance(2)
                        ? MacAddress.BROADCAST : MacAddress.of(nonZero(0xffffffffffffL))));
            }
            if (chance(3)) {
                VlanId vlan = chance(3) ? VlanId.NONE : VlanId.of(r.nextInt(4096));
                m.add(Criterion.vlan(vlan));
                if (!vlan.isNone() && chance(2)) {
                    m.add(Criterion.exact(Type.VLAN_PCP, r.nextInt(8)));
                }
            }
            if (chance(4)) {
                m.add(new Criterion.NumberField(Type.TUNNEL_ID, r.nextLong(), chance(2) ? -1L : nonZero(-1L)));
            }
            if (chance(5)) {
                m.add(Criterion.tunnelSrc(Ip4Address.of(r.nextInt())));
            }
            if (chance(5)) {
                m.add(Criterion.tunnelDst(Ip4Address.of(r.nextInt())));
            }
            if (chance(4)) {
                m.add(new Criterion.NumberField(Type.CT_STATE, r.nextInt(256), chance(2) ? 0xffffffffL : nonZero(0xff)));
            }
            if (chance(5)) {
                m.add(Criterion.ctZone(r.nextInt(0x10000)));
            }
            if (chance(6)) {
                m.add(Criterion.conjId(r.nextInt() & 0xffffffffL));
            }
            switch (r.nextInt(5)) {
                case 0 -> ipv4(m);
                case 1 -> arp(m);
                case 2 -> {
                    m.add(Criterion.ethType(EthType.MPLS_UNICAST));
                    m.add(Criterion.exact(Type.MPLS_LABEL, r.nextInt(1 << 20)));
                }
                case 3 -> m.add(Criterion.ethType(r.nextInt(0x10000)));
                default -> {
                }
            }
            return m.build();
        }

        private void ipv4(Match.Builder m) {
            m.add(Criterion.ethType(EthType.IPV4));
            if (chance(2)) {
                m.add(Criterion.ipv4Src(prefix()));
            }
            if (chance(2)) {
                m.add(Criterion.ipv4Dst(prefix()));
            }
            if (chance(3)) {
                m.add(Criterion.exact(Type.IP_DSCP, r.nextInt(64)));
            }
            switch (r.nextInt(5)) {
                case 0 -> ports(m, IpProtocol.TCP, Type.TCP_SRC, Type.TCP_DST);
                case 1 -> ports(m, IpProtocol.UDP, Type.UDP_SRC, Type.UDP_DST);
                case 2 -> {
                    m.add(Criterion.ipProto(IpProtocol.ICMP));
                    if (chance(2)) {
                        m.add(Criterion.exact(Type.ICMPV4_TYPE, r.nextInt(256)));
                    }
                    if (chance(2)) {
                        m.add(Criterion.exact(Type.ICMPV4_CODE, r.nextInt(256)));
                    }
                }
                case 3 -> m.add(Criterion.ipProto(r.nextInt(256)));
                default -> {
                }
            }
        }

        private void ports(Match.Builder m, int proto, Type src, Type dst) {
            m.add(Criterion.ipProto(proto));
            for (Type t : List.of(src, dst)) {
                if (chance(2)) {
                    m.add(new Criterion.NumberField(t, r.nextInt(0x10000), chance(2) ? 0xffff : nonZero(0xffff)));
                }
            }
        }

        private void arp(Match.Builder m) {
            m.add(Criterion.ethType(EthType.ARP));
            if (chance(2)) {
                m.add(Criterion.exact(Type.ARP_OP, r.nextInt(0x10000)));
            }
            if (chance(2)) {
                m.add(Criterion.arpSpa(prefix()));
            }
            if (chance(2)) {
                m.add(Criterion.arpTpa(prefix()));
            }
            for (Type t : List.of(Type.ARP_SHA, Type.ARP_THA)) {
                if (chance(2)) {
                    m.add(new Criterion.MacField(t, mac(), chance(2) ? MacAddress.BROADCAST
                            : MacAddress.of(nonZero(0xffffffffffffL))));
                }
            }
        }

        private List<Action> actions(boolean ipv4) {
            int n = r.nextInt(5);
            List<Action> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(action(ipv4));
            }
            return out;
        }

        private Action action(boolean ipv4) {
            switch (r.nextInt(12)) {
                case 0:
                    return new Action.Output(chance(4) ? PortNumber.CONTROLLER : outputPort(), r.nextInt(0x10000));
                case 1:
                    return new Action.PushVlan(chance(2) ? EthType.VLAN : EthType.QINQ);
                case 2:
                    return new Action.PopVlan();
                case 3:
                    return new Action.PushMpls(chance(2) ? EthType.MPLS_UNICAST : 0x8848);
                case 4:
                    return new Action.PopMpls(1 + r.nextInt(0xffff));
                case 5:
                    return new Action.DecNwTtl();
                case 6:
                    int group = r.nextInt();
                    return new Action.Group(Integer.compareUnsigned(group, 0xffffff00) > 0 ? 0xffffff00 : group);
                case 7:
                    if (ipv4) {
                        return ct();
                    }
                    return Action.output(outputPort());
                case 8:
                    return new Action.Multipath(Action.Multipath.HashFields.values()[r.nextInt(7)], r.nextInt(0x10000),
                            Action.Multipath.Algorithm.values()[r.nextInt(4)], 1 + r.nextInt(256),
                            r.nextInt() & 0xffffffffL, r.nextInt(40), 8 + r.nextInt(17));
                default:
                    return new Action.SetField(setField());
            }
        }

        private Action ct() {
            boolean commit = r.nextBoolean();
            OptionalInt table = chance(2) ? OptionalInt.empty() : OptionalInt.of(r.nextInt(255));
            Optional<Nat> nat = switch (r.nextInt(commit ? 5 : 2)) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(Nat.existing());
                case 2 -> Optional.of(Nat.dst(Ip4Address.of(1 + r.nextInt(0x7fffffff)), r.nextInt(0x10000)));
                case 3 -> Optional.of(Nat.src(Ip4Address.of(1 + r.nextInt(0x7fffffff))));
                default -> {
                    int min = 1 + r.nextInt(0xfffe);
                    yield Optional.of(Nat.src(Ip4Address.of(1 + r.nextInt(0x7fffffff)), min, min + r.nextInt(0x10000 - min)));
                }
            };
            return new Action.Ct(commit, r.nextInt(0x10000), table, nat);
        }

        private Criterion setField() {
            Type[] settable = {Type.METADATA, Type.ETH_DST, Type.ETH_SRC, Type.ETH_TYPE, Type.VLAN_VID, Type.VLAN_PCP,
                Type.IP_DSCP, Type.IP_PROTO, Type.IPV4_SRC, Type.IPV4_DST, Type.TCP_SRC, Type.TCP_DST, Type.UDP_SRC,
                Type.UDP_DST, Type.ICMPV4_TYPE, Type.ICMPV4_CODE, Type.ARP_OP, Type.ARP_SPA, Type.ARP_TPA,
                Type.ARP_SHA, Type.ARP_THA, Type.MPLS_LABEL, Type.TUNNEL_ID, Type.TUN_IPV4_SRC, Type.TUN_IPV4_DST};
            Type t = settable[r.nextInt(settable.length)];
            return switch (t) {
                case ETH_DST, ETH_SRC, ARP_SHA, ARP_THA -> new Criterion.MacField(t, mac(), MacAddress.BROADCAST);
                case IPV4_SRC, IPV4_DST, ARP_SPA, ARP_TPA, TUN_IPV4_SRC, TUN_IPV4_DST ->
                        new Criterion.Ip4Field(t, Ip4Prefix.of(Ip4Address.of(r.nextInt()), 32));
                case VLAN_VID -> Criterion.vlan(VlanId.of(r.nextInt(4096)));
                default -> Criterion.exact(t, r.nextLong() & t.fullMask());
            };
        }

        private PortNumber port() {
            return switch (r.nextInt(16)) {
                case 0, 1, 2, 3 -> PortNumber.of(0xfffffff8L + r.nextInt(8));
                case 4, 5, 6, 7 -> PortNumber.of(r.nextInt() & 0xffffffffL & 0x7fffffffL);
                // OFPP_MAX, then numbers openflowj refuses
                case 8 -> PortNumber.of(0xffffff00L + r.nextInt(8));
                default -> PortNumber.of(r.nextInt(4096));
            };
        }

        private PortNumber outputPort() {
            PortNumber p = port();
            return p.equals(PortNumber.ANY) ? PortNumber.of(1) : p;
        }

        private Ip4Prefix prefix() {
            return Ip4Prefix.of(Ip4Address.of(r.nextInt()), 1 + r.nextInt(32));
        }

        private MacAddress mac() {
            return MacAddress.of(r.nextLong() & 0xffffffffffffL);
        }

        private long nonZero(long full) {
            long v;
            do {
                v = r.nextLong() & full;
            } while (v == 0);
            return v;
        }

        private boolean chance(int oneIn) {
            return r.nextInt(oneIn) == 0;
        }
    }
}
