package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.bytes;
import static io.skylane.southbound.OFTestMessages.port;
import static io.skylane.southbound.channel.SwitchPeer.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.RecordingListener.Error;
import io.skylane.southbound.RecordingListener.PacketIn;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Well-framed messages the reader cannot parse keep the connection: counted, answered with a
 * BAD_REQUEST ERROR carrying their first bytes (an ERROR excepted), and the switch goes on. The
 * bytes are real messages with one field changed to a value openflowj does not know.
 */
class UnreadableMessagesTest {

    static byte[] packetIn13(int reason) {
        byte[] b = bytes(OF13.buildPacketIn().setXid(41).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(100)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(0)).setCookie(U64.ZERO)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(1)).build())
                .setData(new byte[100]).build());
        b[14] = (byte) reason; // ofp_packet_in.reason
        return b;
    }

    static byte[] packetIn10(int reason) {
        byte[] b = bytes(OF10.buildPacketIn().setXid(42).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(100)
                .setInPort(OFPort.of(1)).setReason(OFPacketInReason.NO_MATCH).setData(new byte[100]).build());
        b[16] = (byte) reason; // ofp_packet_in.reason (1.0)
        return b;
    }

    /** The ERROR the controller answered with: BAD_REQUEST with this code, the xid and the message's first 64 bytes. */
    static void assertAnswered(SwitchPeer sw, byte[] offending, OFBadRequestCode code) {
        OFMessage m = sw.sentOne();
        OFBadRequestErrorMsg e = (OFBadRequestErrorMsg) m;
        assertEquals(code, e.getCode());
        long xid = ((offending[4] & 0xffL) << 24) | ((offending[5] & 0xff) << 16) | ((offending[6] & 0xff) << 8)
                | (offending[7] & 0xff);
        assertEquals(xid, e.getXid());
        assertArrayEquals(Arrays.copyOf(offending, Math.min(offending.length, 64)), e.getData().getData());
        assertEquals(offending[0], (byte) e.getVersion().getWireVersion());
    }

    static void assertKept(SwitchPeer sw) {
        assertTrue(sw.ch.isActive(), "the connection must stay open");
        assertEquals(List.of(), sw.listener.of(Disconnected.class));
    }

    // ---- the three examples of the issue ---------------------------------------------------------

    @Test
    void packetInWithAnUnknownReasonIsAnsweredAndTheSwitchGoesOn13() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            byte[] unknown = packetIn13(9);
            sw.receiveBytes(unknown);
            assertKept(sw);
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_LEN);
            assertEquals(1, sw.counter(Counter.MESSAGES_UNPARSED));
            assertEquals(List.of(), sw.listener.of(PacketIn.class));

            // the next, readable one is delivered
            sw.receiveBytes(packetIn13(0));
            assertEquals(1, sw.listener.of(PacketIn.class).size());
            assertKept(sw);
        }
    }

    @Test
    void packetInWithAnUnknownReasonIsAnsweredAndTheSwitchGoesOn10() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(1, port(OF10, 1));
            byte[] unknown = packetIn10(7);
            sw.receiveBytes(unknown);
            assertKept(sw);
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_LEN);
            sw.receiveBytes(packetIn10(0));
            assertEquals(1, sw.listener.of(PacketIn.class).size());
        }
    }

    @Test
    void multipartReplyOfANewerTypeIsAnsweredWithBadMultipart() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            // a PORT_DESC reply turned into OpenFlow 1.4's TABLE_DESC (multipart type 14)
            byte[] newer = bytes(OF13.buildPortDescStatsReply().setXid(77).setEntries(List.of(port(OF13, 1))).build());
            newer[9] = 14;
            sw.receiveBytes(newer);
            assertKept(sw);
            assertAnswered(sw, newer, OFBadRequestCode.BAD_STAT); // openflowj's name of OFPBRC_BAD_MULTIPART
            assertEquals(1, sw.counter(Counter.MESSAGES_UNPARSED));
        }
    }

    @Test
    void errorWithAnUnknownCodeStillFailsItsOperationAndIsNotAnswered() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            FlowRule rule = FlowRule.builder().device(h.deviceId()).priority(5).app(AppId.of(7, "test"))
                    .match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).build())
                    .apply(Action.output(PortNumber.of(2))).build();
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule)));
            List<OFMessage> sent = sw.sent();
            assertEquals(List.of(OFType.FLOW_MOD, OFType.BARRIER_REQUEST), types(sent));

            // FLOW_MOD_FAILED with code 99, echoing the FLOW_MOD
            byte[] error = bytes(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(0).getXid())
                    .setCode(org.projectfloodlight.openflow.protocol.OFFlowModFailedCode.TABLE_FULL)
                    .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.of(bytes(sent.get(0)), OF13.getVersion()))
                    .build());
            error[11] = 99;
            sw.receiveBytes(error);
            assertKept(sw);
            assertEquals(List.of(), sw.sent(), "an ERROR is not answered with an ERROR");
            assertEquals(1, sw.counter(Counter.MESSAGES_UNPARSED));

            sw.receive(OF13.buildBarrierReply().setXid(sent.get(1).getXid()).build());
            BatchResult r = f.get();
            assertEquals(1, r.failures().size());
            SwitchError e = r.failures().get(0).error();
            assertEquals("FLOW_MOD_FAILED", e.type());
            assertEquals("CODE_99", e.code());
            assertEquals("type 14", e.request());

            // an unknown error type that answers nothing pending reaches the listener
            error[9] = 77;
            error[7] = 123;
            sw.receiveBytes(error);
            assertEquals(new SwitchError("TYPE_77", "CODE_99", (sent.get(0).getXid() & ~0xffL) | 123, "type 14"),
                    sw.listener.of(Error.class).get(0).error());
            assertKept(sw);
        }
    }

    // ---- the other kinds ---------------------------------------------------------------------------

    @Test
    void unknownMessageTypeIsAnsweredWithBadType() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            byte[] unknown = {4, 99, 0, 12, 0, 0, 0, 5, 1, 2, 3, 4};
            sw.receiveBytes(unknown);
            assertKept(sw);
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_TYPE);
            assertEquals(1, sw.counter(Counter.FRAMES_UNKNOWN_TYPE));
        }
    }

    @Test
    void unknownExperimenterIsAnsweredWithBadExperimenter() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            // EXPERIMENTER: header, experimenter 0x00abcdef, exp_type 1, 4 bytes of data
            byte[] unknown = {4, 4, 0, 20, 0, 0, 0, 6, 0, (byte) 0xab, (byte) 0xcd, (byte) 0xef, 0, 0, 0, 1, 9, 9, 9, 9};
            sw.receiveBytes(unknown);
            assertKept(sw);
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_EXPERIMENTER);
        }
    }

    @Test
    void aLongMessageIsAnsweredWithItsFirst64Bytes() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            byte[] unknown = packetIn13(200);
            assertTrue(unknown.length > 64);
            sw.receiveBytes(unknown);
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_LEN);
        }
    }

    @Test
    void framesAroundAnUnreadableOneAreRead() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            byte[] a = packetIn13(0);
            byte[] bad = packetIn13(9);
            byte[] c = bytes(OF13.buildEchoRequest().setXid(500).build());
            byte[] all = new byte[a.length + bad.length + c.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(bad, 0, all, a.length, bad.length);
            System.arraycopy(c, 0, all, a.length + bad.length, c.length);
            sw.receiveBytes(all); // one read
            assertEquals(1, sw.listener.of(PacketIn.class).size());
            assertEquals(List.of(OFType.ERROR, OFType.ECHO_REPLY), types(sw.sent()));
            assertKept(sw);
        }
    }

    // ---- what still closes -------------------------------------------------------------------------

    @Test
    void brokenFramingAfterAnUnreadableMessageStillCloses() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            sw.receiveBytes(packetIn13(9));
            assertKept(sw);
            sw.receiveBytes(new byte[] {4, 10, 0, 4, 0, 0, 0, 1}); // length 4: shorter than a header
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.FRAMES_MALFORMED));
            assertEquals(1, sw.listener.of(Disconnected.class).size());
        }
    }

    @Test
    void anUnreadableFeaturesReplyBreaksTheHandshake() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(io.skylane.southbound.OFTestMessages.helloWithBitmap(OF13, 4));
            OFMessage request = sw.sentOne();
            byte[] features = bytes(OF13.buildFeaturesReply().setXid(request.getXid()).setDatapathId(DatapathId.of(1))
                    .setNBuffers(0).setNTables((short) 4).build());
            byte[] cut = Arrays.copyOf(features, 16); // a FEATURES_REPLY of 16 bytes: well framed, body too short
            cut[3] = 16;
            sw.receiveBytes(cut);
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_FAILED));
            assertEquals(1, sw.counter(Counter.MESSAGES_UNPARSED));
        }
    }

    @Test
    void anUnreadableMessageBeforeTheVersionIsAgreedBreaksTheHandshake() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receiveBytes(new byte[] {4, 99, 0, 8, 0, 0, 0, 1});
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_FAILED));
        }
    }

    @Test
    void anUnreadablePortDescReplyBreaksTheHandshakeButAnUnreadablePacketInDoesNot() {
        try (SwitchPeer sw = new SwitchPeer()) {
            OFFactory f = OF13;
            sw.sent();
            sw.receive(io.skylane.southbound.OFTestMessages.helloWithBitmap(f, 4));
            OFMessage request = sw.sentOne();
            sw.receive(f.buildFeaturesReply().setXid(request.getXid()).setDatapathId(DatapathId.of(1)).setNBuffers(0)
                    .setNTables((short) 4).build());
            OFMessage portDesc = sw.sentOne();
            assertEquals("WAIT_PORT_DESC", sw.state());

            byte[] unknown = packetIn13(9);
            sw.receiveBytes(unknown);
            assertTrue(sw.ch.isActive());
            assertAnswered(sw, unknown, OFBadRequestCode.BAD_LEN);
            assertEquals("WAIT_PORT_DESC", sw.state());

            byte[] reply = bytes(f.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(f, 1)))
                    .build());
            reply[3] = 24; // the frame says 24 bytes: one truncated port entry
            sw.receiveBytes(Arrays.copyOf(reply, 24));
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_FAILED));
        }
    }

    // ---- the log ---------------------------------------------------------------------------------

    @Test
    void theLogIsRateLimitedPerConnection() {
        AtomicLong now = new AtomicLong(1_000);
        UnreadableMessages m = new UnreadableMessages(now::get);
        UnparsedMessage u = UnparsedMessage.of(io.netty.buffer.Unpooled.wrappedBuffer(packetIn13(9)), 0, 102, "test");
        assertTrue(m.log("switch 1", u));
        assertFalse(m.log("switch 1", u));
        now.addAndGet(UnreadableMessages.WARN_INTERVAL_NANOS - 1);
        assertFalse(m.log("switch 1", u));
        now.addAndGet(1);
        assertTrue(m.log("switch 1", u));
        assertFalse(m.log("switch 1", u));
    }
}
