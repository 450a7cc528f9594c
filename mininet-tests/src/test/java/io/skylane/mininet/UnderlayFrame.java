package io.skylane.mininet;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One Ethernet frame seen on the overlay lab's underlay, decoded as far as the tests need: the
 * outer Ethernet and IPv4/UDP headers and, for Geneve (UDP 6081) and VXLAN (UDP 4789), the VNI and
 * the inner frame. {@link #parsePcap} reads what {@code tcpdump -w} wrote.
 *
 * @param ethSrc    outer source MAC, {@code aa:bb:..}
 * @param ethDst    outer destination MAC
 * @param etherType outer EtherType (0x0800 IPv4, 0x0806 ARP, ...)
 * @param ip        the outer IPv4 header, if IPv4
 * @param tunnel    the encapsulation, if Geneve or VXLAN
 */
public record UnderlayFrame(String ethSrc, String ethDst, int etherType, Optional<Ipv4> ip,
                            Optional<Tunnel> tunnel) {

    public static final int GENEVE_PORT = 6081;
    public static final int VXLAN_PORT = 4789;
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_ARP = 0x0806;
    private static final int ETH_VLAN = 0x8100;

    /**
     * An IPv4 header with the ports of UDP or TCP (0 for other protocols).
     *
     * @param protocol 1 ICMP, 6 TCP, 17 UDP, ...
     */
    public record Ipv4(String src, String dst, int protocol, int srcPort, int dstPort) {
    }

    /**
     * The encapsulation and the inner frame's addresses.
     *
     * @param type           "geneve" or "vxlan"
     * @param vni            the 24-bit virtual network id
     * @param innerEtherType the inner frame's EtherType
     * @param innerIp        the inner IPv4 header, if IPv4
     */
    public record Tunnel(String type, int vni, String innerEthSrc, String innerEthDst, int innerEtherType,
                         Optional<Ipv4> innerIp) {
    }

    public boolean isArp() {
        return etherType == ETH_ARP;
    }

    public boolean isGeneve() {
        return tunnel.filter(t -> t.type().equals("geneve")).isPresent();
    }

    /** The VNI of a tunnelled frame; throws for a frame that is not one. */
    public int vni() {
        return tunnel.orElseThrow(() -> new IllegalStateException("not a tunnel frame: " + this)).vni();
    }

    /** One line, the way tcpdump would summarise it. */
    public String summary() {
        StringBuilder s = new StringBuilder(ethSrc + " > " + ethDst + String.format(" 0x%04x", etherType));
        ip.ifPresent(i -> s.append(' ').append(ipSummary(i)));
        tunnel.ifPresent(t -> s.append(" ").append(t.type()).append(" vni ").append(t.vni()).append(": ")
                .append(t.innerEthSrc()).append(" > ").append(t.innerEthDst())
                .append(t.innerIp().map(i -> " " + ipSummary(i)).orElse(String.format(" 0x%04x", t.innerEtherType()))));
        return s.toString();
    }

    private static String ipSummary(Ipv4 i) {
        return i.src() + (i.srcPort() > 0 ? "." + i.srcPort() : "") + " > " + i.dst()
                + (i.dstPort() > 0 ? "." + i.dstPort() : "") + " proto " + i.protocol();
    }

    /** Every frame of a pcap file (Ethernet link type, either byte order, micro- or nanosecond stamps). */
    public static List<UnderlayFrame> parsePcap(byte[] pcap) {
        ByteBuffer b = ByteBuffer.wrap(pcap);
        if (pcap.length < 24) {
            throw new IllegalArgumentException("not a pcap file: " + pcap.length + " bytes");
        }
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IllegalArgumentException(String.format("not a pcap file: magic 0x%08x", magic));
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IllegalArgumentException("pcap link type " + linkType + ", not Ethernet (1)");
        }
        List<UnderlayFrame> frames = new ArrayList<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = b.getInt(at + 8);
            if (captured < 0 || at + 16 + captured > pcap.length) {
                break; // a record tcpdump was still writing when it stopped
            }
            byte[] frame = new byte[captured];
            System.arraycopy(pcap, at + 16, frame, 0, captured);
            parseEthernet(frame).ifPresent(frames::add);
            at += 16 + captured;
        }
        return List.copyOf(frames);
    }

    /** One Ethernet frame; empty if it is shorter than an Ethernet header. */
    static Optional<UnderlayFrame> parseEthernet(byte[] frame) {
        if (frame.length < 14) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        boolean tagged = u16(b, 12) == ETH_VLAN && frame.length >= 18;
        int type = tagged ? u16(b, 16) : u16(b, 12);
        int l3 = tagged ? 18 : 14;
        Optional<Ipv4> ip = type == ETH_IPV4 ? ipv4(b, l3) : Optional.empty();
        Optional<Tunnel> tunnel = ip.flatMap(i -> tunnel(b, l3, i));
        return Optional.of(new UnderlayFrame(mac(frame, 6), mac(frame, 0), type, ip, tunnel));
    }

    private static Optional<Ipv4> ipv4(ByteBuffer b, int at) {
        if (b.limit() < at + 20 || (b.get(at) & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int headerLength = (b.get(at) & 0x0f) * 4;
        int protocol = b.get(at + 9) & 0xff;
        int l4 = at + headerLength;
        boolean ports = (protocol == 6 || protocol == 17) && b.limit() >= l4 + 4;
        return Optional.of(new Ipv4(ip(b, at + 12), ip(b, at + 16), protocol,
                ports ? u16(b, l4) : 0, ports ? u16(b, l4 + 2) : 0));
    }

    private static Optional<Tunnel> tunnel(ByteBuffer b, int l3, Ipv4 ip) {
        if (ip.protocol() != 17) {
            return Optional.empty();
        }
        int udp = l3 + (b.get(l3) & 0x0f) * 4;
        int header = udp + 8;
        int inner;
        String type;
        if (ip.dstPort() == GENEVE_PORT && b.limit() >= header + 8) {
            type = "geneve";
            inner = header + 8 + (b.get(header) & 0x3f) * 4; // + options, in 4-byte words
        } else if (ip.dstPort() == VXLAN_PORT && b.limit() >= header + 8) {
            type = "vxlan";
            inner = header + 8;
        } else {
            return Optional.empty();
        }
        int vni = (b.get(header + 4) & 0xff) << 16 | (b.get(header + 5) & 0xff) << 8 | b.get(header + 6) & 0xff;
        if (b.limit() < inner + 14) {
            return Optional.of(new Tunnel(type, vni, "", "", 0, Optional.empty()));
        }
        byte[] frame = b.array();
        int innerType = u16(b, inner + 12);
        Optional<Ipv4> innerIp = innerType == ETH_IPV4 ? ipv4(b, inner + 14) : Optional.empty();
        return Optional.of(new Tunnel(type, vni, mac(frame, inner + 6), mac(frame, inner), innerType, innerIp));
    }

    private static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) << 8 | b.get(at + 1) & 0xff;
    }

    private static String ip(ByteBuffer b, int at) {
        return (b.get(at) & 0xff) + "." + (b.get(at + 1) & 0xff) + "." + (b.get(at + 2) & 0xff) + "."
                + (b.get(at + 3) & 0xff);
    }

    private static String mac(byte[] f, int at) {
        return String.format("%02x:%02x:%02x:%02x:%02x:%02x", f[at], f[at + 1], f[at + 2], f[at + 3], f[at + 4],
                f[at + 5]);
    }
}
