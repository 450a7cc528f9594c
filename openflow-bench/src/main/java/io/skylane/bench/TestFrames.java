package io.skylane.bench;

/**
 * The Ethernet frames emulated switches send, after cbench's: 64-byte IPv4/UDP frames from a
 * cycling source MAC to a fixed destination MAC per switch, and the gratuitous ARP reply that
 * teaches the controller where that destination is before the test.
 *
 * <pre>
 *  0 dst 80:00:00:00:hi:lo (the switch's dpid)   6 src 02:t3:t2:t1:t0:lo (t = the MAC tag)
 * 12 0x0800   14 IPv4 192.168.0.40 -> 192.168.(lo).40, UDP   34 UDP 12345 -> 8080
 * 42 "SKYB"   46 sequence (int)   50 switch index (int)   54..63 zero
 * </pre>
 *
 * The MAC tag of MAC number {@code i} is a seeded bijection of {@code i}, so the M source MACs of a
 * switch are distinct, deterministic, and computed without a table.
 */
final class TestFrames {

    static final int LENGTH = 64;
    static final int SRC_TAG_OFFSET = 7;
    static final int MAGIC_OFFSET = 42;
    static final int SEQ_OFFSET = 46;
    static final int INDEX_OFFSET = 50;
    static final int MAGIC = 0x534b5942; // "SKYB"
    static final int IN_PORT = 1;
    static final int LEARN_IN_PORT = 2;

    private TestFrames() {
    }

    /** The destination MAC of switch {@code dpid}'s test traffic, as 48 bits. */
    static long destinationMac(long dpid) {
        return 0x8000_0000_0000L | (dpid & 0xffff);
    }

    /** The per-switch key of {@link #macTag}. */
    static int macKey(long seed, int switchIndex) {
        return fmix32((int) seed * 31 + switchIndex + fmix32((int) (seed >>> 32)));
    }

    /** The tag (bytes 1..4 of the source MAC) of MAC number {@code i} of the switch with this key. */
    static int macTag(int key, int i) {
        return fmix32(i + key);
    }

    /** The test frame of a switch; tag and sequence are patched per packet. */
    static byte[] frame(long dpid, int switchIndex) {
        byte[] f = new byte[LENGTH];
        putMac(f, 0, destinationMac(dpid));
        f[6] = 0x02;
        f[11] = (byte) dpid;
        putShort(f, 12, 0x0800);
        int lo = (int) dpid & 0xff;
        byte[] ip = {0x45, 0, 0, 50, 0, 0, 0, 0, 64, 17, 0, 0, (byte) 192, (byte) 168, 0, 40,
            (byte) 192, (byte) 168, (byte) lo, 40};
        int sum = 0;
        for (int i = 0; i < ip.length; i += 2) {
            sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        putShort(ip, 10, ~sum & 0xffff);
        System.arraycopy(ip, 0, f, 14, ip.length);
        putShort(f, 34, 12345);
        putShort(f, 36, 8080);
        putShort(f, 38, 30);
        putInt(f, MAGIC_OFFSET, MAGIC);
        putInt(f, INDEX_OFFSET, switchIndex);
        return f;
    }

    /** cbench's gratuitous ARP reply from the destination MAC, sent on port 2 before the test. */
    static byte[] learnFrame(long dpid) {
        byte[] f = new byte[60];
        long mac = destinationMac(dpid);
        putMac(f, 0, 0xffff_ffff_ffffL);
        putMac(f, 6, mac);
        putShort(f, 12, 0x0806);
        putShort(f, 14, 1);
        putShort(f, 16, 0x0800);
        f[18] = 6;
        f[19] = 4;
        putShort(f, 20, 2);
        byte[] ip = {(byte) 192, (byte) 168, (byte) dpid, 40};
        putMac(f, 22, mac);
        System.arraycopy(ip, 0, f, 28, 4);
        putMac(f, 32, mac);
        System.arraycopy(ip, 0, f, 38, 4);
        return f;
    }

    /** Murmur3's finaliser: a bijection on 32 bits that mixes well. */
    static int fmix32(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    private static void putMac(byte[] b, int at, long mac) {
        for (int i = 0; i < 6; i++) {
            b[at + i] = (byte) (mac >>> (40 - 8 * i));
        }
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    private static void putInt(byte[] b, int at, int v) {
        putShort(b, at, v >>> 16);
        putShort(b, at + 2, v);
    }
}
