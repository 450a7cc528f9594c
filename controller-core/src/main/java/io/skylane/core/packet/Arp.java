package io.skylane.core.packet;

import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import java.nio.ByteBuffer;

/**
 * An ARP packet for IPv4 over Ethernet.
 *
 * @param opcode      1 request, 2 reply
 * @param senderMac   SHA
 * @param senderIp    SPA
 * @param targetMac   THA
 * @param targetIp    TPA
 */
public record Arp(int opcode, MacAddress senderMac, Ip4Address senderIp, MacAddress targetMac, Ip4Address targetIp) {

    public static final int REQUEST = 1;
    public static final int REPLY = 2;
    private static final int LENGTH = 28;

    /** Parses the ARP payload at {@code offset}. */
    public static Arp parse(byte[] frame, int offset) {
        if (frame.length < offset + LENGTH) {
            throw new MalformedPacketException("ARP payload is truncated");
        }
        if (Ethernet.u16(frame, offset) != 1 || Ethernet.u16(frame, offset + 2) != EthType.IPV4
                || frame[offset + 4] != 6 || frame[offset + 5] != 4) {
            throw new MalformedPacketException("ARP is not IPv4 over Ethernet");
        }
        return new Arp(Ethernet.u16(frame, offset + 6), MacAddress.of(frame, offset + 8),
                Ip4Address.of(frame, offset + 14), MacAddress.of(frame, offset + 18), Ip4Address.of(frame, offset + 24));
    }

    public boolean isRequest() {
        return opcode == REQUEST;
    }

    /** The ARP payload bytes. */
    public byte[] toBytes() {
        return ByteBuffer.allocate(LENGTH).putShort((short) 1).putShort((short) EthType.IPV4).put((byte) 6)
                .put((byte) 4).putShort((short) opcode).put(senderMac.toBytes()).put(senderIp.toBytes())
                .put(targetMac.toBytes()).put(targetIp.toBytes()).array();
    }

    /** A whole Ethernet frame answering this request: {@code ownerMac} owns the requested address. */
    public byte[] replyFrame(MacAddress ownerMac, VlanId vlan) {
        Arp reply = new Arp(REPLY, ownerMac, targetIp, senderMac, senderIp);
        return Ethernet.build(senderMac, ownerMac, vlan, EthType.ARP, reply.toBytes());
    }
}
