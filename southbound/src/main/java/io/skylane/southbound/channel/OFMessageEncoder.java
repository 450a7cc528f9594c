package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFStatsType;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * Writes openflowj messages in wire format (stateless, shared by all connections), counting them,
 * and apart the FLOW_MODs and flow statistics requests (what a restart audit sends).
 */
@Sharable
final class OFMessageEncoder extends MessageToByteEncoder<OFMessage> {

    private final SouthboundCounters counters;

    OFMessageEncoder(SouthboundCounters counters) {
        super(OFMessage.class);
        this.counters = counters;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OFMessage msg, ByteBuf out) {
        msg.writeTo(out);
        counters.increment(Counter.MESSAGES_OUT);
        OFType type = msg.getType();
        if (type == OFType.FLOW_MOD) {
            counters.increment(Counter.FLOW_MODS_OUT);
        } else if (type == OFType.STATS_REQUEST && ((OFStatsRequest<?>) msg).getStatsType() == OFStatsType.FLOW) {
            counters.increment(Counter.FLOW_STATS_REQUESTS);
        }
    }
}
