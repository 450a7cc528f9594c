package io.skylane.lb.frames;

import static io.skylane.lb.frames.FrameChecks.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reading a frame's IPv4 packet: tags, padding, options, fragments, and never an exception. */
class Ip4PacketTest {

    private static final byte[] SYN = bytes(GoldenFrames.SYN);

    @Test
    void readsTheFieldsOfAPaddedFrame() {
        Ip4Packet p = Ip4Packet.parse(SYN).orElseThrow();
        assertEquals(Ip4FramesTest.ROUTER, p.ethSource());
        assertEquals(Ip4FramesTest.HOST, p.ethDestination());
        assertEquals(VlanId.NONE, p.vlan());
        assertEquals(Ip4FramesTest.VIP, p.source());
        assertEquals(Ip4FramesTest.MEMBER, p.destination());
        assertEquals(6, p.protocol());
        assertEquals(14, p.ipOffset());
        assertEquals(40, p.totalLength());
        assertEquals(34, p.l4Offset());
        assertEquals(20, p.l4Length(), "the padding is not L4");
        assertEquals(65300, p.l4u16(0));
        assertEquals(0x12345678L, p.l4u32(4));
        assertFalse(p.isFragment());
        assertThrows(IndexOutOfBoundsException.class, () -> p.l4u8(20), "reads stop at the packet's end");
        assertThrows(IndexOutOfBoundsException.class, () -> p.l4u32(17));
    }

    @Test
    void readsATaggedFrameAndOptions() {
        byte[] ip = Arrays.copyOfRange(SYN, 14, 54);
        byte[] withOptions = new byte[ip.length + 4];
        System.arraycopy(ip, 0, withOptions, 0, 20);
        withOptions[20] = 1; // four NOPs
        withOptions[21] = 1;
        withOptions[22] = 1;
        withOptions[23] = 1;
        System.arraycopy(ip, 20, withOptions, 24, 20);
        withOptions[0] = 0x46;
        withOptions[3] = (byte) withOptions.length;
        byte[] frame = io.skylane.core.packet.Ethernet.build(MacAddress.BROADCAST, Ip4FramesTest.HOST, VlanId.of(100),
                0x0800, withOptions);
        Ip4Packet p = Ip4Packet.parse(frame).orElseThrow();
        assertEquals(VlanId.of(100), p.vlan());
        assertEquals(18, p.ipOffset());
        assertEquals(24, p.headerLength());
        assertEquals(42, p.l4Offset());
        assertEquals(8080, p.l4u16(2));
        assertEquals(Ip4Address.parse("10.0.0.21"), p.destination());
    }

    @Test
    void fragmentsAreSeen() {
        byte[] f = SYN.clone();
        f[20] = 0x20; // more fragments, offset 0
        assertTrue(Ip4Packet.parse(f).orElseThrow().isFragment());
        assertEquals(0, Ip4Packet.parse(f).orElseThrow().fragmentOffset());
        f[20] = 0x00;
        f[21] = 0x03;
        assertEquals(3, Ip4Packet.parse(f).orElseThrow().fragmentOffset());
        assertFalse(Ip4Packet.parse(f).orElseThrow().moreFragments());
    }

    @Test
    void refusesWhatIsNotAWholeIpv4Packet() {
        assertTrue(Ip4Packet.parse(null).isEmpty());
        assertTrue(Ip4Packet.parse(new byte[0]).isEmpty());
        assertTrue(Ip4Packet.parse(Arrays.copyOf(SYN, 53)).isEmpty(), "one byte short of the total length");
        assertTrue(Ip4Packet.parse(Arrays.copyOf(SYN, 54)).isPresent());
        byte[] v6 = SYN.clone();
        v6[14] = 0x65;
        assertTrue(Ip4Packet.parse(v6).isEmpty(), "version 6 in an IPv4 ethertype");
        byte[] shortIhl = SYN.clone();
        shortIhl[14] = 0x44;
        assertTrue(Ip4Packet.parse(shortIhl).isEmpty());
        byte[] totalUnderHeader = SYN.clone();
        totalUnderHeader[17] = 19;
        assertTrue(Ip4Packet.parse(totalUnderHeader).isEmpty());
        byte[] arp = SYN.clone();
        arp[13] = 0x06;
        assertTrue(Ip4Packet.parse(arp).isEmpty());
        byte[] tagged = Arrays.copyOf(SYN, 17);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0;
        assertTrue(Ip4Packet.parse(tagged).isEmpty(), "a tag cut short");
    }

    @Test
    void neverThrowsOnAnyBytes() {
        SplittableRandom r = new SplittableRandom(13);
        for (int i = 0; i < 100_000; i++) {
            byte[] f = new byte[r.nextInt(0, 80)];
            r.nextBytes(f);
            if (r.nextBoolean() && f.length > 14) {
                f[12] = 0x08;
                f[13] = 0x00;
                f[14] = (byte) (0x40 | (f[14] & 0x0f));
            }
            Ip4Packet.parse(f).ifPresent(p -> {
                p.source();
                p.destination();
                p.isFragment();
                assertTrue(p.l4Offset() + p.l4Length() <= f.length);
            });
        }
    }
}
