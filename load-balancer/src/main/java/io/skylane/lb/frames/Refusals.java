package io.skylane.lb.frames;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * The answer that refuses a new connection to a VIP whose pool has no member up
 * (docs/load-balancer-design.md §4): the switch punts the client's first packet, and the
 * controller sends back, from the VIP and the VPC's router MAC to the client's MAC,
 * <ul>
 * <li>for a TCP SYN: a RST+ACK with seq 0 and ack = the SYN's seq + its length (1 for the SYN,
 *     plus any payload, plus 1 for a FIN), which the client's stack takes as "connection
 *     refused";</li>
 * <li>for a UDP datagram: ICMP port unreachable (type 3, code 3) quoting the datagram's IPv4
 *     header and first 8 payload bytes (RFC 792).</li>
 * </ul>
 * Nothing answers a TCP segment that is not a SYN (a RST above all: a RST is never answered, nor
 * is a SYN/ACK), a non-first fragment, a packet from or to a broadcast or multicast address, a
 * malformed frame or another protocol. The answer is untagged: it enters the switch's tables as a
 * controller packet-out, never through a port.
 */
public final class Refusals {

    /** ICMP destination unreachable. */
    public static final int ICMP_UNREACHABLE = 3;
    /** Its code for "port unreachable". */
    public static final int PORT_UNREACHABLE = 3;

    /** What refuses the connection. */
    public enum Kind { TCP_RESET, PORT_UNREACHABLE }

    /**
     * The answer to send back to the client.
     *
     * @param kind  RST or ICMP port unreachable
     * @param frame the whole Ethernet frame; do not modify
     */
    public record Refusal(Kind kind, byte[] frame) {
        public Refusal {
            checkNotNull(kind, "kind");
            checkNotNull(frame, "frame");
        }
    }

    private Refusals() {
    }

    /**
     * The refusal of the client's packet in {@code clientFrame} (sent to the VIP, whose address is
     * the packet's destination), from {@code routerMac}; empty when nothing must be answered.
     * Never throws on a malformed frame.
     */
    public static Optional<Refusal> refuse(byte[] clientFrame, MacAddress routerMac) {
        checkNotNull(routerMac, "routerMac");
        Optional<Ip4Packet> parsed = Ip4Packet.parse(clientFrame);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Ip4Packet p = parsed.get();
        if (!isUnicast(p.source()) || !isUnicast(p.destination()) || p.ethSource().isMulticast()
                || p.fragmentOffset() != 0) {
            return Optional.empty();
        }
        if (p.protocol() == IpProtocol.TCP) {
            return reset(p, routerMac);
        }
        if (p.protocol() == IpProtocol.UDP) {
            return portUnreachable(p, routerMac);
        }
        return Optional.empty();
    }

    private static Optional<Refusal> reset(Ip4Packet p, MacAddress routerMac) {
        if (p.isFragment() || p.l4Length() < Ip4Frames.TCP_HEADER) {
            return Optional.empty();
        }
        int dataOffset = (p.l4u8(12) >>> 4) * 4;
        int flags = p.l4u8(13);
        if (dataOffset < Ip4Frames.TCP_HEADER || dataOffset > p.l4Length()
                || (flags & (Ip4Frames.SYN | Ip4Frames.RST | Ip4Frames.ACK)) != Ip4Frames.SYN) {
            return Optional.empty();
        }
        long length = 1L + (p.l4Length() - dataOffset) + ((flags & Ip4Frames.FIN) != 0 ? 1 : 0);
        long ack = (p.l4u32(4) + length) & 0xffffffffL;
        byte[] frame = Ip4Frames.tcp(p.ethSource(), routerMac, p.destination(), p.l4u16(2), p.source(),
                p.l4u16(0), 0, ack, Ip4Frames.RST | Ip4Frames.ACK, 0);
        return Optional.of(new Refusal(Kind.TCP_RESET, frame));
    }

    private static Optional<Refusal> portUnreachable(Ip4Packet p, MacAddress routerMac) {
        if (p.l4Length() < Ip4Frames.UDP_HEADER) {
            return Optional.empty();
        }
        byte[] quoted = Arrays.copyOfRange(p.frame(), p.ipOffset(), p.l4Offset() + 8);
        byte[] frame = Ip4Frames.icmp(p.ethSource(), routerMac, p.destination(), p.source(), ICMP_UNREACHABLE,
                PORT_UNREACHABLE, 0, quoted);
        return Optional.of(new Refusal(Kind.PORT_UNREACHABLE, frame));
    }

    /** Not 0.0.0.0, not multicast (224/4), not the limited broadcast. */
    private static boolean isUnicast(Ip4Address a) {
        return a.value() != 0 && (a.value() >>> 28) != 0xe && a.value() != 0xffffffff;
    }
}
