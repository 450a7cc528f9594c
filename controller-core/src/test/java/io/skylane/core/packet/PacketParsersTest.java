package io.skylane.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.testing.TestPackets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketParsersTest {

    private static final MacAddress A = MacAddress.parse("02:00:00:00:00:0a");
    private static final MacAddress B = MacAddress.parse("02:00:00:00:00:0b");
    private static final Ip4Address IP_A = Ip4Address.parse("10.0.0.1");
    private static final Ip4Address IP_B = Ip4Address.parse("10.0.0.2");

    @Test
    void untaggedFrame() {
        Ethernet e = Ethernet.parse(TestPackets.ethernet(A, B, EthType.IPV6));
        assertEquals(A, e.source());
        assertEquals(B, e.destination());
        assertEquals(EthType.IPV6, e.etherType());
        assertTrue(e.vlan().isNone());
        assertEquals(14, e.payloadOffset());
        assertTrue(e.arp().isEmpty());
        assertTrue(e.ipv4().isEmpty());
        assertFalse(e.isLldp());
    }

    @Test
    void taggedFrameIsBuiltPaddedAndParsed() {
        byte[] frame = Ethernet.build(B, A, VlanId.of(100), EthType.ARP, new byte[] {1, 2});
        assertEquals(60, frame.length);

        Ethernet e = Ethernet.parse(frame);
        assertEquals(VlanId.of(100), e.vlan());
        assertEquals(EthType.ARP, e.etherType());
        assertEquals(18, e.payloadOffset());
        assertSame(frame, e.frame());
    }

    @Test
    void priorityIsReadFromTheTag() {
        byte[] frame = Ethernet.build(B, A, VlanId.of(5), EthType.IPV4, new byte[0]);
        frame[14] |= (byte) 0xa0;
        assertEquals(5, Ethernet.parse(frame).priority());
        assertEquals(VlanId.of(5), Ethernet.parse(frame).vlan());
    }

    @Test
    void truncatedFramesAreMalformed() {
        assertThrows(MalformedPacketException.class, () -> Ethernet.parse(new byte[13]));
        byte[] tagged = Arrays.copyOf(Ethernet.build(B, A, VlanId.of(1), EthType.IPV4, new byte[0]), 17);
        assertThrows(MalformedPacketException.class, () -> Ethernet.parse(tagged));
    }

    @Test
    void lldpAndBddpAreRecognised() {
        assertTrue(Ethernet.parse(TestPackets.lldp(A)).isLldp());
        assertTrue(Ethernet.parse(TestPackets.ethernet(A, MacAddress.BROADCAST, EthType.BDDP)).isLldp());
    }

    @Test
    void arpRequestAndItsReply() {
        Ethernet e = Ethernet.parse(TestPackets.arpRequest(A, IP_A, IP_B));
        Arp arp = e.arp().orElseThrow();
        assertTrue(arp.isRequest());
        assertEquals(A, arp.senderMac());
        assertEquals(IP_A, arp.senderIp());
        assertEquals(IP_B, arp.targetIp());

        Ethernet reply = Ethernet.parse(arp.replyFrame(B, VlanId.NONE));
        assertEquals(A, reply.destination());
        assertEquals(B, reply.source());
        Arp r = reply.arp().orElseThrow();
        assertEquals(Arp.REPLY, r.opcode());
        assertEquals(B, r.senderMac());
        assertEquals(IP_B, r.senderIp());
        assertEquals(A, r.targetMac());
        assertEquals(IP_A, r.targetIp());
    }

    @Test
    void arpThatIsTruncatedOrNotIpv4OverEthernetIsMalformed() {
        byte[] frame = TestPackets.arpRequest(A, IP_A, IP_B);
        assertThrows(MalformedPacketException.class, () -> Arp.parse(Arrays.copyOf(frame, 14 + 27), 14));
        byte[] notIpv4 = frame.clone();
        notIpv4[16] = (byte) 0x86;
        notIpv4[17] = (byte) 0xdd;
        assertThrows(MalformedPacketException.class, () -> Ethernet.parse(notIpv4).arp());
    }

    @Test
    void ipv4WithUdpPorts() {
        Ipv4 ip = Ethernet.parse(TestPackets.udp(A, B, IP_A, IP_B, 68, 67)).ipv4().orElseThrow();
        assertEquals(IP_A, ip.source());
        assertEquals(IP_B, ip.destination());
        assertEquals(IpProtocol.UDP, ip.protocol());
        assertEquals(64, ip.ttl());
        assertEquals(68, ip.sourcePort());
        assertEquals(67, ip.destPort());
    }

    @Test
    void ipv4IcmpGivesTypeAndCode() {
        byte[] frame = TestPackets.udp(A, B, IP_A, IP_B, 0, 0);
        frame[14 + 9] = (byte) IpProtocol.ICMP;
        frame[34] = 8;
        frame[35] = 0;
        Ipv4 ip = Ipv4.parse(frame, 14);
        assertEquals(8, ip.sourcePort());
        assertEquals(0, ip.destPort());
    }

    @Test
    void ipv4FragmentsAndShortPayloadsHaveNoPorts() {
        byte[] fragment = TestPackets.udp(A, B, IP_A, IP_B, 1000, 2000);
        ByteBuffer.wrap(fragment).putShort(14 + 6, (short) 0x0010);
        assertEquals(-1, Ipv4.parse(fragment, 14).sourcePort());

        byte[] header = Arrays.copyOf(TestPackets.udp(A, B, IP_A, IP_B, 1000, 2000), 14 + 20);
        Ipv4 ip = Ipv4.parse(header, 14);
        assertEquals(-1, ip.sourcePort());
        assertEquals(-1, ip.destPort());
    }

    @Test
    void badIpv4HeadersAreMalformed() {
        byte[] frame = TestPackets.udp(A, B, IP_A, IP_B, 1, 2);
        assertThrows(MalformedPacketException.class, () -> Ipv4.parse(Arrays.copyOf(frame, 14 + 19), 14));
        byte[] v6 = frame.clone();
        v6[14] = 0x65;
        assertThrows(MalformedPacketException.class, () -> Ipv4.parse(v6, 14));
        byte[] shortIhl = frame.clone();
        shortIhl[14] = 0x44;
        assertThrows(MalformedPacketException.class, () -> Ipv4.parse(shortIhl, 14));
        byte[] longIhl = Arrays.copyOf(frame, 14 + 24);
        longIhl[14] = 0x4f;
        assertThrows(MalformedPacketException.class, () -> Ipv4.parse(longIhl, 14));
    }

    @Test
    void inboundPacketParsesOnceAndKnowsWhereItCameFrom() {
        byte[] frame = TestPackets.ethernet(A, B, EthType.IPV4);
        InboundPacket p = TestPackets.packetIn(DeviceId.of(1), 3, frame, 9);
        assertSame(p.ethernet(), p.ethernet());
        assertEquals("0000000000000001/3", p.receivedFrom().toString());
        assertEquals(9, p.bufferId().getAsInt());
        assertArrayEquals(frame, p.data());
    }

    @Test
    void outboundForwardReleasesTheBufferOrCarriesTheData() {
        byte[] frame = TestPackets.ethernet(A, B, EthType.IPV4);
        OutboundPacket buffered = OutboundPacket.forward(TestPackets.packetIn(DeviceId.of(1), 3, frame, 9),
                List.of());
        assertEquals(0, buffered.data().length);
        assertThrows(IllegalArgumentException.class, () -> OutboundPacket.of(DeviceId.of(1), List.of(),
                new byte[0]));
    }
}
