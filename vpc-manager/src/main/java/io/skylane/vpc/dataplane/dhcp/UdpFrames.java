package io.skylane.vpc.dataplane.dhcp;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Checksums;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.MalformedPacketException;
import java.nio.ByteBuffer;

/**
 * Ethernet/IPv4/UDP frames: builds them with both checksums computed, and finds the UDP payload of
 * a received one after checking every length on the way.
 */
public final class UdpFrames {

    static final int IPV4_HEADER = 20;
    static final int UDP_HEADER = 8;
    static final int DEFAULT_TTL = 64;

    private UdpFrames() {
    }

    /** Where a received datagram's payload sits in its frame, and its addressing. */
    public record Datagram(Ip4Address source, Ip4Address destination, int sourcePort, int destPort,
                           int payloadOffset, int payloadLength) {
    }

    /**
     * A whole frame carrying {@code payload} in UDP over IPv4 (no options, TTL 64, no fragmentation
     * flags) with the IPv4 header checksum and the UDP checksum computed.
     */
    public static byte[] build(MacAddress dstMac, MacAddress srcMac, VlanId vlan, Ip4Address srcIp, Ip4Address dstIp,
                               int srcPort, int dstPort, byte[] payload) {
        int udpLength = UDP_HEADER + payload.length;
        int total = IPV4_HEADER + udpLength;
        if (total > 0xffff) {
            throw new IllegalArgumentException("UDP payload of " + payload.length + " bytes does not fit IPv4");
        }
        ByteBuffer b = ByteBuffer.allocate(total);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0)
                .put((byte) DEFAULT_TTL).put((byte) IpProtocol.UDP).putShort((short) 0)
                .put(srcIp.toBytes()).put(dstIp.toBytes());
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udpLength).putShort((short) 0)
                .put(payload);
        byte[] ip = b.array();
        int headerSum = checksum(ip, 0, IPV4_HEADER, 0);
        ip[10] = (byte) (headerSum >>> 8);
        ip[11] = (byte) headerSum;
        int udpSum = checksum(ip, IPV4_HEADER, udpLength, pseudoHeaderSum(srcIp, dstIp, udpLength));
        if (udpSum == 0) {
            udpSum = 0xffff; // 0 means "no checksum" in UDP over IPv4 (RFC 768)
        }
        ip[IPV4_HEADER + 6] = (byte) (udpSum >>> 8);
        ip[IPV4_HEADER + 7] = (byte) udpSum;
        return Ethernet.build(dstMac, srcMac, vlan, EthType.IPV4, ip);
    }

    /**
     * The UDP datagram in the IPv4 packet at {@code ipOffset} of {@code frame}. Checks the IP
     * version, header length, total length (the frame may be longer: Ethernet padding), protocol,
     * that it is not a fragment, and the UDP length. Checksums are not verified.
     *
     * @throws MalformedPacketException if any of that does not hold
     */
    public static Datagram udp(byte[] frame, int ipOffset) {
        if (ipOffset < 0 || frame.length < ipOffset + IPV4_HEADER) {
            throw new MalformedPacketException("IPv4 header is truncated");
        }
        int vihl = frame[ipOffset] & 0xff;
        if ((vihl >>> 4) != 4) {
            throw new MalformedPacketException("IP version is not 4");
        }
        int ihl = (vihl & 0x0f) * 4;
        int total = u16(frame, ipOffset + 2);
        if (ihl < IPV4_HEADER || total < ihl + UDP_HEADER || frame.length < ipOffset + total) {
            throw new MalformedPacketException("IPv4 lengths are inconsistent (header " + ihl + ", total " + total
                    + ", " + (frame.length - ipOffset) + " bytes present)");
        }
        if ((frame[ipOffset + 9] & 0xff) != IpProtocol.UDP) {
            throw new MalformedPacketException("not UDP");
        }
        if ((u16(frame, ipOffset + 6) & 0x3fff) != 0) {
            throw new MalformedPacketException("IPv4 fragment");
        }
        int udp = ipOffset + ihl;
        int udpLength = u16(frame, udp + 4);
        if (udpLength < UDP_HEADER || udpLength > total - ihl) {
            throw new MalformedPacketException("UDP length " + udpLength + " does not fit the IPv4 packet");
        }
        return new Datagram(Ip4Address.of(frame, ipOffset + 12), Ip4Address.of(frame, ipOffset + 16),
                u16(frame, udp), u16(frame, udp + 2), udp + UDP_HEADER, udpLength - UDP_HEADER);
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes, starting from a partial sum. */
    static int checksum(byte[] b, int off, int len, int initial) {
        return Checksums.internet(b, off, len, initial);
    }

    /** The sum of the UDP pseudo-header (folded, not complemented). */
    static int pseudoHeaderSum(Ip4Address src, Ip4Address dst, int udpLength) {
        return Checksums.pseudoHeaderSum(src, dst, IpProtocol.UDP, udpLength);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }
}
