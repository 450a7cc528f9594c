package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.port;
import static io.skylane.southbound.OFTestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.southbound.RecordingListener.PacketIn;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.MessageReader;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;

/**
 * PACKET_INs of packets that went through conntrack: Open vSwitch puts ct_state, ct_zone, ct_mark
 * and the connection's original tuple (ct_nw_src/dst, ct_nw_proto, ct_tp_src/dst) in the match.
 * {@code golden/ovs-lb/ct_packet_in.bin} is one that Open vSwitch 3.1 sent: a TCP SYN from a
 * network namespace through {@code write_metadata:0x64/0xffffff}, then
 * {@code ct(commit,zone=61540,exec(set_field:0x7->ct_mark),nat(dst=10.0.0.21:8080),table=2)},
 * then {@code controller} in table 2 (see {@code src/test/ovs/README.md}).
 */
class ConntrackPacketInTest {

    static byte[] golden() throws IOException {
        try (InputStream in = ConntrackPacketInTest.class.getResourceAsStream("/golden/ovs-lb/ct_packet_in.bin")) {
            assertNotNull(in, "missing golden file ovs-lb/ct_packet_in.bin");
            return in.readAllBytes();
        }
    }

    @Test
    void theReaderKeepsTheConntrackFieldsOfTheMatch() throws Exception {
        OFPacketIn pi = (OFPacketIn) MessageReader.readFrom(Unpooled.wrappedBuffer(golden()));
        assertEquals(1, pi.getMatch().get(MatchField.IN_PORT).getPortNumber());
        assertEquals(0x64, pi.getMatch().get(MatchField.METADATA).getValue().getValue());
        assertEquals(0xa1, pi.getMatch().get(MatchField.CONN_TRACKING_STATE).getValue()); // +new+trk+dnat
        assertEquals(61540, pi.getMatch().get(MatchField.CONN_TRACKING_ZONE).getValue());
        assertEquals(7, pi.getMatch().get(MatchField.CONN_TRACKING_MARK).getValue());
        // openflowj reads the original tuple's addresses as plain numbers
        assertEquals(0x0a00000bL, pi.getMatch().get(MatchField.CONN_TRACKING_NW_SRC).getValue()); // 10.0.0.11
        assertEquals(0x0a000064L, pi.getMatch().get(MatchField.CONN_TRACKING_NW_DST).getValue()); // the VIP
        assertEquals(6, pi.getMatch().get(MatchField.CONN_TRACKING_NW_PROTO).getValue());
        // ct_tp_src/ct_tp_dst are read but openflowj's Match.get() hides them (its prerequisites for them fail)
    }

    /**
     * The golden PACKET_IN with more OXMs at the end of its match, as Open vSwitch adds the
     * registers and pkt_mark a pipeline has set: NXM_NX_REG0=5, NXM_NX_PKT_MARK=9.
     */
    static byte[] withRegisters() throws IOException {
        byte[] g = golden();
        byte[] extra = {0x00, 0x01, 0x00, 0x04, 0, 0, 0, 5, 0x00, 0x01, 0x42, 0x04, 0, 0, 0, 9};
        int match = 24;
        int matchLength = ((g[match + 2] & 0xff) << 8) | (g[match + 3] & 0xff);
        int padded = (matchLength + 7) & ~7;
        int newLength = matchLength + extra.length;
        int newPadded = (newLength + 7) & ~7;
        byte[] out = new byte[g.length - padded + newPadded];
        System.arraycopy(g, 0, out, 0, match + matchLength);
        System.arraycopy(extra, 0, out, match + matchLength, extra.length);
        System.arraycopy(g, match + padded, out, match + newPadded, g.length - match - padded);
        out[2] = (byte) (out.length >> 8);
        out[3] = (byte) out.length;
        out[match + 2] = (byte) (newLength >> 8);
        out[match + 3] = (byte) newLength;
        return out;
    }

    @Test
    void fieldsOpenflowjDoesNotKnowAreLeftOutRatherThanLosingThePacket() throws Exception {
        byte[] bytes = withRegisters();
        assertThrows(OFParseError.class, () -> OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(bytes)));
        io.netty.buffer.ByteBuf b = Unpooled.wrappedBuffer(bytes);
        OFPacketIn pi = (OFPacketIn) MessageReader.readFrom(b);
        assertEquals(0, b.readableBytes());
        OFPacketIn original = (OFPacketIn) MessageReader.readFrom(Unpooled.wrappedBuffer(golden()));
        assertEquals(original.getMatch(), pi.getMatch(), "the same fields but the registers");
        assertArrayEquals(original.getData(), pi.getData());
        assertEquals(original.getTableId(), pi.getTableId());
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
            sw.receiveBytes(bytes);
            assertEquals(1, sw.listener.of(PacketIn.class).size());
            assertEquals(PortNumber.of(1), sw.listener.of(PacketIn.class).get(0).packet().inPort());
            assertEquals(0, sw.counter(Counter.MESSAGES_UNPARSED));
        }
    }

    @Test
    void aPacketInWhoseMatchIsBrokenIsStillUnparsedAndTheConnectionGoesOn() throws Exception {
        byte[] bytes = withRegisters();
        bytes[24 + 3] = (byte) (bytes[24 + 3] + 3); // the match claims 3 more bytes: the last OXM overruns it
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
            sw.receiveBytes(bytes);
            sw.receiveBytes(golden());
            assertEquals(1, sw.listener.of(PacketIn.class).size());
            assertEquals(1, sw.counter(Counter.MESSAGES_UNPARSED));
            assertTrue(sw.ch.isOpen());
        }
    }

    @Test
    void aPacketInWithConntrackFieldsIsDeliveredAndTheConnectionGoesOn() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
            sw.receiveBytes(golden());
            sw.receiveBytes(golden());
            assertEquals(2, sw.listener.of(PacketIn.class).size());
            InboundPacket p = sw.listener.of(PacketIn.class).get(0).packet();
            assertEquals(DeviceId.of(0xd1), p.deviceId());
            assertEquals(PortNumber.of(1), p.inPort());
            assertEquals(InboundPacket.Reason.ACTION, p.reason());
            assertEquals(2, p.tableId());
            assertEquals(74, p.data().length);
            assertEquals(74, p.totalLength());
            // the DNATed SYN: 10.0.0.11 -> 10.0.0.21:8080
            assertEquals(0x0a000015, ((p.data()[30] & 0xff) << 24) | ((p.data()[31] & 0xff) << 16)
                    | ((p.data()[32] & 0xff) << 8) | (p.data()[33] & 0xff));
            assertEquals(2, sw.counter(Counter.PACKET_IN));
            assertEquals(0, sw.counter(Counter.MESSAGES_UNPARSED));
            assertTrue(sw.ch.isOpen());
        }
    }
}
