package io.skylane.lb.health;

import static io.skylane.lb.frames.FrameChecks.assertChecksumsHold;
import static io.skylane.lb.frames.FrameChecks.hex;
import static io.skylane.lb.frames.FrameChecks.u16;
import static io.skylane.lb.frames.FrameChecks.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.testing.TestPackets;
import io.skylane.lb.frames.GoldenFrames;
import io.skylane.lb.frames.Ip4Frames;
import io.skylane.lb.frames.Refusals;
import io.skylane.vpc.model.HealthMonitor;
import java.time.Duration;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The probes byte by byte, and the reading of every kind of answer, of garbage and of pieces. */
class ProbeFramesTest {

    static final MacAddress ROUTER = MacAddress.parse("0e:5c:01:00:00:64");
    static final MacAddress MEMBER_MAC = MacAddress.parse("0e:5c:00:00:00:21");
    static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    static final Ip4Address MEMBER = Ip4Address.parse("10.0.0.21");
    static final ProbeTarget TARGET = new ProbeTarget(UUID.fromString("00000000-0000-0000-0000-000000000021"),
            UUID.fromString("00000000-0000-0000-0000-0000000000a0"), DeviceId.of(2), ROUTER, MEMBER_MAC, VIP, MEMBER,
            8080, HealthMonitor.Type.TCP, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);

    /** A frame from the member back to the VIP. */
    static byte[] fromMember(int srcPort, int dstPort, long seq, long ack, int flags) {
        return Ip4Frames.tcp(ROUTER, MEMBER_MAC, MEMBER, srcPort, VIP, dstPort, seq, ack, flags, 65160);
    }

    @Test
    void theSynIsTheOneTcpdumpRead() {
        byte[] syn = ProbeFrames.syn(TARGET, 65300, 0x12345678L);
        assertEquals(GoldenFrames.SYN, hex(syn));
        assertEquals(0x12345678L, ProbeFrames.quotedWord(syn));
    }

    @Test
    void theResetClosesTheHalfOpenConnection() {
        byte[] rst = ProbeFrames.reset(TARGET, 65300, 0x12345679L);
        assertChecksumsHold(rst);
        assertEquals(MEMBER_MAC, MacAddress.of(rst, 0));
        assertEquals(ROUTER, MacAddress.of(rst, 6));
        assertEquals(VIP, Ip4Address.of(rst, 26));
        assertEquals(MEMBER, Ip4Address.of(rst, 30));
        assertEquals(65300, u16(rst, 34));
        assertEquals(8080, u16(rst, 36));
        assertEquals(0x12345679L, u32(rst, 38), "seq = ISN + 1");
        assertEquals(Ip4Frames.RST, rst[47] & 0xff);
    }

    @Test
    void theEchoRequestAndTheDatagramCarryTheirNumbers() {
        byte[] echo = ProbeFrames.echoRequest(TARGET, 65300, 7);
        assertEquals(GoldenFrames.ECHO, hex(echo));
        byte[] udp = ProbeFrames.udp(TARGET, 65301, 0x01020304);
        assertChecksumsHold(udp);
        assertEquals(65301, u16(udp, 34));
        assertEquals(8080, u16(udp, 36));
        assertArrayEquals(new byte[] {'S', 'K', 'L', 'N', 1, 2, 3, 4}, Arrays.copyOfRange(udp, 42, 50));
        assertEquals(((long) 16 << 16) | u16(udp, 40), ProbeFrames.quotedWord(udp), "length and checksum");
        assertThrows(IllegalArgumentException.class, () -> ProbeFrames.syn(TARGET, 65279, 1), "below the probe range");
        assertThrows(IllegalArgumentException.class, () -> ProbeFrames.udp(TARGET, 80, 1));
    }

    @Test
    void readsSynAckAndReset() {
        ProbeAnswer a = ProbeFrames.parse(fromMember(8080, 65300, 777, 0x12345679L, Ip4Frames.SYN | Ip4Frames.ACK));
        assertEquals(new ProbeAnswer.SynAck(MEMBER, 8080, VIP, 65300, 777, 0x12345679L), a);
        a = ProbeFrames.parse(fromMember(8080, 65300, 0, 0x12345679L, Ip4Frames.RST | Ip4Frames.ACK));
        assertEquals(new ProbeAnswer.Reset(MEMBER, 8080, VIP, 65300, 0, OptionalLong.of(0x12345679L)), a);
        a = ProbeFrames.parse(fromMember(8080, 65300, 5, 0, Ip4Frames.RST));
        assertEquals(new ProbeAnswer.Reset(MEMBER, 8080, VIP, 65300, 5, OptionalLong.empty()), a);
    }

    @Test
    void readsEchoReplyAndUdp() {
        byte[] reply = Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 0, 0, (65300L << 16) | 9, new byte[8]);
        assertEquals(new ProbeAnswer.EchoReply(MEMBER, VIP, 65300, 9), ProbeFrames.parse(reply));
        byte[] udp = Ip4Frames.udp(ROUTER, MEMBER_MAC, MEMBER, 53, VIP, 65301, new byte[3]);
        assertEquals(new ProbeAnswer.UdpReply(MEMBER, 53, VIP, 65301), ProbeFrames.parse(udp));
    }

    @Test
    void readsThePortUnreachableThatAMemberSendsAboutTheProbe() {
        byte[] probe = ProbeFrames.udp(TARGET, 65301, 42);
        // the member's kernel answers as the refusal code does for a client: same shape, ICMP 3/3 quoting the probe
        byte[] error = Refusals.refuse(probe, MEMBER_MAC).orElseThrow().frame();
        ProbeAnswer a = ProbeFrames.parse(error);
        assertEquals(new ProbeAnswer.Unreachable(MEMBER, VIP, 3, 17, VIP, 65301, MEMBER, 8080,
                ProbeFrames.quotedWord(probe)), a);
    }

    @Test
    void readsAnUnreachableAboutTheSyn() {
        byte[] syn = ProbeFrames.syn(TARGET, 65302, 99);
        byte[] quoted = Arrays.copyOfRange(syn, 14, 14 + 28);
        byte[] error = Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 3, 13, 0, quoted);
        assertEquals(new ProbeAnswer.Unreachable(MEMBER, VIP, 13, 6, VIP, 65302, MEMBER, 8080, 99),
                ProbeFrames.parse(error));
    }

    @Test
    void whatIsNotAnAnswerSaysSo() {
        byte[][] others = {
            fromMember(8080, 65300, 1, 1, Ip4Frames.ACK),
            fromMember(8080, 65300, 1, 0, Ip4Frames.SYN),
            fromMember(8080, 65300, 1, 1, Ip4Frames.FIN | Ip4Frames.ACK),
            Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 8, 0, 1, new byte[8]),
            Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 11, 0, 0, new byte[28]),
            Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 3, 3, 0, new byte[27]),
            Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 3, 3, 0,
                    Arrays.copyOfRange(ProbeFrames.echoRequest(TARGET, 65300, 1), 14, 42)),
            TestPackets.arpRequest(MEMBER_MAC, MEMBER, VIP),
            Ethernet.build(ROUTER, MEMBER_MAC, VlanId.NONE, EthType.IPV6, new byte[60]),
            new byte[0],
        };
        for (byte[] f : others) {
            assertInstanceOf(ProbeAnswer.NotAnAnswer.class, ProbeFrames.parse(f), hex(f));
        }
        byte[] fragment = fromMember(8080, 65300, 1, 1, Ip4Frames.SYN | Ip4Frames.ACK);
        fragment[20] = 0x20;
        assertInstanceOf(ProbeAnswer.NotAnAnswer.class, ProbeFrames.parse(fragment));
        assertInstanceOf(ProbeAnswer.NotAnAnswer.class, ProbeFrames.parse(null));
    }

    @Test
    void neverThrowsOnGarbageTruncationsOrFlippedBytes() {
        byte[][] valid = {
            fromMember(8080, 65300, 1, 2, Ip4Frames.SYN | Ip4Frames.ACK),
            Ip4Frames.icmp(ROUTER, MEMBER_MAC, MEMBER, VIP, 0, 0, 5, new byte[8]),
            Refusals.refuse(ProbeFrames.udp(TARGET, 65301, 1), MEMBER_MAC).orElseThrow().frame(),
            Ip4Frames.udp(ROUTER, MEMBER_MAC, MEMBER, 53, VIP, 65301, new byte[30]),
        };
        SplittableRandom r = new SplittableRandom(11);
        for (byte[] v : valid) {
            for (int n = 0; n < v.length; n++) {
                ProbeFrames.parse(Arrays.copyOf(v, n));
            }
            for (int i = 0; i < 50_000; i++) {
                byte[] f = v.clone();
                for (int k = r.nextInt(1, 5); k > 0; k--) {
                    f[r.nextInt(f.length)] = (byte) r.nextInt();
                }
                ProbeFrames.parse(Arrays.copyOf(f, r.nextInt(f.length + 1)));
            }
        }
        for (int i = 0; i < 100_000; i++) {
            byte[] f = new byte[r.nextInt(0, 100)];
            r.nextBytes(f);
            if (f.length > 23 && r.nextBoolean()) {
                f[12] = 0x08;
                f[13] = 0;
                f[14] = 0x45;
                f[23] = (byte) new int[] {1, 6, 17}[r.nextInt(3)];
            }
            ProbeFrames.parse(f);
        }
    }
}
