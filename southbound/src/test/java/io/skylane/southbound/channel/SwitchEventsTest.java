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

import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.southbound.SouthboundListener.RemovalReason;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Error;
import io.skylane.southbound.RecordingListener.FlowRemoved;
import io.skylane.southbound.RecordingListener.PacketIn;
import io.skylane.southbound.RecordingListener.PortChanged;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchEventsTest {

    static final byte[] FRAME = frame();

    static byte[] frame() {
        byte[] f = new byte[60];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) 0xff;
        }
        f[11] = 1;
        f[12] = 0x08;
        f[13] = 0x06;
        return f;
    }

    static OFPacketIn packetIn13(int inPort) {
        return OF13.buildPacketIn().setBufferId(OFBufferId.NO_BUFFER).setTotalLen(FRAME.length)
                .setReason(OFPacketInReason.NO_MATCH).setTableId(TableId.of(3)).setCookie(U64.of(0x0001000000000042L))
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(inPort)).build())
                .setData(FRAME).build();
    }

    @Test
    void packetIn13TakesInPortFromMatch() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
            sw.receive(packetIn13(2));
            InboundPacket p = sw.listener.of(PacketIn.class).get(0).packet();
            assertEquals(DeviceId.of(0xd1), p.deviceId());
            assertEquals(PortNumber.of(2), p.inPort());
            assertTrue(p.bufferId().isEmpty());
            assertEquals(InboundPacket.Reason.NO_MATCH, p.reason());
            assertEquals(3, p.tableId());
            assertEquals(0x0001000000000042L, p.cookie());
            assertEquals(60, p.totalLength());
            assertArrayEquals(FRAME, p.data());
            assertEquals(EthType.ARP, p.ethernet().etherType());
            assertEquals(1, sw.counter(Counter.PACKET_IN));
        }
    }

    @Test
    void packetIn10WithBufferId() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(0xd1, port(OF10, 1));
            sw.receive(OF10.buildPacketIn().setBufferId(OFBufferId.of(258)).setTotalLen(1500).setInPort(OFPort.of(1))
                    .setReason(OFPacketInReason.ACTION).setData(FRAME).build());
            InboundPacket p = sw.listener.of(PacketIn.class).get(0).packet();
            assertEquals(PortNumber.of(1), p.inPort());
            assertEquals(258, p.bufferId().getAsInt());
            assertEquals(InboundPacket.Reason.ACTION, p.reason());
            assertEquals(1500, p.totalLength());
            assertEquals(0, p.tableId());
        }
    }

    @Test
    void packetInsBeforeReadyAreDeliveredRightAfterSwitchConnected() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = sw.sentOne();
            sw.receive(packetIn13(1), packetIn13(2), packetIn13(3));
            assertTrue(sw.listener.events().isEmpty());

            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).build());
            List<Object> events = sw.listener.events();
            assertEquals(4, events.size());
            assertInstanceOf(Connected.class, events.get(0));
            assertEquals(List.of(1L, 2L, 3L), sw.listener.of(PacketIn.class).stream()
                    .map(e -> e.packet().inPort().value()).toList());
        }
    }

    @Test
    void earlyPacketInsAreBounded() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = sw.sentOne();
            for (int i = 0; i < EventDelivery.MAX_EARLY_PACKET_INS + 5; i++) {
                sw.receive(packetIn13(1));
            }
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).build());
            assertEquals(EventDelivery.MAX_EARLY_PACKET_INS, sw.listener.of(PacketIn.class).size());
            assertEquals(5, sw.counter(Counter.PACKET_IN_DROPPED));
        }
    }

    @Test
    void earlyPacketInsAreBoundedInBytes() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = sw.sentOne();
            OFPacketIn big = packetIn13(1).createBuilder().setData(new byte[60_000]).build();
            for (int i = 0; i < 20; i++) {
                sw.receive(big);
            }
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).build());
            int kept = EventDelivery.MAX_EARLY_PACKET_IN_BYTES / 60_000;
            assertEquals(kept, sw.listener.of(PacketIn.class).size());
            assertEquals(20 - kept, sw.counter(Counter.PACKET_IN_DROPPED));
        }
    }

    @Test
    void portStatusBecomesPortChanged() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            sw.receive(OF13.buildPortStatus().setReason(OFPortReason.ADD).setDesc(port(OF13, 5)).build());
            sw.receive(OF13.buildPortStatus().setReason(OFPortReason.MODIFY)
                    .setDesc(port(OF13, 5, Set.of(OFPortConfig.PORT_DOWN), Set.of(OFPortState.LINK_DOWN))).build());
            sw.receive(OF13.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(port(OF13, 5)).build());
            List<PortChanged> changes = sw.listener.of(PortChanged.class);
            assertEquals(List.of(PortChange.ADDED, PortChange.MODIFIED, PortChange.DELETED),
                    changes.stream().map(PortChanged::change).toList());
            assertTrue(changes.get(0).port().isEnabled());
            assertEquals("s1-eth5", changes.get(0).port().name());
            assertEquals(MacAddress.of(0x0a0000000005L), changes.get(0).port().hwAddress());
            assertFalse(changes.get(1).port().adminUp());
            assertFalse(changes.get(1).port().linkUp());
        }
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake10(1, port(OF10, 1));
            sw.receive(OF10.buildPortStatus().setReason(OFPortReason.MODIFY)
                    .setDesc(port(OF10, 1, Set.of(), Set.of(OFPortState.LINK_DOWN))).build());
            PortChanged c = sw.listener.of(PortChanged.class).get(0);
            assertTrue(c.port().adminUp());
            assertFalse(c.port().linkUp());
            assertEquals(10_000_000L, c.port().speedKbps());
        }
    }

    @Test
    void flowRemovedBecomesCoreRule() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.receive(OF13.buildFlowRemoved().setCookie(U64.of(0x0002000000000007L)).setPriority(100)
                    .setReason(OFFlowRemovedReason.IDLE_TIMEOUT).setTableId(TableId.of(4)).setIdleTimeout(30)
                    .setHardTimeout(0).setPacketCount(U64.of(12)).setByteCount(U64.of(1200))
                    .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                            .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of(2L)).build())
                    .build());
            FlowRemoved r = sw.listener.of(FlowRemoved.class).get(0);
            assertEquals(RemovalReason.IDLE_TIMEOUT, r.reason());
            assertEquals(12, r.packets());
            assertEquals(1200, r.bytes());
            assertEquals(4, r.rule().tableId());
            assertEquals(100, r.rule().priority());
            assertEquals(0x0002000000000007L, r.rule().cookie());
            assertEquals(30, r.rule().idleTimeout());
            assertEquals(Match.builder().add(Criterion.inPort(PortNumber.of(3))).add(Criterion.ethDst(MacAddress.of(2L)))
                    .build(), r.rule().match());
        }
    }

    @Test
    void errorNotAnsweringAnyRequestGoesToListener() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            byte[] failed = io.skylane.southbound.OFTestMessages.bytes(OF13.buildFlowAdd().setXid(4242).build());
            sw.receive(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(4242).setCode(OFFlowModFailedCode.TABLE_FULL)
                    .setData(OFErrorCauseData.of(failed, org.projectfloodlight.openflow.protocol.OFVersion.OF_13)).build());
            Error e = sw.listener.of(Error.class).get(0);
            assertEquals("FLOW_MOD_FAILED", e.error().type());
            assertEquals("TABLE_FULL", e.error().code());
            assertEquals(4242, e.error().xid());
            assertEquals("FLOW_MOD", e.error().request());
            assertEquals(1, sw.counter(Counter.ERRORS_RECEIVED));
            assertTrue(sw.ch.isActive());
        }
    }

    @Test
    void failingListenerDoesNotCloseTheConnection() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.listener.failPacketIns = new IllegalStateException("boom");
            sw.receive(packetIn13(1), packetIn13(1));
            assertTrue(sw.ch.isActive());
            assertEquals(2, sw.counter(Counter.LISTENER_FAILURES));
            assertEquals(2, sw.listener.of(PacketIn.class).size());
        }
    }
}
