package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.bytes;
import static io.skylane.southbound.OFTestMessages.helloWithBitmap;
import static io.skylane.southbound.OFTestMessages.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFMessage;

class FrameDecodingTest {

    @Test
    void framesSplitAndCoalescedAcrossReadsAreDecoded() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            byte[] a = bytes(OF13.buildEchoRequest().setXid(11).setData(new byte[] {1, 2, 3, 4}).build());
            byte[] b = bytes(OF13.buildEchoRequest().setXid(12).build());
            byte[] both = new byte[a.length + b.length];
            System.arraycopy(a, 0, both, 0, a.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            // first read: 5 bytes (not even a header); second: the rest of a and half of b; third: the rest
            sw.receiveBytes(Arrays.copyOfRange(both, 0, 5));
            assertEquals(List.of(), sw.sent());
            sw.receiveBytes(Arrays.copyOfRange(both, 5, a.length + 4));
            sw.receiveBytes(Arrays.copyOfRange(both, a.length + 4, both.length));
            List<OFMessage> replies = sw.sent();
            assertEquals(List.of(11L, 12L), replies.stream().map(OFMessage::getXid).toList());
            assertTrue(replies.stream().allMatch(m -> m instanceof OFEchoReply));
            assertTrue(sw.ch.isActive());
        }
    }

    @Test
    void lengthBelowHeaderIsMalformed() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receiveBytes(new byte[] {4, 2, 0, 4, 0, 0, 0, 1});
            assertClosed(sw, Counter.FRAMES_MALFORMED);
            assertTrue(sw.listener.of(Disconnected.class).get(0).reason().contains("shorter than the OpenFlow header"));
        }
    }

    @Test
    void oversizeFrameIsRejectedBeforeItArrives() {
        try (SwitchPeer sw = new SwitchPeer(OpenFlowConfig.defaults().withMaxFrameLength(128))) {
            sw.handshake13(1);
            sw.receiveBytes(new byte[] {4, 2, 0, (byte) 200, 0, 0, 0, 1}); // ECHO_REQUEST of 200 bytes: header only
            assertClosed(sw, Counter.FRAMES_OVERSIZE);
        }
    }

    @Test
    void garbageIsNotOpenFlow() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receiveBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosed(sw, Counter.FRAMES_MALFORMED);
            assertTrue(sw.listener.events().isEmpty());
        }
    }

    @Test
    void wrongVersionAfterNegotiation() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receive(OF10.buildEchoRequest().build());
            assertClosed(sw, Counter.FRAMES_WRONG_VERSION);
            assertEquals(1, sw.listener.of(Disconnected.class).size());
        }
    }

    @Test
    void anyKnownVersionIsReadBeforeNegotiation() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(OF10.buildEchoRequest().setXid(3).build()); // answered in its own version
            assertEquals(org.projectfloodlight.openflow.protocol.OFVersion.OF_10, sw.sentOne().getVersion());
            sw.receive(helloWithBitmap(OF13, 4));
            assertTrue(sw.ch.isActive());
        }
    }

    /** Well framed: answered (UnreadableMessagesTest has the details) and the connection carries on. */
    @Test
    void unknownMessageTypeIsWellFramed() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receiveBytes(new byte[] {4, 99, 0, 8, 0, 0, 0, 1});
            assertKept(sw, Counter.FRAMES_UNKNOWN_TYPE);
        }
    }

    @Test
    void bodyThatDoesNotParseIsWellFramed() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            // a PORT_STATUS (type 12) whose body is 8 bytes instead of 72
            sw.receiveBytes(new byte[] {4, 12, 0, 16, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
            assertKept(sw, Counter.MESSAGES_UNPARSED);
            assertEquals(0, sw.counter(Counter.FRAMES_MALFORMED));
        }
    }

    @Test
    void connectionClosedInTheMiddleOfAFrameIsCounted() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receiveBytes(new byte[] {4, 2, 0}); // a truncated header, then the switch goes away
            assertTrue(sw.ch.isActive());
            sw.ch.close();
            assertEquals(1, sw.counter(Counter.FRAMES_TRUNCATED));
            assertEquals(1, sw.listener.of(Disconnected.class).size());
        }
    }

    @Test
    void onlyTheFirstBadFrameCounts() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            byte[] two = new byte[16];
            two[0] = 4;
            two[3] = 4; // length 4
            two[8] = 4;
            two[11] = 4;
            sw.ch.writeInbound(Unpooled.wrappedBuffer(two));
            sw.ch.runPendingTasks();
            assertClosed(sw, Counter.FRAMES_MALFORMED);
        }
    }

    private static void assertKept(SwitchPeer sw, Counter counter) {
        assertTrue(sw.ch.isActive(), "connection should stay open");
        assertEquals(1, sw.counter(counter), counter.key());
        assertEquals(List.of(org.projectfloodlight.openflow.protocol.OFType.ERROR),
                sw.sent().stream().map(OFMessage::getType).toList(), "answered with an ERROR");
    }

    private static void assertClosed(SwitchPeer sw, Counter counter) {
        assertFalse(sw.ch.isActive(), "connection should be closed");
        assertEquals(1, sw.counter(counter), counter.key());
    }
}
