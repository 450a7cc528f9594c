package io.skylane.southbound.channel;

import com.google.common.collect.ImmutableList;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.ErrorTranslator;
import io.skylane.southbound.translate.PortTranslator;
import io.skylane.southbound.translate.StatsRequests;
import io.skylane.southbound.translate.UndecodableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One OpenFlow connection: the last handler of its pipeline, created per channel. Runs the
 * handshake state machine ({@link ConnectionHandshake}, {@link SwitchSetup}, {@link ReadyState}),
 * answers echoes in every state, sends echoes when the switch is quiet, and maps every failure to
 * a counter, a log line and a close of this connection only: broken framing closes, a well-framed
 * message that could not be read is answered and the connection carries on unless the handshake
 * needed it. Everything here runs on the channel's event loop, except {@link #nextXid()} and {@link #nextXids}.
 */
final class OFConnection extends ChannelInboundHandlerAdapter {

    /** Packet-in reasons wanted: no match, action, invalid TTL (OFPR_* bits 0..2). */
    static final long ASYNC_PACKET_IN = 0x7;
    /** Port status reasons: add, delete, modify. */
    static final long ASYNC_PORT_STATUS = 0x7;
    /** Flow removed reasons: idle and hard timeout, delete, group delete. */
    static final long ASYNC_FLOW_REMOVED = 0xf;

    private static final Logger log = LoggerFactory.getLogger(OFConnection.class);

    private final OpenFlowConfig config;
    private final SwitchRegistry registry;
    private final SouthboundCounters counters;
    private final EventDelivery events;
    private final PendingRequests requests = new PendingRequests(this);
    private final UnreadableMessages unreadable = new UnreadableMessages(System::nanoTime);
    private final XidSequence xids = new XidSequence();
    /** Ports gathered during the handshake, handed over at READY. */
    private final Map<PortNumber, Port> ports = new LinkedHashMap<>();

    private ChannelHandlerContext ctx;
    private InetSocketAddress remoteAddress;
    private String remote = "?";
    private ConnectionState state;
    private OFFactory factory;
    private DeviceId deviceId;
    private long buffers;
    private int tables;
    private OFSwitch handle;
    private String closeReason;
    private boolean closed;

    OFConnection(OpenFlowConfig config, SouthboundListener listener, SwitchRegistry registry,
                 SouthboundCounters counters) {
        this.config = config;
        this.registry = registry;
        this.counters = counters;
        this.events = new EventDelivery(listener, counters);
    }

    // ---- Netty events -------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        SocketAddress a = context.channel().remoteAddress();
        remoteAddress = a instanceof InetSocketAddress i ? i : InetSocketAddress.createUnresolved(String.valueOf(a), 0);
        remote = String.valueOf(a);
        registry.channelOpened(context.channel());
        counters.increment(Counter.CONNECTIONS_ACCEPTED);
        log.debug("connection from {}", remote);
        send(VersionNegotiation.hello(PendingBatch.unsigned(nextXid())));
        setState(new ConnectionHandshake.WaitHello());
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        counters.increment(Counter.MESSAGES_IN);
        if (msg instanceof UnparsedMessage u) {
            counters.increment(u.isKnownType() ? Counter.MESSAGES_UNPARSED : Counter.FRAMES_UNKNOWN_TYPE);
            if (closeReason == null) {
                state.unparsed(this, u);
            }
            return;
        }
        OFMessage m = (OFMessage) msg;
        if (closeReason != null) {
            return;
        }
        switch (m.getType()) {
            case ECHO_REQUEST:
                OFEchoRequest echo = (OFEchoRequest) m;
                send(OFFactories.getFactory(m.getVersion()).buildEchoReply().setXid(m.getXid())
                        .setData(echo.getData()).build());
                return;
            case ECHO_REPLY:
                if (factory != null) {
                    return;
                }
                break;
            case ERROR:
                counters.increment(Counter.ERRORS_RECEIVED);
                break;
            default:
                break;
        }
        state.process(this, m);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object evt) {
        if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
            if (factory != null && closeReason == null) {
                counters.increment(Counter.ECHO_REQUESTS_SENT);
                send(factory.buildEchoRequest().setXid(PendingBatch.unsigned(nextXid())).setData(new byte[0]).build());
            }
        } else if (evt == HandshakeTimeoutHandler.TIMEOUT) {
            // once FEATURES is answered, set-up's own timers bound the rest (a storm may delay it)
            if (handle == null && deviceId == null) {
                closeWithError(Counter.HANDSHAKE_TIMEOUT, "handshake did not finish within "
                        + config.handshakeTimeout().toMillis() + " ms (state " + state + ")", null);
            } else if (handle == null) {
                log.debug("switch {} at {} still in set-up after {} ms (state {})", deviceId, remote,
                        config.handshakeTimeout().toMillis(), state);
            }
        } else {
            context.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof FrameException f) {
            closeWithError(f.counter(), f.getMessage(), f);
        } else if (cause instanceof ReadTimeoutException) {
            closeWithError(Counter.READ_TIMEOUT, "nothing received for " + config.readTimeout().toMillis() + " ms", null);
        } else if (cause instanceof DecoderException) {
            closeWithError(Counter.FRAMES_MALFORMED, "cannot decode: " + cause.getMessage(), cause);
        } else if (cause instanceof IOException) {
            if (closeReason == null) {
                counters.increment(Counter.IO_ERRORS);
            }
            log.debug("connection from {}: {}", remote, cause.toString());
            close("connection lost: " + cause.getMessage());
        } else {
            closeWithError(Counter.INTERNAL_ERRORS, "internal error: " + cause, cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closed = true;
        if (state != null) {
            state.exit(this);
        }
        requests.failAll();
        String reason = closeReason != null ? closeReason : "connection closed by the switch";
        if (handle != null) {
            handle.markDisconnected();
            registry.unregister(deviceId, this);
            log.info("switch {} at {} (OpenFlow {}) disconnected: {}", deviceId, remote, handle.version().text(), reason);
            events.disconnected(reason);
        } else {
            log.info("connection from {} closed during the handshake (state {}): {}", remote, state, reason);
        }
    }

    // ---- for the states -----------------------------------------------------------------------

    OpenFlowConfig config() {
        return config;
    }

    SouthboundCounters counters() {
        return counters;
    }

    EventDelivery events() {
        return events;
    }

    PendingRequests requests() {
        return requests;
    }

    ConnectionState state() {
        return state;
    }

    OFFactory factory() {
        return factory;
    }

    DeviceId deviceId() {
        return deviceId;
    }

    String remote() {
        return remote;
    }

    OFSwitch handle() {
        return handle;
    }

    boolean isClosed() {
        return closed;
    }

    /** A fresh transaction id; thread-safe (handles encode on the caller's thread). Never 0. */
    int nextXid() {
        return xids.next();
    }

    /** The first of {@code n} consecutive fresh transaction ids (none 0) for a batch; thread-safe. */
    int nextXids(int n) {
        return xids.block(n);
    }

    void setState(ConnectionState next) {
        ConnectionState previous = state;
        if (previous != null) {
            previous.exit(this);
        }
        state = next;
        log.debug("connection from {}: {} -> {}", remote, previous, next);
        next.enter(this);
    }

    /** Writes and flushes (the flush is merged with others of the same burst). */
    void send(OFMessage m) {
        ctx.writeAndFlush(m, ctx.voidPromise());
    }

    /** Writes and flushes messages already in wire format (a batch), counting them as sent. */
    void sendEncoded(ByteBuf frames, int messages) {
        counters.add(Counter.MESSAGES_OUT, messages);
        ctx.writeAndFlush(frames, ctx.voidPromise());
    }

    /** Writes without flushing; a later {@link #send} flushes. */
    void write(OFMessage m) {
        ctx.write(m, ctx.voidPromise());
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return ctx.executor().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void negotiated(OFVersion v) {
        factory = OFFactories.getFactory(v);
        OFFrameDecoder decoder = ctx.pipeline().get(OFFrameDecoder.class);
        if (decoder != null) {
            decoder.expectVersion(v);
        }
        log.debug("connection from {}: negotiated OpenFlow {}", remote, v);
    }

    /** No common version: tell the switch why (HELLO_FAILED/INCOMPATIBLE), then close. */
    void helloFailed(OFHello peer) {
        OFVersion v = peer.getVersion().compareTo(OFVersion.OF_13) > 0 ? OFVersion.OF_13 : peer.getVersion();
        String text = "no common OpenFlow version: the controller speaks 1.0 and 1.3";
        OFErrorMsg error = OFFactories.getFactory(v).errorMsgs().buildHelloFailedErrorMsg().setXid(peer.getXid())
                .setCode(OFHelloFailedCode.INCOMPATIBLE)
                .setData(OFErrorCauseData.of(text.getBytes(StandardCharsets.US_ASCII), v)).build();
        closeReason = "no common OpenFlow version (switch sent HELLO version " + peer.getVersion() + ")";
        counters.increment(Counter.HANDSHAKE_FAILED);
        log.warn("closing connection from {}: {}", remote, closeReason);
        ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }

    void featuresReceived(OFFeaturesReply reply) {
        deviceId = DeviceId.of(reply.getDatapathId().getLong());
        buffers = reply.getNBuffers();
        tables = reply.getNTables() & 0xff;
        log.debug("connection from {}: switch {} has {} buffers, {} tables", remote, deviceId, buffers, tables);
    }

    void putPort(Port port) {
        ports.put(port.number(), port);
    }

    /** A PORT_STATUS after the port list was read and before READY updates that list. */
    void portStatusDuringSetup(OFPortStatus status) {
        Port port = PortTranslator.toCore(status.getDesc());
        if (status.getReason() == OFPortReason.DELETE) {
            ports.remove(port.number());
        } else {
            ports.put(port.number(), port);
        }
    }

    /** The handshake is done: register, configure, tell the core, deliver the early PACKET_INs. */
    void becomeReady() {
        handle = new OFSwitch(this, deviceId, factory, remoteAddress, ctx.channel());
        setState(ReadyState.INSTANCE);
        counters.increment(Counter.HANDSHAKE_COMPLETED);
        if (ctx.pipeline().get(HandshakeTimeoutHandler.class) != null) {
            ctx.pipeline().remove(HandshakeTimeoutHandler.class);
        }
        OFConnection previous = registry.register(deviceId, this);
        if (previous != null) {
            counters.increment(Counter.CONNECTIONS_REPLACED);
            log.info("switch {} connected again from {}: closing its old connection from {}", deviceId, remote,
                    previous.remote);
            previous.handle.disconnect("replaced by new connection from " + remote);
        }
        write(factory.buildSetConfig().setXid(PendingBatch.unsigned(nextXid()))
                .setFlags(EnumSet.noneOf(OFConfigFlags.class)).setMissSendLen(0xffff).build());
        if (factory.getVersion() == OFVersion.OF_13) {
            // Also packet-ins for an expired TTL (a routed hop's dec_ttl reaching 0): the tenant data
            // plane answers them with ICMP time exceeded, so traceroute shows the gateway.
            write(factory.buildAsyncSet().setXid(PendingBatch.unsigned(nextXid()))
                    .setPacketInMaskEqualMaster(ASYNC_PACKET_IN).setPacketInMaskSlave(0)
                    .setPortStatusMaskEqualMaster(ASYNC_PORT_STATUS).setPortStatusMaskSlave(ASYNC_PORT_STATUS)
                    .setFlowRemovedMaskEqualMaster(ASYNC_FLOW_REMOVED).setFlowRemovedMaskSlave(0).build());
        }
        DeviceDescription description = DeviceDescription.unknown(buffers, tables);
        requestDescription(description);
        List<Port> portList = ImmutableList.copyOf(ports.values());
        ports.clear();
        log.info("switch {} connected from {} (OpenFlow {}, {} ports)", deviceId, remote,
                handle.version().text(), portList.size());
        events.connected(handle, description, portList);
        ctx.flush();
    }

    /** DESCRIPTION request, not waited for (benchmark switches never answer it). */
    private void requestDescription(DeviceDescription base) {
        CompletableFuture<List<DeviceDescription>> reply = new CompletableFuture<>();
        requests.start(StatsRequests.desc(factory, PendingBatch.unsigned(nextXid())),
                (PendingRequests.ReplyDecoder<DeviceDescription>) (r, into) -> {
                    OFDescStatsReply d = (OFDescStatsReply) r;
                    into.add(base.withStrings(d.getMfrDesc(), d.getHwDesc(), d.getSwDesc(), d.getSerialNum(),
                            d.getDpDesc()));
                }, reply);
        reply.whenComplete((list, error) -> {
            if (error == null && !list.isEmpty()) {
                events.description(list.get(0));
            } else {
                log.debug("switch {}: no DESCRIPTION: {}", deviceId, error == null ? "empty reply" : error.toString());
            }
        });
    }

    void ignore(OFMessage m) {
        log.debug("connection from {}: ignoring {} in state {}", remote, m.getType(), state);
    }

    /** A message the current state does not expect: close. */
    void illegal(OFMessage m) {
        closeWithError(Counter.MESSAGES_ILLEGAL, "unexpected " + m.getType() + " in state " + state, null);
    }

    /** A well-framed message that could not be read, and the state goes on: logged, answered unless an ERROR. */
    void carryOn(UnparsedMessage u) {
        unreadable.log(deviceId == null ? "connection from " + remote : "switch " + deviceId, u);
        if (UnreadableMessages.wantsAnswer(u)) {
            send(UnreadableMessages.answer(u));
        }
    }

    /** A message the handshake needed could not be read: close. */
    void brokenHandshake(UnparsedMessage u) {
        closeWithError(Counter.HANDSHAKE_FAILED, UnreadableMessages.closeReason(u, state.name()), null);
    }

    void undecodable(String what, UndecodableException e) {
        counters.increment(Counter.ENTRIES_UNDECODABLE);
        log.warn("switch {}: skipping a {} the core cannot express: {}", deviceId, what, e.getMessage());
    }

    String describeError(OFErrorMsg e) {
        return ErrorTranslator.toCore(e).toString();
    }

    /** Closes because something went wrong: counted, logged at WARN (stack trace at DEBUG). */
    void closeWithError(Counter counter, String reason, Throwable cause) {
        if (closeReason == null) {
            closeReason = reason;
            if (counter != null) {
                counters.increment(counter);
            }
            log.warn("closing connection from {}{}: {}", remote, deviceId == null ? "" : " (switch " + deviceId + ")",
                    reason);
            if (cause != null) {
                log.debug("connection from {} failed", remote, cause);
            }
        }
        close(reason);
    }

    /** Closes on request (the core, a replacing connection, shutdown); logged at INFO on close. */
    void disconnect(String reason) {
        close(reason);
    }

    private void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (handle != null) {
            handle.markDisconnected();
        }
        ctx.close();
    }

    @Override
    public String toString() {
        return "OFConnection{" + remote + (deviceId == null ? "" : " " + deviceId) + " " + state + "}";
    }
}
