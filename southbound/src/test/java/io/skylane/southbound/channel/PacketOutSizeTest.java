package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Packet-outs of maximum-size frames (what a switch can send in a PACKET_IN: 65,493 bytes in
 * OpenFlow 1.3, 65,517 in 1.0) through the real pipeline: never a message OpenFlow cannot carry,
 * and the switch stays connected.
 */
class PacketOutSizeTest {

    static final DeviceId DPID = DeviceId.of(0xd1);
    /** The largest frame a 1.3 PACKET_IN with an in_port match can carry (65,535 - 42). */
    static final int MAX_FRAME_13 = 65_493;
    /** The largest frame a 1.0 PACKET_IN can carry (65,535 - 18). */
    static final int MAX_FRAME_10 = 65_517;

    static byte[] frame(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    static List<Action> outputs(int... ports) {
        List<Action> out = new ArrayList<>();
        for (int p : ports) {
            out.add(Action.output(PortNumber.of(p)));
        }
        return out;
    }

    static List<OFPort> ports(OFPacketOut m) {
        return m.getActions().stream().filter(a -> a instanceof OFActionOutput)
                .map(a -> ((OFActionOutput) a).getPort()).toList();
    }

    @Test
    void floodOfAMaximumFrameOutOfThreePortsIsSplitAndTheSwitchStays13() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2), port(OF13, 3));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            byte[] data = frame(MAX_FRAME_13);
            h.packetOut(OutboundPacket.of(DPID, outputs(1, 2, 3), data));

            List<OFMessage> sent = sw.sent();
            assertTrue(sw.ch.isActive(), "the switch's connection must stay open");
            assertEquals(List.of(), sw.listener.of(Disconnected.class));
            // 24 + 65,493 leaves 18 bytes: one 16-byte output per message
            assertEquals(3, sent.size(), sent::toString);
            List<OFPort> ports = new ArrayList<>();
            for (OFMessage m : sent) {
                OFPacketOut po = (OFPacketOut) m;
                assertArrayEquals(data, po.getData());
                assertEquals(OFPort.CONTROLLER, po.getInPort());
                ports.addAll(ports(po));
            }
            assertEquals(List.of(OFPort.of(1), OFPort.of(2), OFPort.of(3)), ports);
            assertEquals(3, sent.stream().map(OFMessage::getXid).distinct().count(), "one xid per message");
            assertEquals(1, sw.counter(Counter.PACKET_OUT_SPLIT));
            assertEquals(0, sw.counter(Counter.PACKET_OUT_TOO_LARGE));
        }
    }

    @Test
    void floodOfALargeFrameIsSplitAndTheSwitchStays10() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(0xd1, port(OF10, 1), port(OF10, 2));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            // 16 + 8 + 65,511 = 65,535: one output fits, two do not
            byte[] data = frame(65_511);
            h.packetOut(OutboundPacket.of(DPID, outputs(1, 2), data));

            List<OFMessage> sent = sw.sent();
            assertTrue(sw.ch.isActive());
            assertEquals(2, sent.size(), sent::toString);
            assertEquals(List.of(OFPort.of(1)), ports((OFPacketOut) sent.get(0)));
            assertEquals(List.of(OFPort.of(2)), ports((OFPacketOut) sent.get(1)));
            assertArrayEquals(data, ((OFPacketOut) sent.get(1)).getData());
            assertEquals(1, sw.counter(Counter.PACKET_OUT_SPLIT));
        }
    }

    @Test
    void aFrameNoPacketOutCanCarryIsDroppedAndCountedAndTheSwitchStays() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(0xd1, port(OF10, 1), port(OF10, 2));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            // a maximum 1.0 PACKET_IN frame: 16 + 8 + 65,517 > 65,535 even with a single output
            h.packetOut(OutboundPacket.of(DPID, outputs(1), frame(MAX_FRAME_10)));

            assertEquals(List.of(), sw.sent());
            assertTrue(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.PACKET_OUT_TOO_LARGE));
            assertEquals(0, sw.counter(Counter.PACKET_OUT_SPLIT));

            // the connection still works
            h.packetOut(OutboundPacket.of(DPID, outputs(2), frame(100)));
            OFPacketOut po = (OFPacketOut) sw.sentOne();
            assertEquals(List.of(OFPort.of(2)), ports(po));
        }
    }

    @Test
    void aSmallPacketOutIsOneMessageAsBefore() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2), port(OF13, 3));
            SwitchHandle h = sw.listener.of(Connected.class).get(0).sw();
            h.packetOut(OutboundPacket.of(DPID, outputs(1, 2, 3), frame(MAX_FRAME_13 - 48)));
            List<OFAction> actions = ((OFPacketOut) sw.sentOne()).getActions();
            assertEquals(3, actions.size());
            assertEquals(0, sw.counter(Counter.PACKET_OUT_SPLIT));
        }
    }
}
