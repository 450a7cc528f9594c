package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.lb.frames.Ip4Frames;
import io.skylane.lb.frames.Ip4Packet;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The frames of a health probe, from the VIP and the VPC's router MAC to the member, and the
 * reading of what comes back.
 * <ul>
 * <li>TCP: a SYN (no options, window {@value #WINDOW}) from VIP:probe port with the caller's
 *     random ISN; after the member's SYN/ACK, a RST with seq = ISN + 1 so that the member drops the
 *     half-open connection.</li>
 * <li>PING: an ICMP echo request with an id and a sequence number.</li>
 * <li>UDP-CONNECT: a datagram of {@value #UDP_PAYLOAD_LENGTH} bytes, "SKLN" and a 32-bit nonce,
 *     so that the UDP checksum quoted back in an ICMP error is one a forger cannot guess.</li>
 * </ul>
 * Probe source ports (and echo ids) are {@value #PROBE_PORT_MIN}..{@value #PROBE_PORT_MAX}, the
 * range the switch punts answers for and that no client connection uses.
 */
public final class ProbeFrames {

    public static final int PROBE_PORT_MIN = 0xff00;
    public static final int PROBE_PORT_MAX = 0xffff;
    public static final int WINDOW = 64240;
    public static final int UDP_PAYLOAD_LENGTH = 8;

    static final int ECHO_REPLY = 0;
    static final int UNREACHABLE = 3;
    static final int ECHO_REQUEST = 8;
    private static final byte[] ECHO_DATA = {'s', 'k', 'y', 'l', 'a', 'n', 'e', 0};

    private ProbeFrames() {
    }

    /** The TCP probe: a SYN from VIP:{@code probePort} to the member's port, with sequence number {@code isn}. */
    public static byte[] syn(ProbeTarget t, int probePort, long isn) {
        checkProbePort(probePort);
        return Ip4Frames.tcp(t.memberMac(), t.routerMac(), t.vip(), probePort, t.member(), t.memberPort(), isn, 0,
                Ip4Frames.SYN, WINDOW);
    }

    /** The RST that closes the half-open connection a SYN/ACK answered: {@code seq} is the ISN + 1. */
    public static byte[] reset(ProbeTarget t, int probePort, long seq) {
        checkProbePort(probePort);
        return Ip4Frames.tcp(t.memberMac(), t.routerMac(), t.vip(), probePort, t.member(), t.memberPort(), seq, 0,
                Ip4Frames.RST, 0);
    }

    /** The PING probe: an echo request with {@code id} and {@code seq}, 8 bytes of data. */
    public static byte[] echoRequest(ProbeTarget t, int id, int seq) {
        checkArgument(id >= 0 && id <= 0xffff, "echo id must be 0..65535");
        checkArgument(seq >= 0 && seq <= 0xffff, "echo sequence must be 0..65535");
        return Ip4Frames.icmp(t.memberMac(), t.routerMac(), t.vip(), t.member(), ECHO_REQUEST, 0,
                ((long) id << 16) | seq, ECHO_DATA);
    }

    /** The UDP-CONNECT probe: "SKLN" and {@code nonce}, from VIP:{@code probePort} to the member's port. */
    public static byte[] udp(ProbeTarget t, int probePort, int nonce) {
        checkProbePort(probePort);
        byte[] payload = {'S', 'K', 'L', 'N', (byte) (nonce >>> 24), (byte) (nonce >>> 16), (byte) (nonce >>> 8),
                (byte) nonce};
        return Ip4Frames.udp(t.memberMac(), t.routerMac(), t.vip(), probePort, t.member(), t.memberPort(), payload);
    }

    /**
     * The second 32-bit word of a probe's L4 header, the one an ICMP error quotes back: a SYN's
     * sequence number, a datagram's length and checksum.
     *
     * @throws IllegalArgumentException if {@code probe} is not a frame this class built
     */
    static long quotedWord(byte[] probe) {
        Ip4Packet p = Ip4Packet.parse(checkNotNull(probe, "probe"))
                .orElseThrow(() -> new IllegalArgumentException("not an IPv4 frame"));
        checkArgument(p.l4Length() >= 8, "L4 header too short");
        return p.l4u32(4);
    }

    /** What {@code frame} says about a probe; never throws, whatever the bytes. */
    public static ProbeAnswer parse(byte[] frame) {
        Optional<Ip4Packet> parsed = Ip4Packet.parse(frame);
        if (parsed.isEmpty()) {
            return new ProbeAnswer.NotAnAnswer("not a whole IPv4 packet");
        }
        Ip4Packet p = parsed.get();
        if (p.isFragment()) {
            return new ProbeAnswer.NotAnAnswer("IPv4 fragment");
        }
        switch (p.protocol()) {
            case IpProtocol.TCP:
                return tcp(p);
            case IpProtocol.UDP:
                return udp(p);
            case IpProtocol.ICMP:
                return icmp(p);
            default:
                return new ProbeAnswer.NotAnAnswer("IP protocol " + p.protocol());
        }
    }

    private static ProbeAnswer tcp(Ip4Packet p) {
        if (p.l4Length() < Ip4Frames.TCP_HEADER) {
            return new ProbeAnswer.NotAnAnswer("TCP header cut short");
        }
        int dataOffset = (p.l4u8(12) >>> 4) * 4;
        if (dataOffset < Ip4Frames.TCP_HEADER || dataOffset > p.l4Length()) {
            return new ProbeAnswer.NotAnAnswer("TCP data offset " + dataOffset + " is invalid");
        }
        int flags = p.l4u8(13);
        long seq = p.l4u32(4);
        long ack = p.l4u32(8);
        if ((flags & Ip4Frames.RST) != 0) {
            return new ProbeAnswer.Reset(p.source(), p.l4u16(0), p.destination(), p.l4u16(2), seq,
                    (flags & Ip4Frames.ACK) != 0 ? OptionalLong.of(ack) : OptionalLong.empty());
        }
        if ((flags & (Ip4Frames.SYN | Ip4Frames.ACK)) == (Ip4Frames.SYN | Ip4Frames.ACK)) {
            return new ProbeAnswer.SynAck(p.source(), p.l4u16(0), p.destination(), p.l4u16(2), seq, ack);
        }
        return new ProbeAnswer.NotAnAnswer("TCP segment with flags 0x" + Integer.toHexString(flags));
    }

    private static ProbeAnswer udp(Ip4Packet p) {
        if (p.l4Length() < Ip4Frames.UDP_HEADER) {
            return new ProbeAnswer.NotAnAnswer("UDP header cut short");
        }
        int length = p.l4u16(4);
        if (length < Ip4Frames.UDP_HEADER || length > p.l4Length()) {
            return new ProbeAnswer.NotAnAnswer("UDP length " + length + " does not fit the packet");
        }
        return new ProbeAnswer.UdpReply(p.source(), p.l4u16(0), p.destination(), p.l4u16(2));
    }

    private static ProbeAnswer icmp(Ip4Packet p) {
        if (p.l4Length() < Ip4Frames.ICMP_HEADER) {
            return new ProbeAnswer.NotAnAnswer("ICMP header cut short");
        }
        int type = p.l4u8(0);
        if (type == ECHO_REPLY) {
            return new ProbeAnswer.EchoReply(p.source(), p.destination(), p.l4u16(4), p.l4u16(6));
        }
        if (type != UNREACHABLE) {
            return new ProbeAnswer.NotAnAnswer("ICMP type " + type);
        }
        int q = Ip4Frames.ICMP_HEADER; // the quoted IPv4 header, then at least 8 bytes of its payload
        if (p.l4Length() < q + Ip4Frames.IPV4_HEADER || (p.l4u8(q) & 0xf0) != 0x40) {
            return new ProbeAnswer.NotAnAnswer("ICMP error quotes no IPv4 header");
        }
        int ihl = (p.l4u8(q) & 0x0f) * 4;
        int protocol = p.l4u8(q + 9);
        if (ihl < Ip4Frames.IPV4_HEADER || p.l4Length() < q + ihl + 8) {
            return new ProbeAnswer.NotAnAnswer("ICMP error quotes too little");
        }
        if (protocol != IpProtocol.TCP && protocol != IpProtocol.UDP) {
            return new ProbeAnswer.NotAnAnswer("ICMP error about IP protocol " + protocol);
        }
        int l4 = q + ihl;
        return new ProbeAnswer.Unreachable(p.source(), p.destination(), p.l4u8(1), protocol,
                Ip4Address.of((int) p.l4u32(q + 12)), p.l4u16(l4), Ip4Address.of((int) p.l4u32(q + 16)),
                p.l4u16(l4 + 2), p.l4u32(l4 + 4));
    }

    private static void checkProbePort(int port) {
        checkArgument(port >= PROBE_PORT_MIN && port <= PROBE_PORT_MAX, "probe port must be 65280..65535");
    }
}
