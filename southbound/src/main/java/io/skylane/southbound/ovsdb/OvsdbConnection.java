package io.skylane.southbound.ovsdb;

import static io.skylane.southbound.ovsdb.OvsdbData.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OVSDB connection, whichever side opened it: the last handler of its pipeline. Sets the
 * connection up ({@code list_dbs}, then {@code monitor} of the tables Skylane reads), applies the
 * monitor's {@code update} notifications to its {@link OvsdbView}, answers the server's
 * {@code echo} (ovsdb-server drops managers that do not), sends its own when the server is quiet,
 * and matches answers to requests ({@link RpcRequests}). Every failure closes this connection only,
 * with a counter and a logged reason. State lives on the channel's event loop; {@link #view()} is
 * readable from any thread, the other session methods hop onto the loop.
 */
final class OvsdbConnection extends ChannelInboundHandlerAdapter implements OvsdbSession {

    /** Told about the connection's life, on its event loop. */
    interface Listener {
        void ready(OvsdbConnection connection);

        void viewChanged(OvsdbConnection connection, OvsdbView before, OvsdbView after);

        /** The connection closed; {@code wasReady} if {@link #ready} had been called. */
        void closed(OvsdbConnection connection, boolean wasReady, String reason);
    }

    static final String DATABASE = "Open_vSwitch";
    private static final String MONITOR_ID = "skylane";

    private static final Logger log = LoggerFactory.getLogger(OvsdbConnection.class);

    private final OvsdbConfig config;
    private final OvsdbCounters counters;
    private final Listener listener;
    private final boolean accepted;
    private final List<Waiter> waiters = new ArrayList<>();
    /** The last operation started by {@link #serialized}. */
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private RpcRequests requests;
    private Channel channel;
    private volatile String remote = "(not connected)";
    private volatile OvsdbView view = OvsdbView.EMPTY;
    private boolean ready;
    private boolean closed;
    private String closeReason;

    /** @param accepted true for a connection an ovsdb-server opened to our listener */
    OvsdbConnection(OvsdbConfig config, OvsdbCounters counters, Listener listener, boolean accepted) {
        this.config = config;
        this.counters = counters;
        this.listener = listener;
        this.accepted = accepted;
    }

    // ---- OvsdbSession -------------------------------------------------------------------------

    @Override
    public String remote() {
        return remote;
    }

    @Override
    public OvsdbView view() {
        return view;
    }

    @Override
    public CompletableFuture<JsonNode> transact(ArrayNode operations) {
        ArrayNode params = JSON.arrayNode().add(DATABASE);
        params.addAll(operations);
        return request("transact", params);
    }

    @Override
    public CompletableFuture<OvsdbView> awaitView(Predicate<OvsdbView> condition, Duration timeout) {
        CompletableFuture<OvsdbView> f = new CompletableFuture<>();
        onLoop(() -> {
            if (closed) {
                f.completeExceptionally(new OvsdbException.Disconnected(remote));
                return;
            }
            try {
                if (condition.test(view)) {
                    f.complete(view);
                    return;
                }
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
                return;
            }
            Waiter w = new Waiter(condition, f);
            waiters.add(w);
            w.timeout = channel.eventLoop().schedule(() -> {
                if (waiters.remove(w)) {
                    f.completeExceptionally(new TimeoutException("OVSDB " + remote
                            + ": the view did not reach the expected state within " + timeout.toMillis() + " ms"));
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }, f);
        return f;
    }

    /** Sends a request from any thread; completes on the event loop with the result or the error. */
    CompletableFuture<JsonNode> request(String method, ArrayNode params) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        onLoop(() -> {
            if (closed || requests == null) {
                f.completeExceptionally(new OvsdbException.Disconnected(remote));
                return;
            }
            requests.send(method, params, f);
        }, f);
        return f;
    }

    /**
     * Runs an operation on the event loop after the previous one of this connection has finished,
     * so each operation plans on a view that already shows what the one before it did.
     */
    <T> CompletableFuture<T> serialized(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        onLoop(() -> {
            CompletableFuture<T> op = tail.handle((x, e) -> null).thenCompose(x -> {
                try {
                    return operation.get();
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            });
            tail = op;
            op.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                            ? e.getCause() : e);
                } else {
                    result.complete(v);
                }
            });
        }, result);
        return result;
    }

    /** Whether the monitor is set up and the view is live. */
    boolean isReady() {
        return ready;
    }

    // ---- Netty --------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        remote = describe(channel.remoteAddress());
        requests = new RpcRequests(channel, config.requestTimeout(), counters, remote);
        counters.increment(accepted ? Counter.CONNECTIONS_ACCEPTED : Counter.CONNECTIONS_OPENED);
        log.info("OVSDB connection {} {}", accepted ? "from" : "to", remote);
        requests.send("list_dbs", JSON.arrayNode(), new CompletableFuture<>()).whenComplete((dbs, e) -> {
            if (e != null) {
                setupFailed("list_dbs failed: " + e.getMessage());
            } else if (!containsText(dbs, DATABASE)) {
                setupFailed("the server has no " + DATABASE + " database (it has " + dbs + ")");
            } else {
                monitor();
            }
        });
        ctx.fireChannelActive();
    }

    private void monitor() {
        ObjectNode tables = JSON.objectNode();
        tables.set(OvsdbView.OPEN_VSWITCH, columns(OvsdbView.OPEN_VSWITCH_COLUMNS));
        tables.set(OvsdbBridge.TABLE, columns(OvsdbBridge.COLUMNS));
        tables.set(OvsdbPort.TABLE, columns(OvsdbPort.COLUMNS));
        tables.set(OvsdbInterface.TABLE, columns(OvsdbInterface.COLUMNS));
        ArrayNode params = JSON.arrayNode().add(DATABASE).add(MONITOR_ID).add(tables);
        requests.send("monitor", params, new CompletableFuture<>()).whenComplete((initial, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                setupFailed("monitor failed: " + e.getMessage());
                return;
            }
            try {
                view = OvsdbView.EMPTY.apply(initial);
            } catch (OvsdbProtocolException x) {
                closeWithError(Counter.FRAMES_MALFORMED, "unreadable monitor reply: " + x.getMessage());
                return;
            }
            ready = true;
            log.info("OVSDB {}: monitoring {} (system-id {}, bridges {})", remote, DATABASE,
                    view.systemId().orElse("unset"), view.datapathIds());
            listener.ready(this);
            checkWaiters();
        });
    }

    private static ObjectNode columns(String[] names) {
        ArrayNode a = JSON.arrayNode();
        for (String n : names) {
            a.add(n);
        }
        return JSON.objectNode().set("columns", a);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed || closeReason != null) {
            return;
        }
        JsonNode m = (JsonNode) msg;
        JsonNode method = m.get("method");
        if (method != null && method.isTextual()) {
            onRequest(method.asText(), m.get("params"), m.get("id"));
        } else if (m.has("id") && (m.has("result") || m.has("error"))) {
            requests.answer(m);
        } else {
            closeWithError(Counter.FRAMES_MALFORMED, "neither a request nor a response: " + abbreviate(m));
        }
    }

    private void onRequest(String method, JsonNode params, JsonNode id) {
        boolean notification = id == null || id.isNull();
        switch (method) {
            case "echo" -> {
                counters.increment(Counter.ECHO_ANSWERED);
                if (!notification) {
                    ObjectNode reply = JSON.objectNode();
                    reply.set("id", id);
                    reply.set("result", params == null ? JSON.arrayNode() : params);
                    reply.putNull("error");
                    channel.writeAndFlush(reply);
                }
            }
            case "update" -> onUpdate(params);
            default -> {
                log.debug("OVSDB {}: ignored request {}", remote, method);
                if (!notification) {
                    ObjectNode reply = JSON.objectNode();
                    reply.set("id", id);
                    reply.putNull("result");
                    reply.put("error", "unknown method " + method);
                    channel.writeAndFlush(reply);
                }
            }
        }
    }

    private void onUpdate(JsonNode params) {
        if (params == null || !params.isArray() || params.size() != 2 || !MONITOR_ID.equals(params.get(0).asText())) {
            closeWithError(Counter.FRAMES_MALFORMED, "update for no monitor of ours: " + abbreviate(params));
            return;
        }
        counters.increment(Counter.UPDATES_RECEIVED);
        OvsdbView before = view;
        OvsdbView after;
        try {
            after = before.apply(params.get(1));
        } catch (OvsdbProtocolException e) {
            closeWithError(Counter.FRAMES_MALFORMED, "unreadable update: " + e.getMessage());
            return;
        }
        view = after;
        if (ready) {
            listener.viewChanged(this, before, after);
        }
        checkWaiters();
    }

    private void checkWaiters() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            boolean met;
            try {
                met = w.condition.test(view);
            } catch (RuntimeException e) {
                it.remove();
                w.timeout.cancel(false);
                w.future.completeExceptionally(e);
                continue;
            }
            if (met) {
                it.remove();
                w.timeout.cancel(false);
                w.future.complete(view);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && !closed && requests != null) {
            counters.increment(Counter.ECHO_SENT);
            requests.send("echo", JSON.arrayNode().add("skylane"), new CompletableFuture<>());
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) {
            closeWithError(Counter.FRAMES_OVERSIZE, "message longer than " + config.maxFrameLength() + " bytes");
        } else if (cause instanceof ReadTimeoutException) {
            closeWithError(Counter.READ_TIMEOUT, "nothing received for " + config.readTimeout().toMillis() + " ms");
        } else if (cause instanceof DecoderException) {
            closeWithError(Counter.FRAMES_MALFORMED, "cannot decode: " + cause.getMessage());
        } else if (cause instanceof IOException) {
            counters.increment(Counter.IO_ERRORS);
            log.debug("OVSDB {}: {}", remote, cause.toString());
            closeWith("connection lost: " + cause.getMessage());
        } else {
            log.debug("OVSDB {}: internal error", remote, cause);
            closeWithError(Counter.INTERNAL_ERRORS, "internal error: " + cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        counters.increment(Counter.CONNECTIONS_CLOSED);
        String reason = closeReason != null ? closeReason : "closed by the peer";
        if (requests != null) {
            requests.failAll(new OvsdbException.Disconnected(remote));
        }
        for (Waiter w : waiters) {
            w.timeout.cancel(false);
            w.future.completeExceptionally(new OvsdbException.Disconnected(remote));
        }
        waiters.clear();
        log.info("OVSDB connection {} {} closed: {}", accepted ? "from" : "to", remote, reason);
        listener.closed(this, ready, reason);
        ctx.fireChannelInactive();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void setupFailed(String reason) {
        if (!closed) {
            closeWithError(Counter.SETUP_FAILED, reason);
        }
    }

    private void closeWithError(Counter counter, String reason) {
        if (closed || closeReason != null) {
            return;
        }
        counters.increment(counter);
        log.warn("OVSDB {}: {}; closing the connection", remote, reason);
        closeWith(reason);
    }

    private void closeWith(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (channel != null) {
            channel.close().addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
    }

    /** Runs {@code r} on the event loop; if the loop is gone, {@code f} fails as disconnected. */
    private void onLoop(Runnable r, CompletableFuture<?> f) {
        if (channel == null) {
            f.completeExceptionally(new IllegalStateException("OVSDB connection not active yet"));
        } else if (channel.eventLoop().inEventLoop()) {
            r.run();
        } else {
            try {
                channel.eventLoop().execute(r);
            } catch (RejectedExecutionException e) {
                f.completeExceptionally(new OvsdbException.Disconnected(remote));
            }
        }
    }

    private static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress i) {
            return i.getHostString() + ":" + i.getPort();
        }
        return a instanceof DomainSocketAddress d ? "unix:" + d.path() : String.valueOf(a);
    }

    private static boolean containsText(JsonNode array, String text) {
        if (array == null || !array.isArray()) {
            return false;
        }
        for (JsonNode n : array) {
            if (text.equals(n.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static final class Waiter {
        final Predicate<OvsdbView> condition;
        final CompletableFuture<OvsdbView> future;
        ScheduledFuture<?> timeout;

        Waiter(Predicate<OvsdbView> condition, CompletableFuture<OvsdbView> future) {
            this.condition = condition;
            this.future = future;
        }
    }
}
