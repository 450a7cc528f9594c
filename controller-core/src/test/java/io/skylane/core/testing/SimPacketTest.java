package io.skylane.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimPacketTest {

    static final MacAddress MAC_A = MacAddress.parse("00:00:00:00:00:0a");
    static final MacAddress MAC_B = MacAddress.parse("00:00:00:00:00:0b");
    static final Ip4Address IP_A = Ip4Address.parse("10.0.0.1");
    static final Ip4Address IP_B = Ip4Address.parse("10.0.0.2");

    @Test
    void tcpPacketHasIpAndTcpFieldsOnly() {
        SimPacket p = SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, 1234, 80);

        assertEquals(EthType.IPV4, p.ethType());
        assertEquals(IpProtocol.TCP, p.ipProto());
        assertEquals(IP_A, p.ipv4Src());
        assertEquals(IP_B, p.ipv4Dst());
        assertEquals(64, p.ttl());
        assertEquals(1234, p.l4Src());
        assertEquals(80, p.get(Type.TCP_DST));
        assertTrue(p.has(Type.TCP_SRC));
        assertFalse(p.has(Type.UDP_SRC));
        assertFalse(p.has(Type.ARP_OP));
        assertFalse(p.has(Type.VLAN_VID));
        assertEquals(VlanId.NONE, p.vlanId());
        assertThrows(IllegalStateException.class, () -> p.get(Type.UDP_DST));
    }

    @Test
    void udpIcmpAndArpBuilders() {
        SimPacket udp = SimPacket.udp(MAC_A, MAC_B, IP_A, IP_B, 68, 67);
        assertEquals(67, udp.l4Dst());
        assertFalse(udp.has(Type.TCP_DST));

        SimPacket icmp = SimPacket.icmpEcho(MAC_A, MAC_B, IP_A, IP_B);
        assertEquals(8, icmp.get(Type.ICMPV4_TYPE));
        assertEquals(0, icmp.get(Type.ICMPV4_CODE));

        SimPacket arp = SimPacket.arpRequest(MAC_A, IP_A, IP_B);
        assertEquals(MacAddress.BROADCAST, arp.ethDst());
        assertEquals(1, arp.get(Type.ARP_OP));
        assertEquals(IP_B.value() & 0xffffffffL, arp.get(Type.ARP_TPA));
        assertEquals(MAC_A.value(), arp.get(Type.ARP_SHA));
        assertFalse(arp.has(Type.IPV4_DST));
        assertThrows(IllegalStateException.class, arp::ttl);

        SimPacket reply = SimPacket.arpReply(MAC_B, IP_B, MAC_A, IP_A);
        assertEquals(2, reply.get(Type.ARP_OP));
        assertEquals(MAC_A, reply.ethDst());
    }

    @Test
    void modifiersReturnChangedCopies() {
        SimPacket p = SimPacket.ipv4(MAC_A, MAC_B, IP_A, IP_B);
        SimPacket q = p.at(3).withVlans(100, 200).withMetadata(0x42).withTtl(9).withIpv4Dst(IP_A);

        assertEquals(PortNumber.of(0), p.inPort());
        assertEquals(PortNumber.of(3), q.inPort());
        assertEquals(VlanId.of(100), q.vlanId());
        assertEquals(List.of(100, 200), q.vlans().stream().map(SimPacket.VlanTag::vid).toList());
        assertEquals(0x42, q.metadata());
        assertEquals(9, q.ttl());
        assertEquals(IP_A, q.ipv4Dst());
        assertEquals(EthType.IPV4, q.ethType(), "eth_type is the type after the tags");
        assertEquals(200, q.withVlans(200).get(Type.VLAN_VID));
    }

    @Test
    void settingAFieldThePacketLacksThrows() {
        SimPacket p = SimPacket.ipv4(MAC_A, MAC_B, IP_A, IP_B);

        assertThrows(IllegalStateException.class, () -> p.with(Type.VLAN_VID, 10));
        assertThrows(IllegalStateException.class, () -> p.with(Type.TCP_DST, 80));
        assertThrows(IllegalArgumentException.class, () -> p.with(Type.IP_DSCP, 64));
    }

    @Test
    void equalityComparesOnlyTheFieldsThePacketHas() {
        SimPacket ip = SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, 1, 2);
        SimPacket hidden = ip.toBuilder().ethType(EthType.MPLS_UNICAST).mpls(List.of(5)).build();
        SimPacket otherHidden = hidden.toBuilder().set(Type.IPV4_DST, 7).build();

        assertEquals(hidden, otherHidden, "IP fields under an MPLS header are not visible");
        assertEquals(hidden.hashCode(), otherHidden.hashCode());
        assertNotEquals(ip, hidden);
        assertEquals(ip, hidden.toBuilder().ethType(EthType.IPV4).build(), "the label stack is hidden again");
    }

    @Test
    void toStringIsCompact() {
        assertEquals("in=4 00:00:00:00:00:0a>00:00:00:00:00:0b vlan=[7] ipv4 10.0.0.1>10.0.0.2 ttl=64 tcp 1234>80",
                SimPacket.tcp(MAC_A, MAC_B, IP_A, IP_B, 1234, 80).at(4).withVlans(7).toString());
        assertTrue(SimPacket.arpRequest(MAC_A, IP_A, IP_B).toString().contains("arp op=1 10.0.0.1"));
    }
}
