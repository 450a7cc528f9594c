package io.skylane.lb.frames;

import static com.google.common.base.Preconditions.checkPositionIndexes;

import com.google.common.base.MoreObjects;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import java.util.Optional;

/**
 * The IPv4 packet in a received Ethernet frame (untagged or with one 802.1Q tag), read with every
 * length checked: {@link #parse} returns empty for anything that is not a whole IPv4 packet and
 * never throws. The frame may be longer than the packet (Ethernet padding); the packet's L4 bytes
 * are the {@link #l4Length()} bytes at {@link #l4Offset()}, read with the {@code l4u*} methods.
 * Checksums are not verified. A view over the caller's array: do not modify it.
 */
public final class Ip4Packet {

    private static final int ETHERNET = 14;
    private static final int DOT1Q = 4;

    private final byte[] frame;
    private final MacAddress ethSource;
    private final MacAddress ethDestination;
    private final VlanId vlan;
    private final int ipOffset;
    private final int headerLength;
    private final int totalLength;

    private Ip4Packet(byte[] frame, MacAddress ethSource, MacAddress ethDestination, VlanId vlan, int ipOffset,
                      int headerLength, int totalLength) {
        this.frame = frame;
        this.ethSource = ethSource;
        this.ethDestination = ethDestination;
        this.vlan = vlan;
        this.ipOffset = ipOffset;
        this.headerLength = headerLength;
        this.totalLength = totalLength;
    }

    /**
     * The IPv4 packet of {@code frame}; empty if the frame is not IPv4, is cut short, or its IPv4
     * version or lengths are inconsistent.
     */
    public static Optional<Ip4Packet> parse(byte[] frame) {
        if (frame == null || frame.length < ETHERNET) {
            return Optional.empty();
        }
        int type = u16(frame, 12);
        int ip = ETHERNET;
        VlanId vlan = VlanId.NONE;
        if (type == EthType.VLAN) {
            if (frame.length < ETHERNET + DOT1Q) {
                return Optional.empty();
            }
            vlan = VlanId.of(u16(frame, 14) & 0x0fff);
            type = u16(frame, 16);
            ip += DOT1Q;
        }
        if (type != EthType.IPV4 || frame.length < ip + Ip4Frames.IPV4_HEADER || (frame[ip] & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int ihl = (frame[ip] & 0x0f) * 4;
        int total = u16(frame, ip + 2);
        if (ihl < Ip4Frames.IPV4_HEADER || total < ihl || frame.length < ip + total) {
            return Optional.empty();
        }
        return Optional.of(new Ip4Packet(frame, MacAddress.of(frame, 6), MacAddress.of(frame, 0), vlan, ip, ihl,
                total));
    }

    public MacAddress ethSource() {
        return ethSource;
    }

    public MacAddress ethDestination() {
        return ethDestination;
    }

    /** The 802.1Q VLAN, or {@link VlanId#NONE}. */
    public VlanId vlan() {
        return vlan;
    }

    public Ip4Address source() {
        return Ip4Address.of(frame, ipOffset + 12);
    }

    public Ip4Address destination() {
        return Ip4Address.of(frame, ipOffset + 16);
    }

    public int protocol() {
        return frame[ipOffset + 9] & 0xff;
    }

    /** Where the IPv4 header starts in the frame. */
    public int ipOffset() {
        return ipOffset;
    }

    /** The IPv4 header's length, options included. */
    public int headerLength() {
        return headerLength;
    }

    /** The IPv4 total length (header and payload), without the frame's padding. */
    public int totalLength() {
        return totalLength;
    }

    /** The fragment offset in 8-byte units: 0 for an unfragmented packet or a first fragment. */
    public int fragmentOffset() {
        return u16(frame, ipOffset + 6) & 0x1fff;
    }

    public boolean moreFragments() {
        return (frame[ipOffset + 6] & 0x20) != 0;
    }

    /** Whether this is a fragment of a larger packet (any fragment, the first included). */
    public boolean isFragment() {
        return fragmentOffset() != 0 || moreFragments();
    }

    /** Where the L4 bytes start in the frame. */
    public int l4Offset() {
        return ipOffset + headerLength;
    }

    /** How many L4 bytes the packet holds. */
    public int l4Length() {
        return totalLength - headerLength;
    }

    /** The L4 byte at {@code index}. */
    public int l4u8(int index) {
        checkPositionIndexes(index, index + 1, l4Length());
        return frame[l4Offset() + index] & 0xff;
    }

    /** The big-endian 16-bit L4 value at {@code index}. */
    public int l4u16(int index) {
        checkPositionIndexes(index, index + 2, l4Length());
        return u16(frame, l4Offset() + index);
    }

    /** The big-endian unsigned 32-bit L4 value at {@code index}. */
    public long l4u32(int index) {
        checkPositionIndexes(index, index + 4, l4Length());
        return ((long) u16(frame, l4Offset() + index) << 16) | u16(frame, l4Offset() + index + 2);
    }

    /** The frame the packet was read from. */
    public byte[] frame() {
        return frame;
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("src", source()).add("dst", destination())
                .add("proto", protocol()).add("length", totalLength).toString();
    }
}
