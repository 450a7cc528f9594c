package io.skylane.bench;

import static io.skylane.bench.TestMessages.OF10;
import static io.skylane.bench.TestMessages.OF13;
import static io.skylane.bench.TestMessages.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The recording table kept as bytes behaves as a switch's table, in both versions. */
class EmulatedFlowTableTest {

    private static final int WATCH = 77;

    private static Match ipDst(OFFactory f, String ip) {
        return f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of(ip)).build();
    }

    private static List<OFAction> output(OFFactory f, int port) {
        return List.of(f.actions().output(OFPort.of(port), 0));
    }

    private static OFFlowMod add(OFFactory f, String ip, int port, long cookie) {
        OFFlowMod.Builder b = f.buildFlowAdd().setXid(1).setPriority(WATCH).setMatch(ipDst(f, ip))
                .setCookie(U64.of(cookie));
        return f.getVersion() == OFVersion.OF_10 ? b.setActions(output(f, port)).build()
                : b.setTableId(TableId.of(0)).setInstructions(List.of(f.instructions().applyActions(output(f, port))))
                        .build();
    }

    private static void apply(EmulatedFlowTable t, OFMessage m) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes(m));
        int version = b.getUnsignedByte(0);
        assertTrue(t.apply(b, 0, b.readableBytes(), version, Wire.flowModCommand(b, 0, version), 0));
    }

    private static OFFlowStatsRequest allFlows(OFFactory f) {
        return f.getVersion() == OFVersion.OF_10 ? f.buildFlowStatsRequest().setXid(9).build()
                : f.buildFlowStatsRequest().setXid(9).setTableId(TableId.ALL).build();
    }

    private static List<OFMessage> replies(EmulatedFlowTable t, OFFlowStatsRequest req) {
        ByteBuf out = Unpooled.buffer();
        t.writeFlowStats(req, 0, out);
        return TestMessages.parseAll(out);
    }

    private static List<OFFlowStatsEntry> stats(EmulatedFlowTable t, OFFactory f) {
        return replies(t, allFlows(f)).stream().flatMap(r -> ((OFFlowStatsReply) r).getEntries().stream()).toList();
    }

    /** The entry openflowj would write for a switch holding {@code mod} (counters and age zero). */
    private static OFFlowStatsEntry expected(OFFactory f, OFFlowMod mod) {
        OFFlowStatsEntry.Builder b = f.buildFlowStatsEntry().setMatch(mod.getMatch()).setPriority(mod.getPriority())
                .setCookie(mod.getCookie()).setIdleTimeout(mod.getIdleTimeout()).setHardTimeout(mod.getHardTimeout())
                .setDurationSec(0).setDurationNsec(0).setPacketCount(U64.ZERO).setByteCount(U64.ZERO)
                .setTableId(TableId.of(0));
        return f.getVersion() == OFVersion.OF_10 ? b.setActions(mod.getActions()).build()
                : b.setInstructions(mod.getInstructions()).setFlags(mod.getFlags()).build();
    }

    @Test
    void flowStatsAreTheBytesOpenflowjWouldWrite() {
        for (OFFactory f : List.of(OF13, OF10)) {
            EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
            OFFlowMod a = add(f, "10.0.0.1", 1, 0x14_0000_0000_0001L);
            OFFlowMod.Builder flagged = add(f, "10.0.0.2", 2, 7).createBuilder().setIdleTimeout(30).setHardTimeout(60)
                    .setFlags(java.util.Set.of(org.projectfloodlight.openflow.protocol.OFFlowModFlags.SEND_FLOW_REM));
            OFFlowMod b = flagged.build();
            apply(t, a);
            apply(t, b);
            ByteBuf out = Unpooled.buffer();
            t.writeFlowStats(allFlows(f), 0, out);
            byte[] raw = new byte[out.readableBytes()];
            out.readBytes(raw);

            OFMessage want = f.buildFlowStatsReply().setXid(9).setEntries(List.of(expected(f, a), expected(f, b)))
                    .build();
            org.junit.jupiter.api.Assertions.assertArrayEquals(bytes(want), raw, f.getVersion().toString());
        }
    }

    @Test
    void largeTablesAnswerInSeveralRepliesAllButTheLastFlaggedMore() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        for (int i = 0; i < 1500; i++) {
            apply(t, add(OF13, "10.1." + (i >> 8) + "." + (i & 0xff), 1, 0));
        }
        List<OFMessage> replies = replies(t, allFlows(OF13));
        assertTrue(replies.size() >= 2, "1 500 entries do not fit in one reply of 60 000 bytes");
        int entries = 0;
        for (int i = 0; i < replies.size(); i++) {
            OFFlowStatsReply r = (OFFlowStatsReply) replies.get(i);
            assertEquals(i < replies.size() - 1, r.getFlags().contains(
                    org.projectfloodlight.openflow.protocol.OFStatsReplyFlags.REPLY_MORE));
            assertTrue(bytes(r).length <= 60_000);
            entries += r.getEntries().size();
        }
        assertEquals(1500, entries);
    }

    @Test
    void aRequestWithAMatchSelectsTheEntriesHavingItsFields() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        apply(t, add(OF13, "10.0.0.1", 1, 0));
        apply(t, add(OF13, "10.0.0.2", 1, 0));
        OFFlowStatsRequest one = OF13.buildFlowStatsRequest().setXid(9).setTableId(TableId.ALL)
                .setMatch(ipDst(OF13, "10.0.0.2")).build();
        List<OFFlowStatsEntry> got = replies(t, one).stream()
                .flatMap(r -> ((OFFlowStatsReply) r).getEntries().stream()).toList();
        assertEquals(1, got.size());
        assertEquals(IPv4Address.of("10.0.0.2"), got.get(0).getMatch().get(MatchField.IPV4_DST));
    }

    private static Set<IPv4Address> destinations(EmulatedFlowTable t, OFFactory f) {
        return stats(t, f).stream().map(e -> e.getMatch().get(MatchField.IPV4_DST)).collect(Collectors.toSet());
    }

    @Test
    void addsReplaceStrictDeletesRemoveAndStatsListWhatIsLeft() {
        for (OFFactory f : List.of(OF13, OF10)) {
            EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
            apply(t, add(f, "10.0.0.1", 1, 5));
            apply(t, add(f, "10.0.0.2", 1, 5));
            apply(t, add(f, "10.0.0.2", 3, 5)); // same key: replaces
            assertEquals(2, t.count(), f.getVersion().toString());
            assertEquals(2, t.watchedFlows());
            assertEquals(3, t.watchedAdds());

            apply(t, f.buildFlowDeleteStrict().setXid(2).setPriority(WATCH).setMatch(ipDst(f, "10.0.0.1")).build());
            assertEquals(Set.of(IPv4Address.of("10.0.0.2")), destinations(t, f));
            OFFlowStatsEntry e = stats(t, f).get(0);
            assertEquals(U64.of(5), e.getCookie());
            assertEquals(WATCH, e.getPriority());
            List<OFAction> actions = f.getVersion() == OFVersion.OF_10 ? e.getActions()
                    : ((org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions)
                            e.getInstructions().get(0)).getActions();
            assertEquals(output(f, 3), actions);
            assertEquals(0, t.undecodable());
        }
    }

    @Test
    void aStrictDeleteHonoursTheCookieMaskAndADeleteOfEverythingEmptiesTheTable() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        apply(t, add(OF13, "10.0.0.1", 1, 0x14_0000_0000_0000L));
        apply(t, OF13.buildFlowDeleteStrict().setXid(2).setPriority(WATCH).setTableId(TableId.of(0))
                .setMatch(ipDst(OF13, "10.0.0.1")).setCookie(U64.of(0x15_0000_0000_0000L))
                .setCookieMask(U64.of(0xffff_0000_0000_0000L)).build());
        assertEquals(1, t.count(), "another app's cookie: kept");
        apply(t, add(OF13, "10.0.0.2", 1, 0));
        apply(t, OF13.buildFlowDelete().setXid(3).setTableId(TableId.ALL).build());
        assertEquals(0, t.count());
    }

    @Test
    void nonStrictDeletesAndModifiesSelectByMatchFields() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        apply(t, add(OF13, "10.0.0.1", 1, 0));
        apply(t, add(OF13, "10.0.0.2", 1, 0));
        apply(t, OF13.buildFlowAdd().setXid(1).setPriority(5).setTableId(TableId.of(0))
                .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.ARP).build()).build());

        apply(t, OF13.buildFlowModifyStrict().setXid(4).setPriority(WATCH).setTableId(TableId.of(0))
                .setMatch(ipDst(OF13, "10.0.0.2"))
                .setInstructions(List.of(OF13.instructions().applyActions(output(OF13, 9)))).build());
        OFFlowStatsEntry modified = stats(t, OF13).stream()
                .filter(e -> IPv4Address.of("10.0.0.2").equals(e.getMatch().get(MatchField.IPV4_DST))).findFirst()
                .orElseThrow();
        assertEquals(List.of(OF13.instructions().applyActions(output(OF13, 9))), modified.getInstructions());

        apply(t, OF13.buildFlowDelete().setXid(5).setTableId(TableId.ALL)
                .setMatch(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build()).build());
        assertEquals(1, t.count(), "only the ARP entry has no IPv4 eth_type");
        assertEquals(0, t.watchedFlows());
    }

    @Test
    void preloadedEntriesAreListedButNotCountedAsReceived() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        t.preload(bytes(add(OF13, "10.0.0.1", 1, 0)), 0);
        assertEquals(1, t.count());
        assertEquals(1, t.watchedFlows());
        assertEquals(0, t.watchedAdds());
        assertEquals(Set.of(IPv4Address.of("10.0.0.1")), destinations(t, OF13));
    }

    @Test
    void aTruncatedFlowModIsCountedAsUndecodable() {
        EmulatedFlowTable t = new EmulatedFlowTable(true, WATCH);
        byte[] whole = bytes(add(OF13, "10.0.0.1", 1, 0));
        ByteBuf cut = Unpooled.wrappedBuffer(whole, 0, 40);
        assertFalse(t.apply(cut, 0, 40, Wire.OF13, Wire.FLOW_ADD, 0));
        assertEquals(1, t.undecodable());
        assertEquals(0, t.count());
    }
}
