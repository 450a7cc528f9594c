package io.skylane.southbound.channel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fires {@link #TIMEOUT} down the pipeline if the connection is still in the pipeline (not ready)
 * this long after it became active. The connection removes this handler when the switch is ready.
 */
final class HandshakeTimeoutHandler extends ChannelInboundHandlerAdapter {

    /** The user event fired when the handshake took too long. */
    static final Object TIMEOUT = new Object() {
        @Override
        public String toString() {
            return "HANDSHAKE_TIMEOUT";
        }
    };

    private final long timeoutMillis;
    private ScheduledFuture<?> timer;

    HandshakeTimeoutHandler(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    ctx.fireUserEventTriggered(TIMEOUT);
                }
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
