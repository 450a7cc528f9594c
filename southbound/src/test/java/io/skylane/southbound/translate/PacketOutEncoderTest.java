package io.skylane.southbound.translate;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.OutboundPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFAction;

class PacketOutEncoderTest {

    static final DeviceId DPID = DeviceId.of(1);

    static Action out(int port) {
        return Action.output(PortNumber.of(port));
    }

    static List<OFPacketOut> encode(OutboundPacket p, OFFactory f) {
        AtomicLong xids = new AtomicLong(100);
        return PacketOutEncoder.encode(p, f, xids::incrementAndGet);
    }

    static int length(OFPacketOut m) {
        ByteBuf b = Unpooled.buffer();
        try {
            m.writeTo(b);
            return b.readableBytes();
        } finally {
            b.release();
        }
    }

    /** The action lists as the core sees them, one per message. */
    static List<List<Action>> actions(List<OFPacketOut> messages) {
        return messages.stream().map(m -> ActionTranslator.toCore(m.getActions(), -1)).toList();
    }

    @Test
    void modifyingActionsAreReplayedBeforeTheOutputsOfEveryLaterMessage() {
        Action vlan = Action.setVlan(VlanId.of(7));
        Action pop = new Action.PopVlan();
        Action dst = Action.setEthDst(MacAddress.of(0x020000000001L));
        List<Action> list = List.of(vlan, out(1), out(2), pop, out(3), dst, out(4));
        // 24 header + 16 vlan + 4 x 16 outputs + 8 pop + 16 dst = 128 bytes of message besides the data;
        // leave 61 bytes for actions
        byte[] data = new byte[PacketOutEncoder.MAX_MESSAGE_LENGTH - 24 - 61];
        List<OFPacketOut> sent = encode(OutboundPacket.of(DPID, list, data), OF13);

        assertEquals(List.of(
                List.of(vlan, out(1), out(2), pop),
                List.of(vlan, pop, out(3), dst),
                List.of(vlan, pop, dst, out(4))), actions(sent));
        for (OFPacketOut m : sent) {
            assertTrue(length(m) <= PacketOutEncoder.MAX_MESSAGE_LENGTH, "message of " + length(m) + " bytes");
        }
        assertEquals(List.of(101L, 102L, 103L), sent.stream().map(OFPacketOut::getXid).toList());
    }

    @Test
    void everyOutputIsSentExactlyOnceInOrder() {
        List<Action> list = new ArrayList<>();
        for (int p = 1; p <= 40; p++) {
            list.add(out(p));
        }
        byte[] data = new byte[65_000];
        List<OFPacketOut> sent = encode(OutboundPacket.of(DPID, list, data), OF13);
        List<Action> all = actions(sent).stream().flatMap(List::stream).toList();
        assertEquals(list, all);
        assertTrue(sent.size() > 1);
        for (OFPacketOut m : sent) {
            assertTrue(length(m) <= PacketOutEncoder.MAX_MESSAGE_LENGTH);
            assertEquals(data.length, m.getData().length);
        }
    }

    @Test
    void whatFitsIsOneMessageExactlyAtTheLimit() {
        // 24 + 2 x 16 + 65,479 = 65,535
        List<OFPacketOut> sent = encode(OutboundPacket.of(DPID, List.of(out(1), out(2)), new byte[65_479]), OF13);
        assertEquals(1, sent.size());
        assertEquals(65_535, length(sent.get(0)));
        assertEquals(2, encode(OutboundPacket.of(DPID, List.of(out(1), out(2)), new byte[65_480]), OF13).size());
    }

    @Test
    void whatCannotBeCarriedIsRefused() {
        // the frame alone
        assertThrows(PacketTooLargeException.class,
                () -> encode(OutboundPacket.of(DPID, List.of(out(1)), new byte[65_520]), OF13));
        // the frame with one output (1.0: 16 + 8 + 65,517)
        assertThrows(PacketTooLargeException.class,
                () -> encode(OutboundPacket.of(DPID, List.of(out(1)), new byte[65_517]), OF10));
        // a modification plus one output does not fit
        assertThrows(PacketTooLargeException.class, () -> encode(OutboundPacket.of(DPID,
                List.of(Action.setVlan(VlanId.of(3)), out(1), out(2)), new byte[65_493]), OF13));
        // a buffered packet is released once: its actions are never split
        List<Action> many = new ArrayList<>();
        for (int p = 1; p <= 5000; p++) {
            many.add(out(p));
        }
        OutboundPacket buffered = new OutboundPacket(DPID, PortNumber.of(1), OptionalInt.of(9), many, new byte[0]);
        assertThrows(PacketTooLargeException.class, () -> encode(buffered, OF13));
    }

    /** The bound that lets the common case skip measuring holds for every kind of action. */
    @Test
    void noActionIsLongerThanTheBound() {
        List<Action> all13 = List.of(
                Action.output(PortNumber.CONTROLLER),
                Action.setField(Criterion.Type.TUNNEL_ID, -1L),
                Action.setField(Criterion.Type.METADATA, -1L),
                Action.setEthSrc(MacAddress.of(0x0a0000000001L)),
                Action.setIpv4Dst(Ip4Address.of(0x0a000001)),
                new Action.PushVlan(EthType.QINQ), new Action.PopVlan(),
                new Action.PushMpls(EthType.MPLS_UNICAST), new Action.PopMpls(EthType.IPV4),
                new Action.DecNwTtl(), new Action.Group(0xffffff00),
                new Action.Ct(true, 0xffff, OptionalInt.of(254)),
                // the longest ct: a nat with an address range and a port range (56 bytes)
                new Action.Ct(true, 0xffff, OptionalInt.of(254), java.util.Optional.of(new io.skylane.core.flow.Nat(
                        io.skylane.core.flow.Nat.Type.SRC, Ip4Address.of(1), Ip4Address.of(2), 1, 2))),
                Action.multipath(Action.Multipath.HashFields.NW_SRC, 0xffff, Action.Multipath.Algorithm.HRW, 2, 1, 0, 64),
                Action.conjunction(0xffffffffL, 64, 64));
        for (int length : PacketOutEncoder.lengths(ActionTranslator.toOpenFlow(all13, OF13))) {
            assertTrue(length <= PacketOutEncoder.MAX_ACTION_LENGTH, length + " bytes");
        }
        List<OFAction> all10 = ActionTranslator.toOpenFlow(List.of(Action.output(PortNumber.FLOOD),
                Action.setEthDst(MacAddress.of(1)), Action.setIpv4Src(Ip4Address.of(1)), new Action.PopVlan()), OF10);
        for (int length : PacketOutEncoder.lengths(all10)) {
            assertTrue(length <= PacketOutEncoder.MAX_ACTION_LENGTH, length + " bytes");
        }
        // and the sealed interface has no kind this test misses
        assertEquals(11, Action.class.getPermittedSubclasses().length);
    }
}
