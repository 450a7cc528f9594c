package io.skylane.lb.frames;

import static io.skylane.lb.frames.FrameChecks.assertChecksumsHold;
import static io.skylane.lb.frames.FrameChecks.u16;
import static io.skylane.lb.frames.FrameChecks.u32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.testing.TestPackets;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The refusal of a connection to a VIP with no member up: which packets get one, and its bytes. */
class RefusalsTest {

    private static final MacAddress ROUTER = MacAddress.parse("0e:5c:01:00:00:64");
    private static final MacAddress CLIENT_MAC = MacAddress.parse("0e:5c:00:00:00:11");
    private static final Ip4Address CLIENT = Ip4Address.parse("10.0.0.11");
    private static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");

    private static byte[] clientTcp(long seq, int flags, int payloadLength) {
        byte[] segment = Ip4Frames.tcp(ROUTER, CLIENT_MAC, CLIENT, 41293, VIP, 80, seq, 0, flags, 64240);
        if (payloadLength == 0) {
            return segment;
        }
        byte[] ip = Arrays.copyOfRange(segment, 14, 54 + payloadLength); // zero payload after the header
        ip[2] = (byte) (ip.length >>> 8);
        ip[3] = (byte) ip.length;
        return Ethernet.build(ROUTER, CLIENT_MAC, VlanId.NONE, EthType.IPV4, ip);
    }

    @Test
    void aSynIsRefusedWithRstAck() {
        Refusals.Refusal r = Refusals.refuse(clientTcp(1_000_000L, Ip4Frames.SYN, 0), ROUTER).orElseThrow();
        assertEquals(Refusals.Kind.TCP_RESET, r.kind());
        byte[] f = r.frame();
        assertEquals(40, assertChecksumsHold(f));
        assertEquals(CLIENT_MAC, MacAddress.of(f, 0), "to the client's MAC");
        assertEquals(ROUTER, MacAddress.of(f, 6), "from the router MAC");
        assertEquals(VIP, Ip4Address.of(f, 26));
        assertEquals(CLIENT, Ip4Address.of(f, 30));
        assertEquals(80, u16(f, 34));
        assertEquals(41293, u16(f, 36));
        assertEquals(0, u32(f, 38), "seq 0: the SYN acknowledged nothing");
        assertEquals(1_000_001L, u32(f, 42), "ack = seq + 1");
        assertEquals(Ip4Frames.RST | Ip4Frames.ACK, f[47] & 0xff);
        assertEquals(0, u16(f, 48), "window");
    }

    @Test
    void theAckCountsPayloadAndFinAndWraps() {
        byte[] f = Refusals.refuse(clientTcp(0xfffffff0L, Ip4Frames.SYN, 20), ROUTER).orElseThrow().frame();
        assertEquals((0xfffffff0L + 21) & 0xffffffffL, u32(f, 42));
        f = Refusals.refuse(clientTcp(5, Ip4Frames.SYN | Ip4Frames.FIN | Ip4Frames.PSH, 3), ROUTER).orElseThrow()
                .frame();
        assertEquals(5 + 1 + 3 + 1, u32(f, 42));
    }

    @Test
    void onlyAPlainSynIsAnswered() {
        for (int flags : new int[] {Ip4Frames.ACK, Ip4Frames.RST, Ip4Frames.RST | Ip4Frames.ACK,
                Ip4Frames.SYN | Ip4Frames.ACK, Ip4Frames.SYN | Ip4Frames.RST, Ip4Frames.FIN | Ip4Frames.ACK, 0}) {
            assertTrue(Refusals.refuse(clientTcp(1, flags, 0), ROUTER).isEmpty(), "flags " + flags);
        }
    }

    @Test
    void aUdpDatagramIsRefusedWithPortUnreachableQuotingIt() {
        byte[] datagram = Ip4Frames.udp(ROUTER, CLIENT_MAC, CLIENT, 5353, VIP, 53, "a question".getBytes());
        Refusals.Refusal r = Refusals.refuse(datagram, ROUTER).orElseThrow();
        assertEquals(Refusals.Kind.PORT_UNREACHABLE, r.kind());
        byte[] f = r.frame();
        assertEquals(20 + 8 + 28, assertChecksumsHold(f));
        assertEquals(CLIENT_MAC, MacAddress.of(f, 0));
        assertEquals(ROUTER, MacAddress.of(f, 6));
        assertEquals(VIP, Ip4Address.of(f, 26));
        assertEquals(CLIENT, Ip4Address.of(f, 30));
        assertEquals(3, f[34], "destination unreachable");
        assertEquals(3, f[35], "port unreachable");
        assertEquals(0, u32(f, 38), "unused word");
        assertArrayEquals(Arrays.copyOfRange(datagram, 14, 14 + 28), Arrays.copyOfRange(f, 42, 42 + 28),
                "the IPv4 header and the first 8 bytes");
    }

    @Test
    void aTaggedFrameIsAnsweredUntagged() {
        byte[] plain = clientTcp(9, Ip4Frames.SYN, 0);
        byte[] tagged = Ethernet.build(ROUTER, CLIENT_MAC, VlanId.of(100), EthType.IPV4,
                Arrays.copyOfRange(plain, 14, 54));
        byte[] f = Refusals.refuse(tagged, ROUTER).orElseThrow().frame();
        assertEquals(EthType.IPV4, u16(f, 12));
        assertEquals(10, u32(f, 42));
    }

    @Test
    void fragmentsBroadcastsAndOtherProtocolsAreNotAnswered() {
        byte[] datagram = Ip4Frames.udp(ROUTER, CLIENT_MAC, CLIENT, 5353, VIP, 53, new byte[100]);
        byte[] first = datagram.clone();
        first[20] = 0x20;
        assertTrue(Refusals.refuse(first, ROUTER).isPresent(), "the first fragment holds the UDP header");
        byte[] later = datagram.clone();
        later[21] = 0x10;
        assertTrue(Refusals.refuse(later, ROUTER).isEmpty(), "a later fragment has no UDP header");
        byte[] syn = clientTcp(1, Ip4Frames.SYN, 0);
        byte[] fragmentedSyn = syn.clone();
        fragmentedSyn[20] = 0x20;
        assertTrue(Refusals.refuse(fragmentedSyn, ROUTER).isEmpty());
        assertTrue(Refusals.refuse(Ip4Frames.udp(ROUTER, CLIENT_MAC, CLIENT, 68, Ip4Address.parse("255.255.255.255"),
                67, new byte[8]), ROUTER).isEmpty(), "to the broadcast address");
        assertTrue(Refusals.refuse(Ip4Frames.udp(ROUTER, CLIENT_MAC, CLIENT, 5353, Ip4Address.parse("224.0.0.251"),
                5353, new byte[8]), ROUTER).isEmpty(), "to multicast");
        assertTrue(Refusals.refuse(Ip4Frames.udp(ROUTER, CLIENT_MAC, Ip4Address.ZERO, 68, VIP, 67, new byte[8]),
                ROUTER).isEmpty(), "from 0.0.0.0");
        assertTrue(Refusals.refuse(Ip4Frames.udp(ROUTER, MacAddress.BROADCAST, CLIENT, 68, VIP, 67, new byte[8]),
                ROUTER).isEmpty(), "from a group MAC");
        assertTrue(Refusals.refuse(Ip4Frames.icmp(ROUTER, CLIENT_MAC, CLIENT, VIP, 8, 0, 1, new byte[8]), ROUTER)
                .isEmpty(), "ICMP");
        assertTrue(Refusals.refuse(TestPackets.arpRequest(CLIENT_MAC, CLIENT, VIP), ROUTER).isEmpty());
    }

    @Test
    void neverThrowsOnTruncatedOrGarbledFrames() {
        byte[][] valid = {clientTcp(1, Ip4Frames.SYN, 4),
                Ip4Frames.udp(ROUTER, CLIENT_MAC, CLIENT, 5353, VIP, 53, new byte[12])};
        SplittableRandom r = new SplittableRandom(3);
        for (byte[] v : valid) {
            for (int n = 0; n <= v.length; n++) {
                Refusals.refuse(Arrays.copyOf(v, n), ROUTER);
            }
            for (int i = 0; i < 50_000; i++) {
                byte[] f = v.clone();
                for (int k = r.nextInt(1, 4); k > 0; k--) {
                    f[r.nextInt(f.length)] = (byte) r.nextInt();
                }
                Optional<Refusals.Refusal> answer = Refusals.refuse(Arrays.copyOf(f, r.nextInt(f.length + 1)), ROUTER);
                answer.ifPresent(a -> assertChecksumsHold(a.frame()));
            }
        }
    }
}
