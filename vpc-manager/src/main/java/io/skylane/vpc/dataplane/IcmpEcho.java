package io.skylane.vpc.dataplane;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Checksums;
import io.skylane.core.packet.Ethernet;
import java.util.Arrays;
import java.util.Optional;

/** ICMP the gateways send: echo replies (a host pinging its gateway) and time exceeded (traceroute). */
final class IcmpEcho {

    static final int ECHO_REPLY = 0;
    static final int ECHO_REQUEST = 8;

    private IcmpEcho() {
    }

    /**
     * The echo reply to the echo request in {@code frame} (IPv4 at {@code ipOffset}), from
     * {@code fromMac}; empty if it is not a well-formed, unfragmented echo request.
     */
    static Optional<byte[]> reply(byte[] frame, int ipOffset, MacAddress fromMac, MacAddress toMac, VlanId vlan) {
        if (frame.length < ipOffset + 20) {
            return Optional.empty();
        }
        int ihl = (frame[ipOffset] & 0x0f) * 4;
        int total = ((frame[ipOffset + 2] & 0xff) << 8) | (frame[ipOffset + 3] & 0xff);
        int fragment = ((frame[ipOffset + 6] & 0x3f) << 8) | (frame[ipOffset + 7] & 0xff);
        boolean moreFragments = (frame[ipOffset + 6] & 0x20) != 0;
        if ((frame[ipOffset] >>> 4 & 0x0f) != 4 || ihl < 20 || total < ihl + 8 || ipOffset + total > frame.length
                || (frame[ipOffset + 9] & 0xff) != IpProtocol.ICMP || fragment != 0 || moreFragments
                || (frame[ipOffset + ihl] & 0xff) != ECHO_REQUEST) {
            return Optional.empty();
        }
        byte[] icmp = Arrays.copyOfRange(frame, ipOffset + ihl, ipOffset + total);
        icmp[0] = (byte) ECHO_REPLY;
        icmp[1] = 0;
        icmp[2] = 0;
        icmp[3] = 0;
        int sum = checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        Ip4Address src = Ip4Address.of(frame, ipOffset + 12);
        Ip4Address dst = Ip4Address.of(frame, ipOffset + 16);
        return Optional.of(Ethernet.build(toMac, fromMac, vlan, EthType.IPV4, icmpPacket(dst, src, icmp)));
    }

    /**
     * An ICMP time exceeded (type 11, code 0) from {@code fromIp} for the IPv4 packet at
     * {@code ipOffset} of {@code frame}, quoting its header and first 8 bytes (RFC 792); empty if
     * the frame holds no IPv4 packet or the packet is itself an ICMP error.
     */
    static Optional<byte[]> timeExceeded(byte[] frame, int ipOffset, Ip4Address fromIp, MacAddress fromMac,
                                         MacAddress toMac, VlanId vlan) {
        if (frame.length < ipOffset + 20 || (frame[ipOffset] >>> 4 & 0x0f) != 4) {
            return Optional.empty();
        }
        int ihl = (frame[ipOffset] & 0x0f) * 4;
        if (ihl < 20 || frame.length < ipOffset + ihl) {
            return Optional.empty();
        }
        int proto = frame[ipOffset + 9] & 0xff;
        if (proto == IpProtocol.ICMP && frame.length > ipOffset + ihl) {
            int type = frame[ipOffset + ihl] & 0xff;
            if (type != ECHO_REQUEST && type != ECHO_REPLY) {
                return Optional.empty(); // never an error about an error
            }
        }
        int quoted = Math.min(ihl + 8, frame.length - ipOffset);
        byte[] icmp = new byte[8 + quoted];
        icmp[0] = 11;
        System.arraycopy(frame, ipOffset, icmp, 8, quoted);
        int sum = checksum(icmp, 0, icmp.length);
        icmp[2] = (byte) (sum >>> 8);
        icmp[3] = (byte) sum;
        Ip4Address to = Ip4Address.of(frame, ipOffset + 12);
        return Optional.of(Ethernet.build(toMac, fromMac, vlan, EthType.IPV4, icmpPacket(fromIp, to, icmp)));
    }

    /** An IPv4 packet (no options, TTL 64, header checksum set) carrying the ICMP message. */
    private static byte[] icmpPacket(Ip4Address src, Ip4Address dst, byte[] icmp) {
        byte[] ip = new byte[20 + icmp.length];
        ip[0] = 0x45;
        ip[2] = (byte) (ip.length >>> 8);
        ip[3] = (byte) ip.length;
        ip[8] = 64;
        ip[9] = (byte) IpProtocol.ICMP;
        System.arraycopy(src.toBytes(), 0, ip, 12, 4);
        System.arraycopy(dst.toBytes(), 0, ip, 16, 4);
        int headerSum = checksum(ip, 0, 20);
        ip[10] = (byte) (headerSum >>> 8);
        ip[11] = (byte) headerSum;
        System.arraycopy(icmp, 0, ip, 20, icmp.length);
        return ip;
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes. */
    static int checksum(byte[] b, int off, int len) {
        return Checksums.internet(b, off, len, 0);
    }
}
