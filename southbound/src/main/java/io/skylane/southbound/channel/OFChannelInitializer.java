package io.skylane.southbound.channel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.southbound.OpenFlowConfig;
import java.util.concurrent.TimeUnit;

/**
 * The one pipeline of an OpenFlow connection: frame decoder, message encoder, flush consolidation
 * (writes flushed once per read burst), echo on reader idle, read timeout, handshake timeout, then
 * a new {@link OFConnection} per channel.
 */
public final class OFChannelInitializer extends ChannelInitializer<Channel> {

    /** Flushes are merged; after this many a flush is forced even during a long read burst. */
    static final int FLUSH_AFTER = 256;

    private final OpenFlowConfig config;
    private final SouthboundListener listener;
    private final SwitchRegistry registry;
    private final SouthboundCounters counters;
    private final OFMessageEncoder encoder;

    public OFChannelInitializer(OpenFlowConfig config, SouthboundListener listener, SwitchRegistry registry,
                                SouthboundCounters counters) {
        this.config = config;
        this.listener = listener;
        this.registry = registry;
        this.counters = counters;
        this.encoder = new OFMessageEncoder(counters);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("frameDecoder", new OFFrameDecoder(config.maxFrameLength(), counters))
                .addLast("messageEncoder", encoder)
                .addLast("flushConsolidation", new FlushConsolidationHandler(FLUSH_AFTER, true))
                .addLast("echo", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("readTimeout", new ReadTimeoutHandler(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("handshakeTimeout", new HandshakeTimeoutHandler(config.handshakeTimeout().toMillis()))
                .addLast("connection", new OFConnection(config, listener, registry, counters));
    }
}
