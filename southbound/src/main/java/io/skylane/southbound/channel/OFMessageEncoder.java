package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** Writes openflowj messages in wire format (stateless, shared by all connections). */
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
    }
}
