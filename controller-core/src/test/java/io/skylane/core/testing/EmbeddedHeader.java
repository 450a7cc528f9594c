package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;

/**
 * What an ICMP error carries of the packet that caused it (the IPv4 header and the first 8 bytes
 * after it): addresses, protocol and, for TCP and UDP, the ports (0 otherwise). Conntrack uses it
 * to find the connection the error is related to ({@link SimPacket#icmpError}).
 */
public record EmbeddedHeader(Ip4Address src, Ip4Address dst, int proto, int srcPort, int dstPort) {

    public EmbeddedHeader {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        checkArgument(proto >= 0 && proto <= 255, "proto must be 0..255");
        boolean ports = proto == IpProtocol.TCP || proto == IpProtocol.UDP;
        checkArgument(ports ? srcPort >= 0 && srcPort <= 0xffff && dstPort >= 0 && dstPort <= 0xffff
                : srcPort == 0 && dstPort == 0, "ports only for TCP and UDP, 0..65535");
    }

    /** The header of an IPv4 packet, as an ICMP error about it would carry it. */
    public static EmbeddedHeader of(SimPacket p) {
        checkArgument(p.isIpv4(), "an ICMP error embeds an IPv4 header: %s", p);
        boolean ports = p.ipProto() == IpProtocol.TCP || p.ipProto() == IpProtocol.UDP;
        return new EmbeddedHeader(p.ipv4Src(), p.ipv4Dst(), p.ipProto(), ports ? p.l4Src() : 0,
                ports ? p.l4Dst() : 0);
    }

    @Override
    public String toString() {
        return "[" + src + (srcPort != 0 ? ":" + srcPort : "") + ">" + dst + (dstPort != 0 ? ":" + dstPort : "")
                + " proto=" + proto + "]";
    }
}
