package io.skylane.core.packet;

import io.skylane.core.net.Ip4Address;

/** The Internet checksum (RFC 1071) and the IPv4 pseudo-header that TCP and UDP add to it. */
public final class Checksums {

    private Checksums() {
    }

    /**
     * The checksum of {@code length} bytes of {@code b} from {@code offset}, continuing from
     * {@code partialSum} (0, or a {@link #pseudoHeaderSum}): the one's complement of the one's
     * complement sum, as it goes into the header. Recomputed over data that carries its own correct
     * checksum, it gives 0.
     */
    public static int internet(byte[] b, int offset, int length, int partialSum) {
        long sum = partialSum & 0xffffffffL;
        int i = offset;
        int end = offset + length;
        for (; i + 1 < end; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (i < end) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The folded sum of the IPv4 pseudo-header of a TCP or UDP segment of {@code l4Length} bytes. */
    public static int pseudoHeaderSum(Ip4Address src, Ip4Address dst, int protocol, int l4Length) {
        long sum = (src.value() >>> 16) + (src.value() & 0xffff) + (dst.value() >>> 16) + (dst.value() & 0xffff)
                + protocol + l4Length;
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) sum;
    }
}
