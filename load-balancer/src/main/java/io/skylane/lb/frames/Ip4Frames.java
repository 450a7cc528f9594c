package io.skylane.lb.frames;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Checksums;
import io.skylane.core.packet.Ethernet;

/**
 * Untagged Ethernet frames carrying one IPv4 packet (no options, TTL 64, identification 0, no
 * fragmentation flags) with a TCP segment, a UDP datagram or an ICMP message, every checksum
 * computed: Open vSwitch passes a controller's frame on as it is, and the receiving kernel drops
 * a segment whose checksum is wrong. Frames shorter than 60 bytes are padded (the IPv4 total
 * length says where the packet ends).
 */
public final class Ip4Frames {

    public static final int IPV4_HEADER = 20;
    public static final int TCP_HEADER = 20;
    public static final int UDP_HEADER = 8;
    public static final int ICMP_HEADER = 8;
    public static final int TTL = 64;

    /** TCP flags, as in the segment's 13th byte. */
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    private Ip4Frames() {
    }

    /** A TCP segment without options or payload. */
    public static byte[] tcp(MacAddress dstMac, MacAddress srcMac, Ip4Address src, int srcPort, Ip4Address dst,
                             int dstPort, long seq, long ack, int flags, int window) {
        checkPort(srcPort);
        checkPort(dstPort);
        checkArgument(seq >= 0 && seq <= 0xffffffffL, "seq must be a 32-bit unsigned number");
        checkArgument(ack >= 0 && ack <= 0xffffffffL, "ack must be a 32-bit unsigned number");
        checkArgument(flags >= 0 && flags <= 0xff, "flags must fit one byte");
        checkArgument(window >= 0 && window <= 0xffff, "window must be 0..65535");
        byte[] ip = header(src, dst, IpProtocol.TCP, TCP_HEADER);
        int t = IPV4_HEADER;
        put16(ip, t, srcPort);
        put16(ip, t + 2, dstPort);
        put32(ip, t + 4, seq);
        put32(ip, t + 8, ack);
        ip[t + 12] = (byte) ((TCP_HEADER / 4) << 4);
        ip[t + 13] = (byte) flags;
        put16(ip, t + 14, window);
        put16(ip, t + 16, Checksums.internet(ip, t, TCP_HEADER,
                Checksums.pseudoHeaderSum(src, dst, IpProtocol.TCP, TCP_HEADER)));
        return frame(dstMac, srcMac, ip);
    }

    /** A UDP datagram; its checksum is never 0 (0 means "none" over IPv4, RFC 768). */
    public static byte[] udp(MacAddress dstMac, MacAddress srcMac, Ip4Address src, int srcPort, Ip4Address dst,
                             int dstPort, byte[] payload) {
        checkPort(srcPort);
        checkPort(dstPort);
        checkNotNull(payload, "payload");
        int length = UDP_HEADER + payload.length;
        byte[] ip = header(src, dst, IpProtocol.UDP, length);
        int u = IPV4_HEADER;
        put16(ip, u, srcPort);
        put16(ip, u + 2, dstPort);
        put16(ip, u + 4, length);
        System.arraycopy(payload, 0, ip, u + UDP_HEADER, payload.length);
        int sum = Checksums.internet(ip, u, length, Checksums.pseudoHeaderSum(src, dst, IpProtocol.UDP, length));
        put16(ip, u + 6, sum == 0 ? 0xffff : sum);
        return frame(dstMac, srcMac, ip);
    }

    /**
     * An ICMP message: {@code type}, {@code code}, the header's second word {@code rest} (echo: id
     * and sequence; destination unreachable: 0) and {@code data}.
     */
    public static byte[] icmp(MacAddress dstMac, MacAddress srcMac, Ip4Address src, Ip4Address dst, int type,
                              int code, long rest, byte[] data) {
        checkArgument(type >= 0 && type <= 0xff, "ICMP type must fit one byte");
        checkArgument(code >= 0 && code <= 0xff, "ICMP code must fit one byte");
        checkArgument(rest >= 0 && rest <= 0xffffffffL, "rest of header must be a 32-bit unsigned number");
        checkNotNull(data, "data");
        int length = ICMP_HEADER + data.length;
        byte[] ip = header(src, dst, IpProtocol.ICMP, length);
        int c = IPV4_HEADER;
        ip[c] = (byte) type;
        ip[c + 1] = (byte) code;
        put32(ip, c + 4, rest);
        System.arraycopy(data, 0, ip, c + ICMP_HEADER, data.length);
        put16(ip, c + 2, Checksums.internet(ip, c, length, 0));
        return frame(dstMac, srcMac, ip);
    }

    /** An IPv4 packet with its header filled in (checksum included) and room for the L4 bytes. */
    private static byte[] header(Ip4Address src, Ip4Address dst, int protocol, int l4Length) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        int total = IPV4_HEADER + l4Length;
        checkArgument(total <= 0xffff, "IPv4 packet too long");
        byte[] ip = new byte[total];
        ip[0] = 0x45;
        put16(ip, 2, total);
        ip[8] = (byte) TTL;
        ip[9] = (byte) protocol;
        System.arraycopy(src.toBytes(), 0, ip, 12, 4);
        System.arraycopy(dst.toBytes(), 0, ip, 16, 4);
        put16(ip, 10, Checksums.internet(ip, 0, IPV4_HEADER, 0));
        return ip;
    }

    private static byte[] frame(MacAddress dstMac, MacAddress srcMac, byte[] ip) {
        return Ethernet.build(checkNotNull(dstMac, "dstMac"), checkNotNull(srcMac, "srcMac"), VlanId.NONE,
                EthType.IPV4, ip);
    }

    private static void checkPort(int port) {
        checkArgument(port >= 0 && port <= 0xffff, "port must be 0..65535");
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, long v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
