package io.skylane.lb.frames;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

/**
 * Checks on built frames, written apart from the code under test: the IPv4 header checksum and the
 * TCP/UDP/ICMP checksum are recomputed from the bytes (a correct checksum sums to 0xffff).
 */
public final class FrameChecks {

    private FrameChecks() {
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    /** Asserts both checksums of the untagged IPv4 frame hold; returns the IPv4 total length. */
    public static int assertChecksumsHold(byte[] frame) {
        int ip = 14;
        assertEquals(0x0800, u16(frame, 12), "ethertype");
        int ihl = (frame[ip] & 0x0f) * 4;
        int total = u16(frame, ip + 2);
        assertEquals(0xffff, onesSum(frame, ip, ihl, 0), "IPv4 header checksum");
        int proto = frame[ip + 9] & 0xff;
        int l4 = ip + ihl;
        int l4Length = total - ihl;
        if (proto == 1) {
            assertEquals(0xffff, onesSum(frame, l4, l4Length, 0), "ICMP checksum");
        } else {
            long pseudo = u16(frame, ip + 12) + u16(frame, ip + 14) + u16(frame, ip + 16) + u16(frame, ip + 18) + proto
                    + l4Length;
            if (proto == 17) {
                assertEquals(l4Length, u16(frame, l4 + 4), "UDP length");
            }
            assertEquals(0xffff, onesSum(frame, l4, l4Length, pseudo), (proto == 6 ? "TCP" : "UDP") + " checksum");
        }
        return total;
    }

    /** The one's complement sum (folded, not complemented) of {@code len} bytes plus {@code start}. */
    static int onesSum(byte[] b, int off, int len, long start) {
        long sum = start;
        for (int i = 0; i < len; i++) {
            int v = b[off + i] & 0xff;
            sum += (i % 2 == 0) ? v << 8 : v;
        }
        while (sum > 0xffff) {
            sum = (sum >>> 16) + (sum & 0xffff);
        }
        return (int) sum;
    }

    public static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    public static long u32(byte[] b, int off) {
        return ((long) u16(b, off) << 16) | u16(b, off + 2);
    }
}
