package io.skylane.bench;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import java.nio.ByteBuffer;

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
 * switch are distinct, deterministic, and computed without a table. The Ethernet and ARP parts
 * come from the controller's packet codec (controller-core), the IPv4 and UDP headers from here
 * (the codec only reads those).
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
        byte[] ip = {0x45, 0, 0, 50, 0, 0, 0, 0, 64, 17, 0, 0, (byte) 192, (byte) 168, 0, 40,
            (byte) 192, (byte) 168, (byte) dpid, 40};
        int sum = 0;
        for (int i = 0; i < ip.length; i += 2) {
            sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
        }
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        ip[10] = (byte) (~sum >>> 8);
        ip[11] = (byte) ~sum;
        byte[] payload = ByteBuffer.allocate(LENGTH - Ethernet.HEADER_LENGTH).put(ip)
                .putShort((short) 12345).putShort((short) 8080).putShort((short) 30).putShort((short) 0)
                .putInt(MAGIC).putInt(0).putInt(switchIndex).array();
        return Ethernet.build(MacAddress.of(destinationMac(dpid)), MacAddress.of(0x0200_0000_0000L | (dpid & 0xff)),
                VlanId.NONE, EthType.IPV4, payload);
    }

    /**
     * cbench's gratuitous ARP reply from the destination MAC (and 192.168.(lo).40), broadcast, sent
     * on port 2 before the test; built with the controller's own packet codec.
     */
    static byte[] learnFrame(long dpid) {
        MacAddress mac = MacAddress.of(destinationMac(dpid));
        Ip4Address ip = Ip4Address.of(0xc0a8_0000 | ((int) dpid & 0xff) << 8 | 40);
        return Ethernet.build(MacAddress.BROADCAST, mac, VlanId.NONE, EthType.ARP,
                new Arp(Arp.REPLY, mac, ip, mac, ip).toBytes());
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
}
