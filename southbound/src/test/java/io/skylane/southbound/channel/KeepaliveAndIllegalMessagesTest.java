package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.helloWithBitmap;
import static io.skylane.southbound.OFTestMessages.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

class KeepaliveAndIllegalMessagesTest {

    @Test
    void echoRequestIsAnsweredBeforeHelloAndWhenReady() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(OF13.buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());
            OFEchoReply reply = (OFEchoReply) sw.sentOne();
            assertEquals(77, reply.getXid());
            assertArrayEquals(new byte[] {1, 2, 3}, reply.getData());
            assertEquals("WAIT_HELLO", sw.state());

            sw.receive(helloWithBitmap(OF13, 4));
            sw.sent();
            sw.receive(OF13.buildEchoRequest().setXid(78).build());
            assertEquals(78, sw.sentOne().getXid());
        }
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(1, port(OF10, 1));
            sw.receive(OF10.buildEchoRequest().setXid(5).setData(new byte[] {9}).build());
            OFEchoReply reply = (OFEchoReply) sw.sentOne();
            assertEquals(5, reply.getXid());
            assertArrayEquals(new byte[] {9}, reply.getData());
        }
    }

    @Test
    void quietSwitchGetsEchoRequestsThenIsClosedOnReadTimeout() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            sw.advance(Duration.ofMillis(4900));
            assertEquals(List.of(), sw.sent());
            sw.advance(Duration.ofMillis(200));
            OFEchoRequest echo = assertInstanceOf(OFEchoRequest.class, sw.sentOne());
            assertEquals(1, sw.counter(Counter.ECHO_REQUESTS_SENT));

            // the switch answers: the read timeout starts again
            sw.receive(OF13.buildEchoReply().setXid(echo.getXid()).build());
            sw.advance(Duration.ofSeconds(14));
            assertTrue(sw.ch.isActive());
            sw.advance(Duration.ofSeconds(2));
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.READ_TIMEOUT));
            assertTrue(sw.listener.of(Disconnected.class).get(0).reason().contains("nothing received"));
        }
    }

    @Test
    void flowModFromSwitchIsIllegal() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receive(OF13.buildFlowAdd().build());
            assertClosedIllegal(sw);
            assertTrue(sw.listener.of(Disconnected.class).get(0).reason().contains("FLOW_MOD"));
        }
    }

    @Test
    void secondHelloIsIllegal() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receive(helloWithBitmap(OF13, 4));
            assertClosedIllegal(sw);
        }
    }

    @Test
    void featuresReplyBeforeHelloIsIllegal() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(OF13.buildFeaturesReply().setDatapathId(DatapathId.of(1)).build());
            assertClosedIllegal(sw);
            assertTrue(sw.listener.events().isEmpty());
        }
    }

    @Test
    void packetOutFromSwitchIsIllegalDuringHandshake() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            sw.receive(OF13.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                    .setData(new byte[60]).build());
            assertClosedIllegal(sw);
        }
    }

    @Test
    void unsolicitedMultipartReplyIsIllegalDuringHandshake() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            sw.receive(OF13.buildPortDescStatsReply().setXid(999).build());
            assertClosedIllegal(sw);
        }
    }

    @Test
    void experimenterAndConfigRepliesAreIgnoredWhenReady() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            OFMessage config = OF13.buildGetConfigReply().setMissSendLen(0xffff).build();
            sw.receive(config, OF13.buildBsnGetMirroringReply().setReportMirrorPorts((short) 0).build());
            assertTrue(sw.ch.isActive());
            assertEquals(0, sw.counter(Counter.MESSAGES_ILLEGAL));
        }
    }

    private static void assertClosedIllegal(SwitchPeer sw) {
        assertFalse(sw.ch.isActive());
        assertEquals(1, sw.counter(Counter.MESSAGES_ILLEGAL));
    }
}
