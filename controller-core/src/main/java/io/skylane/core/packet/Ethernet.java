package io.skylane.core.packet;

import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * An Ethernet frame header (with at most one 802.1Q tag), read from a byte array without copying.
 * The payload is parsed on demand ({@link #arp()}, {@link #ipv4()}).
 */
public final class Ethernet {

    /** Minimum header: destination, source, type. */
    public static final int HEADER_LENGTH = 14;

    private final byte[] frame;
    private final MacAddress destination;
    private final MacAddress source;
    private final VlanId vlan;
    private final int priority;
    private final int etherType;
    private final int payloadOffset;

    private Ethernet(byte[] frame, MacAddress destination, MacAddress source, VlanId vlan, int priority,
                     int etherType, int payloadOffset) {
        this.frame = frame;
        this.destination = destination;
        this.source = source;
        this.vlan = vlan;
        this.priority = priority;
        this.etherType = etherType;
        this.payloadOffset = payloadOffset;
    }

    /**
     * Parses the header of {@code frame}.
     *
     * @throws MalformedPacketException if the frame is shorter than its headers
     */
    public static Ethernet parse(byte[] frame) {
        if (frame.length < HEADER_LENGTH) {
            throw new MalformedPacketException("frame of " + frame.length + " bytes is shorter than an Ethernet header");
        }
        MacAddress dst = MacAddress.of(frame, 0);
        MacAddress src = MacAddress.of(frame, 6);
        int type = u16(frame, 12);
        if (type == EthType.VLAN) {
            if (frame.length < HEADER_LENGTH + 4) {
                throw new MalformedPacketException("802.1Q frame of " + frame.length + " bytes is truncated");
            }
            int tci = u16(frame, 14);
            return new Ethernet(frame, dst, src, VlanId.of(tci & 0x0fff), tci >>> 13, u16(frame, 16),
                    HEADER_LENGTH + 4);
        }
        return new Ethernet(frame, dst, src, VlanId.NONE, 0, type, HEADER_LENGTH);
    }

    public MacAddress destination() {
        return destination;
    }

    public MacAddress source() {
        return source;
    }

    /** The 802.1Q VLAN id, or {@link VlanId#NONE}. */
    public VlanId vlan() {
        return vlan;
    }

    public int priority() {
        return priority;
    }

    /** The type of the payload (after any VLAN tag). */
    public int etherType() {
        return etherType;
    }

    /** Offset of the payload in the frame. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** The frame this header was read from. */
    public byte[] frame() {
        return frame;
    }

    public boolean isLldp() {
        return etherType == EthType.LLDP || etherType == EthType.BDDP;
    }

    /** The ARP payload, if this is an ARP frame. */
    public Optional<Arp> arp() {
        return etherType == EthType.ARP ? Optional.of(Arp.parse(frame, payloadOffset)) : Optional.empty();
    }

    /** The IPv4 payload, if this is an IPv4 frame. */
    public Optional<Ipv4> ipv4() {
        return etherType == EthType.IPV4 ? Optional.of(Ipv4.parse(frame, payloadOffset)) : Optional.empty();
    }

    /** Builds a frame; pads it to the 60-byte minimum. */
    public static byte[] build(MacAddress dst, MacAddress src, VlanId vlan, int etherType, byte[] payload) {
        int header = vlan.isNone() ? HEADER_LENGTH : HEADER_LENGTH + 4;
        ByteBuffer b = ByteBuffer.allocate(Math.max(60, header + payload.length));
        b.put(dst.toBytes()).put(src.toBytes());
        if (!vlan.isNone()) {
            b.putShort((short) EthType.VLAN).putShort(vlan.value());
        }
        b.putShort((short) etherType).put(payload);
        return b.array();
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    @Override
    public String toString() {
        return "Ethernet{" + source + " > " + destination + " type=0x" + Integer.toHexString(etherType)
                + (vlan.isNone() ? "" : " vlan=" + vlan) + "}";
    }
}
