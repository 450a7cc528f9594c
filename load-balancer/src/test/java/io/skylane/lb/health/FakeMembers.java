package io.skylane.lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.lb.frames.FrameChecks;
import io.skylane.lb.frames.Ip4Frames;
import io.skylane.lb.frames.Ip4Packet;
import io.skylane.lb.frames.Refusals;
import java.util.List;

/**
 * What a member's kernel sends back to a probe the prober emitted, as the switch would punt it:
 * the frame from the member to the VIP, built from the probe's own bytes.
 */
final class FakeMembers {

    private FakeMembers() {
    }

    /** The probe's IPv4 packet, after checking that it is a packet-out into the switch's tables. */
    static Ip4Packet probe(OutboundPacket out) {
        assertEquals(PortNumber.CONTROLLER, out.inPort());
        assertEquals(List.of(Action.output(PortNumber.TABLE)), out.actions());
        FrameChecks.assertChecksumsHold(out.data());
        return Ip4Packet.parse(out.data()).orElseThrow();
    }

    static int probePort(OutboundPacket out) {
        return probe(out).l4u16(0);
    }

    /** The TCP probe's ISN (or an echo probe's id and sequence as one word). */
    static long isn(OutboundPacket out) {
        return probe(out).l4u32(4);
    }

    static byte[] synAck(OutboundPacket out) {
        return tcpAnswer(out, Ip4Frames.SYN | Ip4Frames.ACK, (isn(out) + 1) & 0xffffffffL);
    }

    static byte[] rstAck(OutboundPacket out) {
        return tcpAnswer(out, Ip4Frames.RST | Ip4Frames.ACK, (isn(out) + 1) & 0xffffffffL);
    }

    static byte[] tcpAnswer(OutboundPacket out, int flags, long ack) {
        Ip4Packet p = probe(out);
        return Ip4Frames.tcp(p.ethSource(), p.ethDestination(), p.destination(), p.l4u16(2), p.source(),
                p.l4u16(0), 4242, ack, flags, 65160);
    }

    static byte[] echoReply(OutboundPacket out) {
        Ip4Packet p = probe(out);
        assertEquals(8, p.l4u8(0), "an echo request");
        return Ip4Frames.icmp(p.ethSource(), p.ethDestination(), p.destination(), p.source(), 0, 0, p.l4u32(4),
                new byte[8]);
    }

    static byte[] echoReply(OutboundPacket out, int seq) {
        Ip4Packet p = probe(out);
        return Ip4Frames.icmp(p.ethSource(), p.ethDestination(), p.destination(), p.source(), 0, 0,
                ((long) p.l4u16(4) << 16) | seq, new byte[8]);
    }

    /** The member's kernel: ICMP port unreachable quoting the probe (no socket on the port). */
    static byte[] portUnreachable(OutboundPacket out) {
        Ip4Packet p = probe(out);
        return Refusals.refuse(out.data(), p.ethDestination()).orElseThrow().frame();
    }

    static byte[] udpReply(OutboundPacket out) {
        Ip4Packet p = probe(out);
        return Ip4Frames.udp(p.ethSource(), p.ethDestination(), p.destination(), p.l4u16(2), p.source(),
                p.l4u16(0), new byte[4]);
    }

    /** A frame from {@code from} (a member's address, say) to the probe's source. */
    static byte[] synAckFrom(OutboundPacket out, Ip4Address from) {
        Ip4Packet p = probe(out);
        return Ip4Frames.tcp(p.ethSource(), MacAddress.of(1), from, p.l4u16(2), p.source(), p.l4u16(0), 1,
                (isn(out) + 1) & 0xffffffffL, Ip4Frames.SYN | Ip4Frames.ACK, 65160);
    }

    static DeviceId device(OutboundPacket out) {
        return out.deviceId();
    }
}
