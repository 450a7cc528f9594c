package io.skylane.lb.frames;

import static io.skylane.lb.frames.FrameChecks.assertChecksumsHold;
import static io.skylane.lb.frames.FrameChecks.hex;
import static io.skylane.lb.frames.FrameChecks.u16;
import static io.skylane.lb.frames.FrameChecks.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The frames byte by byte, against {@link GoldenFrames}.
 */
class Ip4FramesTest {

    static final MacAddress ROUTER = MacAddress.parse("0e:5c:01:00:00:64");
    static final MacAddress HOST = MacAddress.parse("0e:5c:00:00:00:21");
    static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");

    @Test
    void aTcpSegmentIsPinnedAndItsChecksumsHold() {
        byte[] f = Ip4Frames.tcp(HOST, ROUTER, VIP, 65300, MEMBER, 8080, 0x12345678L, 0, Ip4Frames.SYN, 64240);
        assertEquals(GoldenFrames.SYN, hex(f));
        assertEquals(60, f.length, "padded to the Ethernet minimum");
        assertEquals(40, assertChecksumsHold(f));
        assertEquals(HOST, MacAddress.of(f, 0));
        assertEquals(ROUTER, MacAddress.of(f, 6));
        assertEquals(0x45, f[14] & 0xff);
        assertEquals(64, f[22] & 0xff, "TTL");
        assertEquals(6, f[23] & 0xff, "TCP");
        assertEquals(VIP, Ip4Address.of(f, 26));
        assertEquals(MEMBER, Ip4Address.of(f, 30));
        assertEquals(65300, u16(f, 34));
        assertEquals(8080, u16(f, 36));
        assertEquals(0x12345678L, u32(f, 38));
        assertEquals(0, u32(f, 42), "ack");
        assertEquals(0x50, f[46] & 0xff, "data offset 5 words");
        assertEquals(Ip4Frames.SYN, f[47] & 0xff);
        assertEquals(64240, u16(f, 48));
        assertEquals(0, u16(f, 52), "urgent pointer");
    }

    @Test
    void sequenceNumbersUseAllThirtyTwoBits() {
        byte[] f = Ip4Frames.tcp(HOST, ROUTER, VIP, 1, MEMBER, 2, 0xfffffffeL, 0xffffffffL,
                Ip4Frames.RST | Ip4Frames.ACK, 0);
        assertEquals(0xfffffffeL, u32(f, 38));
        assertEquals(0xffffffffL, u32(f, 42));
        assertChecksumsHold(f);
        assertThrows(IllegalArgumentException.class,
                () -> Ip4Frames.tcp(HOST, ROUTER, VIP, 1, MEMBER, 2, 1L << 32, 0, Ip4Frames.SYN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Ip4Frames.tcp(HOST, ROUTER, VIP, 65536, MEMBER, 2, 0, 0, Ip4Frames.SYN, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Ip4Frames.tcp(HOST, ROUTER, VIP, 1, MEMBER, 2, -1, 0, Ip4Frames.SYN, 0));
    }

    @Test
    void aUdpDatagramIsPinnedAndItsChecksumsHold() {
        byte[] f = Ip4Frames.udp(HOST, ROUTER, VIP, 65301, MEMBER, 53, new byte[] {'S', 'K', 'L', 'N', 1, 2, 3, 4});
        assertEquals(GoldenFrames.UDP, hex(f));
        assertEquals(36, assertChecksumsHold(f));
        assertEquals(17, f[23] & 0xff);
        assertEquals(65301, u16(f, 34));
        assertEquals(53, u16(f, 36));
        assertEquals(16, u16(f, 38));
        assertArrayEquals(new byte[] {'S', 'K', 'L', 'N', 1, 2, 3, 4}, Arrays.copyOfRange(f, 42, 50));
    }

    @Test
    void udpChecksumsOfOddLengthsAndRandomPayloadsHold() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[r.nextInt(0, 100)];
            r.nextBytes(payload);
            byte[] f = Ip4Frames.udp(HOST, ROUTER, Ip4Address.of(r.nextInt()), r.nextInt(0, 65536),
                    Ip4Address.of(r.nextInt()), r.nextInt(0, 65536), payload);
            assertChecksumsHold(f);
            f = Ip4Frames.tcp(HOST, ROUTER, Ip4Address.of(r.nextInt()), r.nextInt(0, 65536),
                    Ip4Address.of(r.nextInt()), r.nextInt(0, 65536), r.nextLong(1L << 32), r.nextLong(1L << 32),
                    r.nextInt(256), r.nextInt(65536));
            assertChecksumsHold(f);
            f = Ip4Frames.icmp(HOST, ROUTER, Ip4Address.of(r.nextInt()), Ip4Address.of(r.nextInt()), r.nextInt(256),
                    r.nextInt(256), r.nextLong(1L << 32), payload);
            assertChecksumsHold(f);
        }
    }

    @Test
    void aUdpChecksumThatComesOutZeroIsSentAsAllOnes() {
        // choose the last two payload bytes so that the sum over pseudo-header and datagram is 0xffff
        byte[] payload = new byte[4];
        byte[] probe = Ip4Frames.udp(HOST, ROUTER, VIP, 1000, MEMBER, 2000, payload);
        int computed = u16(probe, 40); // ~sum with the last two bytes 0
        int sum = ~computed & 0xffff;
        int x = 0xffff - sum;
        payload[2] = (byte) (x >>> 8);
        payload[3] = (byte) x;
        byte[] f = Ip4Frames.udp(HOST, ROUTER, VIP, 1000, MEMBER, 2000, payload);
        assertEquals(0xffff, u16(f, 40), "0 means no checksum over IPv4: sent as 0xffff");
        assertChecksumsHold(f);
    }

    @Test
    void anIcmpMessageIsPinnedAndItsChecksumsHold() {
        byte[] f = Ip4Frames.icmp(HOST, ROUTER, VIP, MEMBER, 8, 0, 0xff14_0007L,
                new byte[] {'s', 'k', 'y', 'l', 'a', 'n', 'e', 0});
        assertEquals(GoldenFrames.ECHO, hex(f));
        assertEquals(36, assertChecksumsHold(f));
        assertEquals(1, f[23] & 0xff);
        assertEquals(8, f[34] & 0xff);
        assertEquals(0, f[35] & 0xff);
        assertEquals(0xff14, u16(f, 38), "id");
        assertEquals(7, u16(f, 40), "sequence");
    }
}
