package io.skylane.core.packet;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;

/**
 * The IPv4 header fields the controller looks at, and the L4 ports of TCP and UDP.
 *
 * @param source      source address
 * @param destination destination address
 * @param protocol    IP protocol number
 * @param ttl         time to live
 * @param sourcePort  TCP/UDP source port, or ICMP type; -1 if not present
 * @param destPort    TCP/UDP destination port, or ICMP code; -1 if not present
 */
public record Ipv4(Ip4Address source, Ip4Address destination, int protocol, int ttl, int sourcePort, int destPort) {

    /** Parses the IPv4 header at {@code offset} (and the first four L4 bytes when present). */
    public static Ipv4 parse(byte[] frame, int offset) {
        if (frame.length < offset + 20) {
            throw new MalformedPacketException("IPv4 header is truncated");
        }
        int vihl = frame[offset] & 0xff;
        if ((vihl >>> 4) != 4) {
            throw new MalformedPacketException("IP version is not 4");
        }
        int ihl = (vihl & 0x0f) * 4;
        if (ihl < 20 || frame.length < offset + ihl) {
            throw new MalformedPacketException("IPv4 header length is invalid");
        }
        int proto = frame[offset + 9] & 0xff;
        int l4 = offset + ihl;
        boolean fragment = (Ethernet.u16(frame, offset + 6) & 0x1fff) != 0;
        int sp = -1;
        int dp = -1;
        if (!fragment && frame.length >= l4 + 4) {
            if (proto == IpProtocol.TCP || proto == IpProtocol.UDP) {
                sp = Ethernet.u16(frame, l4);
                dp = Ethernet.u16(frame, l4 + 2);
            } else if (proto == IpProtocol.ICMP) {
                sp = frame[l4] & 0xff;
                dp = frame[l4 + 1] & 0xff;
            }
        }
        return new Ipv4(Ip4Address.of(frame, offset + 12), Ip4Address.of(frame, offset + 16), proto,
                frame[offset + 8] & 0xff, sp, dp);
    }
}
