package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action.Multipath.Algorithm;
import io.skylane.core.flow.Action.Multipath.HashFields;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OFTestMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The load balancer's Nicira actions, {@code ct} with {@code nat} (NXAST_CT holding an NXAST_NAT)
 * and {@code multipath} (NXAST_MULTIPATH), against the bytes Open vSwitch 3.1 produces:
 * {@code golden/ovs-lb/*.bin} were captured from {@code ovs-ofctl -O OpenFlow13 add-flow} and from
 * the bridge's flow statistics (see {@code src/test/ovs/README.md}). The rules are those of
 * docs/load-balancer-design.md: segment 100, VIP 10.0.0.100:80, member 10.0.0.21:8080,
 * LB zone 61540, hairpin zone 57444.
 *
 * <p>Open vSwitch writes the OXMs of a match in its own order (IPv4 addresses before ip_proto,
 * metadata last), the encoder in the core's: a FLOW_MOD is compared with OVS's byte for byte
 * except for the order of the OXMs in its match.
 */
class LoadBalancerActionsTest {

    static final DeviceId D = DeviceId.of(0xd1);
    static final long COOKIE = AppId.of(40, "load-balancer").cookie(1);
    static final int LBZ = 61540;
    static final int HZ = 57444;
    static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");
    static final long SEGMENT = 100;
    static final long SEGMENT_MASK = 0xffffff;
    static final long NEW_NOT_INVALID = Criterion.CT_TRK | Criterion.CT_NEW;

    static FlowRule.Builder base(int table, int priority) {
        return FlowRule.builder().device(D).table(table).priority(priority).cookie(COOKIE);
    }

    static Match.Builder l4(int proto) {
        return Match.builder().add(Criterion.ethType(EthType.IPV4)).add(Criterion.ipProto(proto));
    }

    static Criterion host(Ip4Address a, boolean dst) {
        return dst ? Criterion.ipv4Dst(Ip4Prefix.of(a, 32)) : Criterion.ipv4Src(Ip4Prefix.of(a, 32));
    }

    /** {@code table=10,priority=4500,tcp,metadata=<listener 1, slot 5>,actions=ct(commit,zone=61540,nat(dst=10.0.0.21:8080),table=4)} */
    static FlowRule dnat() {
        return base(10, 4500).match(l4(IpProtocol.TCP).add(Criterion.metadata(0x0001000500000000L, 0xffffffff00000000L))
                .build()).apply(Action.ctCommitNat(LBZ, Nat.dst(MEMBER, 8080), 4)).build();
    }

    /** {@code table=4,priority=4100,tcp,metadata=100/0xffffff,nw_dst=VIP,tp_dst=80,actions=ct(zone=61540,nat,table=4)} */
    static FlowRule lookup() {
        return base(4, 4100).match(l4(IpProtocol.TCP).add(Criterion.metadata(SEGMENT, SEGMENT_MASK)).add(host(VIP, true))
                .add(Criterion.exact(Criterion.Type.TCP_DST, 80)).build()).apply(Action.ctNat(LBZ, 4)).build();
    }

    /** The hairpin SNAT: {@code ct(commit,zone=57444,nat(src=10.0.0.100:1024-65279),table=4)}. */
    static FlowRule hairpin() {
        return base(4, 4600).match(l4(IpProtocol.TCP).add(Criterion.metadata(SEGMENT, SEGMENT_MASK))
                        .add(host(MEMBER, false)).add(host(MEMBER, true)).add(Criterion.exact(Criterion.Type.TCP_DST, 8080))
                        .add(Criterion.ctState(Criterion.CT_TRK, 0)).add(Criterion.ctZone(LBZ)).build())
                .apply(Action.ctCommitNat(HZ, Nat.src(VIP, 1024, 65279), 4)).build();
    }

    /** The slot choice: {@code multipath(<fields>,basis,modulo_n,n,0,OXM_OF_METADATA[32..47]),write_metadata,goto_table:10}. */
    static FlowRule select(int proto, int port, HashFields fields, int basis, int nLinks, long listener) {
        Criterion.Type dst = proto == IpProtocol.TCP ? Criterion.Type.TCP_DST : Criterion.Type.UDP_DST;
        return base(4, 4500).match(l4(proto).add(Criterion.metadata(SEGMENT, SEGMENT_MASK)).add(host(VIP, true))
                        .add(Criterion.exact(dst, port)).add(Criterion.ctState(NEW_NOT_INVALID, Criterion.CT_INV))
                        .add(Criterion.ctZone(LBZ)).build())
                .apply(Action.multipath(fields, basis, Algorithm.MODULO_N, nLinks, 0, 32, 16))
                .instruction(new Instruction.WriteMetadata(listener << 48, 0xffff000000000000L)).gotoTable(10).build();
    }

    /** A UDP listener's DNAT to an address range and a port range. */
    static FlowRule dnatRange() {
        return base(10, 4500).match(l4(IpProtocol.UDP).add(Criterion.metadata(0x0002000700000000L, 0xffffffff00000000L))
                .build()).apply(new Action.Ct(true, LBZ, OptionalInt.of(4), Optional.of(new Nat(Nat.Type.DST, MEMBER,
                        Ip4Address.parse("10.0.0.23"), 5353, 5354)))).build();
    }

    /** The FLOW_MODs {@code ovs-ofctl} sent (xid 2), by golden file name, in capture order. */
    static Map<String, FlowRule> ovsFlowMods() {
        Map<String, FlowRule> m = new LinkedHashMap<>();
        m.put("ct_nat_dst_flow_mod", dnat());
        m.put("ct_nat_flow_mod", lookup());
        m.put("ct_nat_src_flow_mod", hairpin());
        m.put("multipath_nw_src_flow_mod", select(IpProtocol.TCP, 80, HashFields.NW_SRC, 0, 251, 1));
        m.put("multipath_l3l4_udp_flow_mod", select(IpProtocol.UDP, 53, HashFields.SYMMETRIC_L3L4_UDP, 7, 31, 2));
        m.put("ct_nat_dst_range_flow_mod", dnatRange());
        return m;
    }

    /** The same rules in the order of OVS's flow statistics reply. */
    static List<FlowRule> inReplyOrder() {
        Map<String, FlowRule> m = ovsFlowMods();
        return List.of(m.get("ct_nat_src_flow_mod"), m.get("multipath_nw_src_flow_mod"),
                m.get("multipath_l3l4_udp_flow_mod"), m.get("ct_nat_flow_mod"), m.get("ct_nat_dst_flow_mod"),
                m.get("ct_nat_dst_range_flow_mod"));
    }

    static byte[] golden(String name) throws IOException {
        return OvsGoldenFlowMods.golden("ovs-lb", name);
    }

    static OFMessage read(byte[] bytes) throws OFParseError {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        try {
            OFMessage m = MessageReader.readFrom(b);
            assertEquals(0, b.readableBytes(), "message not read to its end");
            return m;
        } finally {
            b.release();
        }
    }

    static byte[] encode(FlowRule r, long xid) {
        return OFTestMessages.bytes(FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF13, xid, OptionalInt.empty()));
    }

    @Test
    void skylaneEncodesTheBytesOvsOfctlSendsUpToTheOrderOfMatchFields() throws Exception {
        for (Map.Entry<String, FlowRule> e : ovsFlowMods().entrySet()) {
            assertSameFlowMod(golden(e.getKey() + ".bin"), encode(e.getValue(), 2), e.getKey());
            assertSameFlowMod(golden(e.getKey() + ".bin"), OvsGoldenFlowMods.encodeDirect(e.getValue()),
                    "written directly: " + e.getKey());
        }
    }

    @Test
    void theActionsAloneAreTheBytesOvsWrites() throws Exception {
        // NXAST_CT (24 bytes) + NXAST_NAT flags DST, IPV4_MIN|PROTO_MIN, 10.0.0.21, 8080, padding
        assertEquals("ffff0030000023200023000100000000f064040000000000"
                        + "ffff00180000232000240000000200110a0000151f900000",
                hex(actionBytes(Action.ctCommitNat(LBZ, Nat.dst(MEMBER, 8080), 4))));
        // plain nat: 16 bytes, no flags, no range
        assertEquals("ffff0028000023200023000000000000f064040000000000" + "ffff0010000023200024000000000000",
                hex(actionBytes(Action.ctNat(LBZ, 4))));
        // NXAST_MULTIPATH: nw_src (4), basis 0, modulo_n (0), max_link 250, arg 0, ofs_nbits 32<<6|15, OXM_OF_METADATA
        assertEquals("ffff002000002320000a000400000000000000fa000000000000080f80000408",
                hex(actionBytes(Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 251, 0, 32, 16))));
        for (Map.Entry<String, FlowRule> e : ovsFlowMods().entrySet()) {
            String ovs = hex(golden(e.getKey() + ".bin"));
            String ours = hex(actionBytes(e.getValue().applyActions().get(0)));
            assertTrue(ovs.contains(ours), e.getKey() + ": " + ours + " not in " + ovs);
        }
    }

    @Test
    void ovsFlowModsDecodeToTheCoreRulesAndWriteBackTheSameFlowMod() throws Exception {
        // openflowj writes a match\'s OXMs in its own order too
        OvsGoldenFlowMods.assertCapturesDecodeAndWriteBack("ovs-lb", ovsFlowMods());
    }

    @Test
    void ovsFlowStatsReplyDecodesToTheDesiredRulesSoTheAuditKeepsThem() throws Exception {
        byte[] bytes = golden("lb_flow_stats_reply.bin");
        OFFlowStatsReply reply = (OFFlowStatsReply) read(bytes);
        List<FlowRule> decoded = new ArrayList<>();
        for (OFFlowStatsEntry e : reply.getEntries()) {
            decoded.add(FlowStatsDecoder.toCore(e, D).rule());
        }
        assertEquals(inReplyOrder(), decoded);
        byte[] again = OFTestMessages.bytes(reply);
        assertEquals(bytes.length, again.length, "re-encoded length");
        List<FlowRule> reread = new ArrayList<>();
        for (OFFlowStatsEntry e : ((OFFlowStatsReply) read(again)).getEntries()) {
            reread.add(FlowStatsDecoder.toCore(e, D).rule());
        }
        assertEquals(decoded, reread);
    }

    @Test
    void natAndMultipathRoundTripWhereverActionsGo() throws Exception {
        List<FlowRule> rules = List.of(
                base(5, 1).match(l4(IpProtocol.TCP).build()).instruction(new Instruction.WriteActions(List.of(
                        Action.ctCommitNat(1, Nat.src(VIP), 6)))).build(),
                base(5, 2).match(l4(IpProtocol.UDP).build()).apply(Action.ctNat(2, 7),
                        Action.multipath(HashFields.SYMMETRIC_L3, 0xffff, Algorithm.HRW, 3, 0xffffffffL, 0, 2),
                        new Action.Ct(true, 3, OptionalInt.empty(), Optional.of(new Nat(Nat.Type.SRC, VIP,
                                Ip4Address.parse("10.0.0.101"), 0, 0))),
                        Action.output(PortNumber.of(1))).build(),
                base(5, 3).match(Match.builder().add(Criterion.ethType(EthType.IPV4)).build())
                        .apply(Action.multipath(HashFields.ETH_SRC, 1, Algorithm.ITER_HASH, 65536, 20, 0, 64)).build());
        for (FlowRule r : rules) {
            assertEquals(r, FlowRoundTripTest.decodeAfterWire(r, OF13));
        }
        GroupDescription g = new GroupDescription(D, 9, GroupDescription.Type.SELECT, List.of(
                GroupBucket.select(1, List.of(Action.ctCommitNat(LBZ, Nat.dst(MEMBER, 8080), 4))),
                GroupBucket.select(2, List.of(Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 251, 0, 32, 16),
                        Action.output(PortNumber.of(2))))), 40);
        org.projectfloodlight.openflow.protocol.OFGroupMod mod = (org.projectfloodlight.openflow.protocol.OFGroupMod)
                read(OFTestMessages.bytes(GroupTranslator.groupMod(SwitchOp.Kind.ADD, g, OF13, 3)));
        assertEquals(g.buckets().get(0).actions(), ActionTranslator.toCore(mod.getBuckets().get(0).getActions(), -1));
        assertEquals(g.buckets().get(1).actions(), ActionTranslator.toCore(mod.getBuckets().get(1).getActions(), -1));
    }

    @Test
    void whatTheCoreCannotExpressIsUndecodableAndTheRestOfTheReplyStillReads() throws Exception {
        List<OFAction> foreign = List.of(
                // nat(src=10.0.0.100,persistent): flags SRC|PERSISTENT
                ctWith(nat("0005", "0001", "0a000064")),
                // nat(dst) with an IPv6 minimum
                ctWith(nat("0002", "0004", "fd000000000000000000000000000001")),
                // nat(src) without an address
                ctWith(nat("0001", "0000", "")),
                // nat with a range but neither src nor dst
                ctWith(nat("0000", "0001", "0a000064")),
                // nat(src=..) and dst at once
                ctWith(nat("0003", "0001", "0a000064")),
                // a port maximum without a minimum
                ctWith(nat("0002", "0021", "0a0000641f90")),
                // a nat and a ct_mark set-field: two nested actions
                ctWith(nat("0000", "0000", "") + "0019001000000000" + "0001d60400000007"),
                // a lookup with nat(dst=..): OVS refuses it, the core cannot hold it
                ctWithFlags(0, nat("0002", "0001", "0a000015")),
                // multipath into reg0[0..7]
                new NxMultipathAction(4, 0, 0, 1, 0, 7, 0x00010004L),
                // multipath with unknown hash fields and an unknown algorithm
                new NxMultipathAction(9, 0, 0, 1, 0, 7, NxMultipathAction.OXM_OF_METADATA),
                new NxMultipathAction(4, 0, 7, 1, 0, 7, NxMultipathAction.OXM_OF_METADATA),
                // 300 links into 8 bits
                new NxMultipathAction(4, 0, 0, 299, 0, 7, NxMultipathAction.OXM_OF_METADATA));
        for (OFAction a : foreign) {
            byte[] bytes = OFTestMessages.bytes(OF13.buildFlowStatsReply().setEntries(List.of(entryWith(a),
                    entryWith(NxConntrackAction.of((Action.Ct) Action.ctNat(5, 3))))).build());
            OFFlowStatsReply reply = (OFFlowStatsReply) read(bytes);
            assertEquals(a, actions(reply.getEntries().get(0)).get(0));
            assertThrows(UndecodableException.class, () -> FlowStatsDecoder.toCore(reply.getEntries().get(0), D),
                    a.toString());
            assertEquals(List.of(Action.ctNat(5, 3)), FlowStatsDecoder.toCore(reply.getEntries().get(1), D).rule()
                    .applyActions());
            assertArrayEquals(bytes, OFTestMessages.bytes(reply));
        }
    }

    @Test
    void openFlow10HasNeither() {
        for (Action a : List.of(Action.ctNat(1, 2), Action.multipath(HashFields.NW_SRC, 0, Algorithm.MODULO_N, 2, 0, 0, 8))) {
            FlowRule r = FlowRule.builder().device(D).priority(1).cookie(COOKIE)
                    .match(Match.builder().add(Criterion.ethType(EthType.IPV4)).build()).apply(a).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF10, 1, OptionalInt.empty()));
            assertTrue(e.getMessage().contains("does not exist in OpenFlow 1.0"), e.getMessage());
        }
    }

    /**
     * Skylane's own encodings of the captured rules (the match in the core's OXM order), each
     * followed by what {@code ovs-ofctl ofp-print} made of it, in {@code golden/ovs-lb/skylane_encodings.txt}.
     */
    static Map<String, OFMessage> skylaneEncodings() {
        Map<String, OFMessage> m = new LinkedHashMap<>();
        long xid = 20;
        for (Map.Entry<String, FlowRule> e : ovsFlowMods().entrySet()) {
            m.put(e.getKey(), FlowModEncoder.flowMod(SwitchOp.Kind.ADD, e.getValue(), OF13, xid++, OptionalInt.empty()));
        }
        return m;
    }

    @Test
    void skylaneEncodingsStillMatchWhatOvsAccepted() throws Exception {
        RecordedEncodings.assertUnchanged(golden("skylane_encodings.txt"), skylaneEncodings());
    }

    /** Prints the encodings as {@code name hex} lines for {@code ovs-ofctl ofp-print} and {@code ovs_of13.py send}. */
    public static void main(String[] args) {
        RecordedEncodings.print(skylaneEncodings());
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * Two OpenFlow 1.3 FLOW_MODs are the same but for the order of the OXMs in their match: the
     * fixed part, the match's type and length, the set of OXM TLVs, and everything after the match.
     */
    static void assertSameFlowMod(byte[] expected, byte[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        int match = 48;
        assertEquals(hex(slice(expected, 0, match + 4)), hex(slice(actual, 0, match + 4)), what + ": header");
        int matchLength = ((expected[match + 2] & 0xff) << 8) | (expected[match + 3] & 0xff);
        assertEquals(sortedOxms(expected, match + 4, match + matchLength), sortedOxms(actual, match + 4, match + matchLength),
                what + ": match fields");
        int after = match + ((matchLength + 7) & ~7);
        assertEquals(hex(slice(expected, after, expected.length)), hex(slice(actual, after, actual.length)),
                what + ": instructions");
    }

    private static List<String> sortedOxms(byte[] b, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int at = from; at < to; ) {
            int len = 4 + (b[at + 3] & 0xff);
            out.add(hex(slice(b, at, at + len)));
            at += len;
        }
        out.sort(null);
        return out;
    }

    static byte[] actionBytes(Action a) {
        ByteBuf b = Unpooled.buffer();
        ActionTranslator.toOpenFlow(a, OF13).writeTo(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }

    /** An NXAST_NAT with these flags, range_present and range bytes (hex), padded to 8. */
    private static String nat(String flags, String present, String ranges) {
        int length = (16 + ranges.length() / 2 + 7) & ~7;
        StringBuilder s = new StringBuilder(String.format("ffff%04x000023200024" + "0000", length))
                .append(flags).append(present).append(ranges);
        while (s.length() < 2 * length) {
            s.append('0');
        }
        return s.toString();
    }

    private static NxConntrackAction ctWith(String nested) {
        return ctWithFlags(NxConntrackAction.FLAG_COMMIT, nested);
    }

    private static NxConntrackAction ctWithFlags(int flags, String nested) {
        return new NxConntrackAction(flags, 0, 5, 4, 0, ConntrackTranslationTest.hex(nested));
    }

    private static OFFlowStatsEntry entryWith(OFAction a) {
        return OF13.buildFlowStatsEntry().setMatch(MatchTranslator.toOpenFlow(Match.builder()
                        .add(Criterion.ethType(EthType.IPV4)).build(), OF13))
                .setTableId(TableId.of(1)).setCookie(U64.of(COOKIE)).setPriority(1)
                .setInstructions(List.of(OF13.instructions().applyActions(List.of(a)))).build();
    }

    private static List<OFAction> actions(OFFlowStatsEntry e) {
        return ((OFInstructionApplyActions) e.getInstructions().get(0)).getActions();
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    static String hex(byte[] b) {
        return ConntrackTranslationTest.hex(b);
    }
}
