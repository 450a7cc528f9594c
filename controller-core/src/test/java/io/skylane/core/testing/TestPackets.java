package io.skylane.core.testing;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import io.skylane.core.packet.Arp;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import java.nio.ByteBuffer;
import java.util.OptionalInt;

/** Builds frames and packet-ins for tests. */
public final class TestPackets {

    private TestPackets() {
    }

    /** An untagged frame of {@code etherType} with a zero payload (padded to 60 bytes). */
    public static byte[] ethernet(MacAddress src, MacAddress dst, int etherType) {
        return Ethernet.build(dst, src, VlanId.NONE, etherType, new byte[46]);
    }

    /** A broadcast ARP request: who has {@code targetIp}, tell {@code senderIp}. */
    public static byte[] arpRequest(MacAddress senderMac, Ip4Address senderIp, Ip4Address targetIp) {
        Arp arp = new Arp(Arp.REQUEST, senderMac, senderIp, MacAddress.ZERO, targetIp);
        return Ethernet.build(MacAddress.BROADCAST, senderMac, VlanId.NONE, EthType.ARP, arp.toBytes());
    }

    /** An IPv4 UDP datagram with an 8-byte UDP header and no data. */
    public static byte[] udp(MacAddress src, MacAddress dst, Ip4Address srcIp, Ip4Address dstIp, int srcPort,
                             int dstPort) {
        ByteBuffer ip = ByteBuffer.allocate(28);
        ip.put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) IpProtocol.UDP).putShort((short) 0).put(srcIp.toBytes())
                .put(dstIp.toBytes()).putShort((short) srcPort).putShort((short) dstPort).putShort((short) 8)
                .putShort((short) 0);
        return Ethernet.build(dst, src, VlanId.NONE, EthType.IPV4, ip.array());
    }

    /** An LLDP frame (its payload is not a valid LLDPDU: only the type matters to most tests). */
    public static byte[] lldp(MacAddress src) {
        return ethernet(src, MacAddress.LLDP_NEAREST_BRIDGE, EthType.LLDP);
    }

    /** A packet-in the switch did not buffer (as Open vSwitch sends them). */
    public static InboundPacket packetIn(DeviceId device, long inPort, byte[] frame) {
        return new InboundPacket(device, PortNumber.of(inPort), frame, OptionalInt.empty(),
                InboundPacket.Reason.NO_MATCH, 0, 0, frame.length);
    }

    /** A packet-in buffered by the switch under {@code bufferId}. */
    public static InboundPacket packetIn(DeviceId device, long inPort, byte[] frame, int bufferId) {
        return new InboundPacket(device, PortNumber.of(inPort), frame, OptionalInt.of(bufferId),
                InboundPacket.Reason.NO_MATCH, 0, 0, frame.length);
    }
}
