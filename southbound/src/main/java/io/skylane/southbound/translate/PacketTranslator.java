package io.skylane.southbound.translate;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import java.util.List;
import java.util.OptionalInt;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/** PACKET_IN to {@link InboundPacket} (the hot path: no copies, no formatting) and PACKET_OUT from {@link OutboundPacket}. */
public final class PacketTranslator {

    private static final byte[] NO_DATA = new byte[0];

    private PacketTranslator() {
    }

    /**
     * Decodes a PACKET_IN: in_port from the match (1.3) or the header field (1.0), the buffer id
     * (empty for NO_BUFFER), reason, table id and cookie (0 in 1.0).
     *
     * @throws UndecodableException if a 1.3 PACKET_IN has no in_port in its match
     */
    public static InboundPacket toCore(OFPacketIn pi, DeviceId deviceId) {
        PortNumber inPort;
        int tableId = 0;
        long cookie = 0;
        if (pi.getVersion() == OFVersion.OF_10) {
            inPort = PortTranslator.toCore(pi.getInPort());
        } else {
            OFPort p = pi.getMatch().get(MatchField.IN_PORT);
            if (p == null) {
                throw new UndecodableException("PACKET_IN without in_port in its match");
            }
            inPort = PortTranslator.toCore(p);
            tableId = pi.getTableId().getValue();
            cookie = pi.getCookie().getValue();
        }
        OFBufferId buffer = pi.getBufferId();
        OptionalInt bufferId = buffer.equals(OFBufferId.NO_BUFFER) ? OptionalInt.empty() : OptionalInt.of(buffer.getInt());
        return new InboundPacket(deviceId, inPort, pi.getData(), bufferId, reason(pi.getReason()), tableId, cookie,
                pi.getTotalLen());
    }

    /**
     * Encodes one PACKET_OUT: releases the buffer if one is given (and sends no data), sends the
     * frame otherwise. It may be longer than OpenFlow allows: {@link PacketOutEncoder} splits.
     *
     * @throws IllegalArgumentException if an action or the in_port cannot be expressed in the version
     */
    public static OFPacketOut toOpenFlow(OutboundPacket p, OFFactory factory, long xid) {
        return toOpenFlow(p, ActionTranslator.toOpenFlow(p.actions(), factory), factory, xid);
    }

    /** A PACKET_OUT of {@code p} with these (already encoded) actions instead of its own. */
    static OFPacketOut toOpenFlow(OutboundPacket p, List<OFAction> actions, OFFactory factory, long xid) {
        boolean buffered = p.bufferId().isPresent();
        return factory.buildPacketOut()
                .setXid(xid)
                .setBufferId(buffered ? OFBufferId.of(p.bufferId().getAsInt()) : OFBufferId.NO_BUFFER)
                .setInPort(PortTranslator.toOpenFlow(p.inPort(), factory.getVersion()))
                .setActions(actions)
                .setData(buffered ? NO_DATA : p.data())
                .build();
    }

    static InboundPacket.Reason reason(OFPacketInReason r) {
        switch (r) {
            case NO_MATCH: return InboundPacket.Reason.NO_MATCH;
            case ACTION: return InboundPacket.Reason.ACTION;
            case INVALID_TTL: return InboundPacket.Reason.INVALID_TTL;
            default: return InboundPacket.Reason.OTHER;
        }
    }
}
