package io.skylane.southbound.ovsdb;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one pipeline of an OVSDB connection: split the stream into JSON values (bounded by the
 * configured maximum), parse and write JSON-RPC messages, echo on reader idle, read timeout, then
 * a new {@link OvsdbConnection} per channel.
 */
final class OvsdbChannelInitializer extends ChannelInitializer<Channel> {

    private final OvsdbConfig config;
    private final OvsdbCounters counters;
    private final OvsdbConnection.Listener listener;
    private final boolean accepted;
    private final Set<Channel> open;

    /** @param open where the channel is kept while it is open (for closing and counting) */
    OvsdbChannelInitializer(OvsdbConfig config, OvsdbCounters counters, OvsdbConnection.Listener listener,
                            boolean accepted, Set<Channel> open) {
        this.config = config;
        this.counters = counters;
        this.listener = listener;
        this.accepted = accepted;
        this.open = open;
    }

    @Override
    protected void initChannel(Channel ch) {
        open.add(ch);
        ch.closeFuture().addListener(f -> open.remove(ch));
        ch.pipeline()
                .addLast("framer", new JsonObjectDecoder(config.maxFrameLength()))
                .addLast("jsonRpc", new JsonRpcCodec())
                .addLast("echo", new IdleStateHandler(config.echoInterval().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast("readTimeout", new ReadTimeoutHandler(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast("connection", new OvsdbConnection(config, counters, listener, accepted));
    }
}
