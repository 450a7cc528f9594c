package io.skylane.vpc.dataplane.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.Ipv4;
import io.skylane.core.packet.MalformedPacketException;
import io.skylane.vpc.dataplane.dhcp.DhcpMessage.Option;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The BOOTP/DHCP codec and the Ethernet/IPv4/UDP frames around it. */
class DhcpMessageTest {

    private static final MacAddress MAC = MacAddress.parse("02:00:00:00:00:01");
    private static final DhcpClient CLIENT = new DhcpClient(MAC);
    private static final Ip4Address SERVER = Ip4Address.parse("10.0.0.1");
    private static final Ip4Address IP = Ip4Address.parse("10.0.0.5");

    private static int ipOffset(byte[] frame) {
        return Ethernet.parse(frame).payloadOffset();
    }

    @Test
    void aMessageSurvivesBytesAndFrames() {
        DhcpMessage m = CLIENT.select(0x1234abcd, IP, SERVER);
        DhcpMessage back = DhcpMessage.parseBootp(m.toBytes(), 0, m.toBytes().length);
        assertEquals(m, back);
        assertEquals(DhcpMessage.REQUEST, back.messageType());
        assertEquals(IP, back.requestedIp().orElseThrow());
        assertEquals(SERVER, back.serverId().orElseThrow());
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 0, 1}, back.clientId().orElseThrow());
        assertArrayEquals(new byte[] {1, 3, 6, 15, 26, 28, 51, 54}, back.parameterRequestList());
        assertEquals(0x1234abcd, back.xid());
        assertEquals(MAC, back.chaddr());

        byte[] frame = CLIENT.broadcastFrame(m);
        assertEquals(m, DhcpMessage.parse(frame));
        Ethernet eth = Ethernet.parse(frame);
        assertEquals(EthType.IPV4, eth.etherType());
        Ipv4 ip = eth.ipv4().orElseThrow();
        assertEquals(Ip4Address.ZERO, ip.source());
        assertEquals(DhcpClient.BROADCAST, ip.destination());
        assertEquals(68, ip.sourcePort());
        assertEquals(67, ip.destPort());
    }

    @Test
    void messagesAreAtLeast300BytesAndEndWithTheEndOption() {
        byte[] b = CLIENT.discover(1, true).toBytes();
        assertEquals(300, b.length, "RFC 1542 minimum, zero padded");
        assertEquals(0x63825363, ByteBuffer.wrap(b, 236, 4).getInt());
        int end = -1;
        for (int i = b.length - 1; i >= 240; i--) {
            if (b[i] != 0) {
                end = i;
                break;
            }
        }
        assertEquals(0xff, b[end] & 0xff);
    }

    @Test
    void bothChecksumsAreRight() {
        byte[] frame = UdpFrames.build(MAC, MacAddress.parse("0e:5c:01:00:00:07"), VlanId.NONE, SERVER, IP, 67, 68,
                CLIENT.discover(7, false).toBytes());
        int ip = ipOffset(frame);
        assertEquals(0, UdpFrames.checksum(frame, ip, 20, 0), "IPv4 header sums to 0xffff");
        int udpLength = UdpFrames.u16(frame, ip + 24);
        assertTrue(UdpFrames.u16(frame, ip + 26) != 0, "UDP checksum computed, not left out");
        assertEquals(0, UdpFrames.checksum(frame, ip + 20, udpLength, UdpFrames.pseudoHeaderSum(SERVER, IP, udpLength)),
                "UDP with its pseudo-header sums to 0xffff");
    }

    @Test
    void checksumMatchesAKnownHeader() {
        // RFC 1071-style example header (from Wikipedia's IPv4 header checksum article): 0xb861.
        byte[] h = java.util.HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, UdpFrames.checksum(h, 0, 20, 0));
    }

    @Test
    void longOptionsAreSplitAndJoinedAgain() {
        byte[] big = new byte[600];
        new Random(1).nextBytes(big);
        DhcpMessage m = CLIENT.message(DhcpMessage.INFORM, 9, false, IP, new Option(120, big));
        byte[] bytes = m.toBytes();
        DhcpMessage back = DhcpMessage.parseBootp(bytes, 0, bytes.length);
        assertArrayEquals(big, back.option(120).orElseThrow());
        assertEquals(m, back);
    }

    @Test
    void padsAreSkippedAndAMissingEndIsTolerated() {
        byte[] b = CLIENT.discover(1, false).toBytes();
        // rewrite the options as: pad, pad, 53=1, end omitted (the rest are pads)
        Arrays.fill(b, 240, b.length, (byte) 0);
        b[242] = 53;
        b[243] = 1;
        b[244] = 1;
        assertEquals(DhcpMessage.DISCOVER, DhcpMessage.parseBootp(b, 0, b.length).messageType());
    }

    @Test
    void everyTruncationIsMalformed() {
        byte[] frame = CLIENT.broadcastFrame(CLIENT.discover(5, true));
        for (int n = 0; n < frame.length; n++) {
            byte[] cut = Arrays.copyOf(frame, n);
            assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(cut), "cut at " + n);
        }
    }

    @Test
    void lengthsThatLieAreMalformed() {
        byte[] frame = CLIENT.broadcastFrame(CLIENT.discover(5, true));
        int ip = ipOffset(frame);
        byte[] longUdp = frame.clone();
        longUdp[ip + 24] = (byte) 0xff; // UDP length beyond the IPv4 packet
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(longUdp));
        byte[] shortUdp = frame.clone();
        shortUdp[ip + 24] = 0;
        shortUdp[ip + 25] = 100; // too short for BOOTP
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(shortUdp));
        byte[] shortIp = frame.clone();
        shortIp[ip + 2] = 0;
        shortIp[ip + 3] = 27; // less than an IPv4 and a UDP header
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(shortIp));
        byte[] fragment = frame.clone();
        fragment[ip + 6] = 0x20; // more fragments
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(fragment));
        byte[] tcp = frame.clone();
        tcp[ip + 9] = 6;
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parse(tcp));
    }

    @Test
    void aBadCookieOrHardwareTypeIsMalformed() {
        byte[] b = CLIENT.discover(1, false).toBytes();
        byte[] cookie = b.clone();
        cookie[239] = 0x64;
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parseBootp(cookie, 0, cookie.length));
        byte[] token = b.clone();
        token[1] = 6; // IEEE 802 token ring
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parseBootp(token, 0, token.length));
        byte[] op = b.clone();
        op[0] = 3;
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parseBootp(op, 0, op.length));
    }

    @Test
    void anOptionRunningPastTheMessageIsMalformed() {
        byte[] b = CLIENT.discover(1, false).toBytes();
        byte[] m = Arrays.copyOf(b, 246);
        m[240] = 53;
        m[241] = 1;
        m[242] = 1;
        m[243] = 55;
        m[244] = 9; // nine bytes announced, one present
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parseBootp(m, 0, m.length));
        byte[] noLength = Arrays.copyOf(b, 241);
        noLength[240] = 53;
        assertThrows(MalformedPacketException.class, () -> DhcpMessage.parseBootp(noLength, 0, noLength.length));
    }

    @Test
    void withoutAMessageTypeItIsPlainBootpAndGetsNoAnswer() {
        DhcpMessage bootp = new DhcpMessage(DhcpMessage.BOOTREQUEST, 0, 1, 0, 0, Ip4Address.ZERO, Ip4Address.ZERO,
                Ip4Address.ZERO, Ip4Address.ZERO, MAC, List.of());
        DhcpMessage back = DhcpMessage.parse(CLIENT.broadcastFrame(bootp));
        assertEquals(0, back.messageType());
        assertTrue(back.requestedIp().isEmpty());
        DhcpLease lease = new DhcpLease(IP, 24, SERVER, java.util.Optional.of(SERVER), List.of(), 1500, 86400);
        assertFalse(DhcpServer.answer(back, lease).isPresent());
        DhcpMessage twoByteType = new DhcpMessage(DhcpMessage.BOOTREQUEST, 0, 1, 0, 0, Ip4Address.ZERO,
                Ip4Address.ZERO, Ip4Address.ZERO, Ip4Address.ZERO, MAC,
                List.of(new Option(DhcpMessage.OPT_MESSAGE_TYPE, new byte[] {1, 1})));
        byte[] b = twoByteType.toBytes();
        DhcpMessage odd = DhcpMessage.parseBootp(b, 0, b.length);
        assertEquals(0, odd.messageType(), "a type that is not one byte is no type");
    }

    @Test
    void randomDamageIsMalformedOrParsedNeverAnotherException() {
        byte[] good = CLIENT.broadcastFrame(CLIENT.select(77, IP, SERVER));
        DhcpLease lease = new DhcpLease(IP, 24, SERVER, java.util.Optional.of(SERVER), List.of(), 1500, 86400);
        Random random = new Random(42);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] f = good.clone();
            int flips = 1 + random.nextInt(8);
            for (int k = 0; k < flips; k++) {
                f[14 + random.nextInt(f.length - 14)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                f = Arrays.copyOf(f, 14 + random.nextInt(f.length - 14));
            }
            try {
                DhcpMessage m = DhcpMessage.parse(f);
                DhcpServer.answer(m, lease).ifPresent(r -> r.frame(MAC, VlanId.NONE));
                parsed++;
            } catch (MalformedPacketException expected) {
                // fine
            }
        }
        assertTrue(parsed > 0, "some damage leaves a parseable message");
    }
}
