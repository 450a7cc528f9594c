package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One emulated switch: the only handler of its channel. Frames are cut from the byte stream in
 * place; PACKET_OUT, FLOW_MOD, ECHO, BARRIER and SET_CONFIG are read by peeking at a few fields,
 * rarer messages go through {@link SwitchRequests} (openflowj). Replies and new PACKET_INs of one
 * read burst go out in one buffer, written once when the burst ends. Everything runs on the
 * channel's event loop; the orchestrator talks to it through tasks on that loop
 * ({@link SwitchFleet}) and reads only the volatile fields.
 *
 * <p>The switch is ready when it has answered FEATURES_REQUEST and seen SET_CONFIG (see
 * {@link HandshakeProgress}).
 */
final class EmulatedSwitch extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(EmulatedSwitch.class);

    /** Round trips above this are recorded as this (the histogram's range). */
    static final long HIGHEST_LATENCY_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long TICK_MS = 50;

    private final SwitchSpec spec;
    private final int version;
    private final HandshakeProgress handshake;
    private final long[] c = new long[Metric.COUNT];
    private final EmulatedFlowTable table;
    private final TestTraffic testTraffic;
    private final SwitchRequests requests;
    private final CompletableFuture<EmulatedSwitch> ready = new CompletableFuture<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private final FabricCables cables;

    private ChannelHandlerContext ctx;
    private ByteBuf out;
    private ScheduledFuture<?> ticker;
    private int xid;
    private int missSendLen = 128;
    private OFControllerRole role = OFControllerRole.ROLE_EQUAL;
    private boolean traffic;
    private boolean learned;
    private boolean answeredInBurst;
    private boolean flushQueued;
    private long lastEchoNanos;
    private String failure;
    private volatile long lastAnswerNanos;
    private volatile String closeReason;

    /**
     * @param latency the histogram of this switch's event loop (single writer: that loop)
     * @param cables  where PACKET_OUTs that answer no test packet leave (a fabric run), or null
     */
    EmulatedSwitch(SwitchSpec spec, long connectStartNanos, Histogram latency, FabricCables cables) {
        this.spec = spec;
        this.cables = cables;
        this.version = spec.wireVersion();
        this.handshake = new HandshakeProgress(connectStartNanos);
        this.table = new EmulatedFlowTable(spec.recordFlows(), spec.watchPriority());
        if (spec.preloadRules() > 0) {
            long now = System.nanoTime();
            FlowRestartRun.previousRun(spec).forEach(mod -> table.preload(mod, now));
        }
        this.testTraffic = new TestTraffic(spec, c, latency);
        this.requests = new SwitchRequests(spec, table);
    }

    SwitchSpec spec() {
        return spec;
    }

    /** Completes on the event loop when the switch is ready; fails if the connection closes before. */
    CompletableFuture<EmulatedSwitch> ready() {
        return ready;
    }

    /** Completes with the reason when the connection closes. */
    CompletableFuture<String> closed() {
        return closed;
    }

    long lastAnswerNanos() {
        return lastAnswerNanos;
    }

    String closeReason() {
        return closeReason;
    }

    // ---- Netty events --------------------------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        long now = System.nanoTime();
        lastEchoNanos = now;
        lastAnswerNanos = now;
        send(SwitchReplies.hello(version, ++xid));
        flushOut();
        ticker = context.executor().scheduleAtFixedRate(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        context.fireChannelActive();
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> unused) {
        if (failure != null) {
            in.skipBytes(in.readableBytes());
            return;
        }
        long now = System.nanoTime();
        while (in.readableBytes() >= Wire.HEADER) {
            int at = in.readerIndex();
            int len = in.getUnsignedShort(at + 2);
            if (len < Wire.HEADER) {
                fail("the controller sent a malformed frame (length " + len + ")");
                in.skipBytes(in.readableBytes());
                return;
            }
            if (in.readableBytes() < len) {
                break;
            }
            c[Metric.MESSAGES_IN.ordinal()]++;
            handle(in, at, len, now);
            in.readerIndex(at + len);
        }
        if (answeredInBurst) {
            answeredInBurst = false;
            lastAnswerNanos = now;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        flushOut();
        super.channelReadComplete(context);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) throws Exception {
        if (traffic && context.channel().isWritable()) {
            flushOut();
        }
        super.channelWritabilityChanged(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        log.debug("switch {}: {}", spec.dpidText(), cause.toString(), cause);
        fail("connection error: " + cause.getMessage());
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (out != null) {
            out.release();
            out = null;
        }
        traffic = false;
        String reason = failure != null ? failure : "connection closed by the controller";
        closeReason = reason;
        ready.completeExceptionally(new IllegalStateException("switch " + spec.dpidText() + ": " + reason));
        closed.complete(reason);
        super.channelInactive(context);
    }

    // ---- messages ------------------------------------------------------------------------------

    private void handle(ByteBuf in, int at, int len, long now) {
        int type = in.getUnsignedByte(at + 1);
        if (!handshake.isHelloDone()) {
            if (type == Wire.HELLO) {
                onHello(in, at, len);
            } else if (type == Wire.ERROR) {
                onError(in, at, len);
            } else {
                fail("the controller sent message type " + type + " before its HELLO");
            }
            return;
        }
        if (in.getUnsignedByte(at) != version) {
            c[Metric.UNEXPECTED.ordinal()]++;
            return;
        }
        switch (type) {
            case Wire.PACKET_OUT:
                onPacketOut(in, at, len, now);
                break;
            case Wire.FLOW_MOD:
                onFlowMod(in, at, len, now);
                break;
            case Wire.ECHO_REQUEST:
                c[Metric.ECHO_REQUESTS.ordinal()]++;
                ByteBuf o = out();
                int start = o.writerIndex();
                o.writeBytes(in, at, len);
                o.setByte(start + 1, Wire.ECHO_REPLY);
                break;
            case Wire.ECHO_REPLY:
                c[Metric.ECHO_REPLIES.ordinal()]++;
                break;
            case Wire.ERROR:
                onError(in, at, len);
                break;
            case Wire.FEATURES_REQUEST:
                send(SwitchReplies.featuresReply(spec, in.getUnsignedInt(at + 4)));
                if (handshake.featuresReplied(now)) {
                    ready.complete(this);
                }
                break;
            case Wire.GET_CONFIG_REQUEST:
                send(SwitchReplies.getConfigReply(spec, in.getUnsignedInt(at + 4), missSendLen));
                break;
            case Wire.SET_CONFIG:
                missSendLen = in.getUnsignedShort(at + 10);
                if (handshake.configSeen(now)) {
                    ready.complete(this);
                }
                break;
            case Wire.HELLO:
                c[Metric.UNEXPECTED.ordinal()]++;
                break;
            default:
                onOther(in, at, len, type, now);
        }
    }

    private void onOther(ByteBuf in, int at, int len, int type, long now) {
        if (type == Wire.barrierRequest(version)) {
            c[Metric.BARRIERS.ordinal()]++;
            table.barrier();
            Wire.writeHeader(out(), version, Wire.barrierReply(version), Wire.HEADER, in.getInt(at + 4));
        } else if (type == Wire.statsRequest(version)) {
            c[Metric.STATS_REQUESTS.ordinal()]++;
            if (!requests.stats(in, at, len, now, out())) {
                c[Metric.STATS_IGNORED.ordinal()]++;
            }
        } else if (version == Wire.OF13 && type == Wire.ROLE_REQUEST_13) {
            OFMessage m = requests.parse(in, at, len).orElse(null);
            if (m instanceof OFRoleRequest r) {
                var reply = SwitchReplies.roleReply(r, role);
                role = reply.getRole();
                send(reply);
            } else {
                c[Metric.UNEXPECTED.ordinal()]++;
            }
        } else if (Wire.isModification(version, type)) {
            c[Metric.OTHER_MODS.ordinal()]++;
        } else {
            c[Metric.UNEXPECTED.ordinal()]++;
            if (Wire.isUnservedRequest(version, type)) {
                send(SwitchReplies.badRequest(version, in.getUnsignedInt(at + 4),
                        type == Wire.EXPERIMENTER ? OFBadRequestCode.BAD_EXPERIMENTER : OFBadRequestCode.BAD_TYPE,
                        in, at, len));
            }
        }
    }

    private void onHello(ByteBuf in, int at, int len) {
        Optional<String> problem = SwitchReplies.helloProblem(requests.parse(in, at, len), version);
        problem.ifPresent(this::fail);
        if (problem.isEmpty()) {
            handshake.helloDone();
        }
    }

    private void onError(ByteBuf in, int at, int len) {
        c[Metric.ERRORS.ordinal()]++;
        OFMessage m = requests.parse(in, at, len).orElse(null);
        String what = m instanceof OFErrorMsg e ? e.getErrType() + " " + e : "an unparseable ERROR";
        if (!handshake.isReady()) {
            fail("the controller sent an ERROR during the handshake: " + what);
        } else {
            log.debug("switch {}: controller sent {}", spec.dpidText(), what);
        }
    }

    private void onFlowMod(ByteBuf in, int at, int len, long now) {
        c[Metric.FLOW_MODS.ordinal()]++;
        int command = Wire.flowModCommand(in, at, version);
        if (command == Wire.FLOW_ADD) {
            c[Metric.FLOW_ADDS.ordinal()]++;
            int buffer = Wire.flowModBufferId(in, at, version);
            if (buffer != Wire.NO_BUFFER) {
                answeredInBurst |= testTraffic.answerBuffer(buffer, Metric.ANSWERED_BY_FLOW_MOD, now);
            }
        } else if (command == Wire.FLOW_DELETE || command == Wire.FLOW_DELETE_STRICT) {
            c[Metric.FLOW_DELETES.ordinal()]++;
        } else {
            c[Metric.FLOW_MODIFIES.ordinal()]++;
        }
        if (!table.apply(in, at, len, version, command, now)) {
            c[Metric.UNEXPECTED.ordinal()]++;
        }
    }

    private void onPacketOut(ByteBuf in, int at, int len, long now) {
        c[Metric.PACKET_OUTS.ordinal()]++;
        int buffer = Wire.packetOutBufferId(in, at);
        if (buffer != Wire.NO_BUFFER) {
            answeredInBurst |= testTraffic.answerBuffer(buffer, Metric.ANSWERED_BY_PACKET_OUT, now);
            return;
        }
        int d = at + Wire.packetOutDataOffset(in, at, version);
        int dataLen = at + len - d;
        if (dataLen >= TestFrames.INDEX_OFFSET + 4 && in.getInt(d + TestFrames.MAGIC_OFFSET) == TestFrames.MAGIC
                && in.getInt(d + TestFrames.INDEX_OFFSET) == spec.index()) {
            answeredInBurst |= testTraffic.answerFrame(in.getInt(d + TestFrames.SEQ_OFFSET),
                    in.getInt(d + TestFrames.SRC_TAG_OFFSET), now);
            return;
        }
        c[Metric.FOREIGN_PACKET_OUTS.ordinal()]++;
        if (cables != null) {
            cables.transmit(spec.index(), in, at, version);
        }
        if (dataLen >= 14 && in.getUnsignedShort(d + 12) == 0x0806) {
            learned = true;
        }
    }

    // ---- output --------------------------------------------------------------------------------

    private ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(4096);
        }
        return out;
    }

    private void send(OFMessage m) {
        m.writeTo(out());
    }

    /** Tops up the PACKET_INs, then writes everything of this burst in one go. */
    private void flushOut() {
        if (traffic && ctx.channel().isWritable()) {
            while (testTraffic.hasRoom()) {
                testTraffic.emit(out(), ++xid);
            }
        }
        if (out == null) {
            return;
        }
        ByteBuf b = out;
        out = null;
        if (b.isReadable() && ctx.channel().isActive()) {
            testTraffic.stamp(System.nanoTime());
            ctx.writeAndFlush(b, ctx.voidPromise());
        } else {
            b.release();
        }
    }

    private void tick() {
        long now = System.nanoTime();
        int expired = testTraffic.expire(now - spec.answerTimeoutNs());
        if (handshake.isReady() && now - lastEchoNanos >= spec.echoIntervalNs()) {
            lastEchoNanos = now;
            Wire.writeHeader(out(), version, Wire.ECHO_REQUEST, Wire.HEADER, ++xid);
        }
        if (expired > 0 || out != null) {
            flushOut();
        }
    }

    private void fail(String reason) {
        if (failure == null) {
            failure = reason;
            log.debug("switch {}: {}", spec.dpidText(), reason);
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    // ---- called by the orchestrator, on this switch's event loop ---------------------------------

    /** Starts keeping the window full of PACKET_INs. */
    void startTraffic() {
        traffic = true;
        flushOut();
    }

    void stopTraffic() {
        traffic = false;
    }

    /** Sends cbench's learning packet (gratuitous ARP from the destination MAC, port 2). */
    void sendLearn() {
        send(SwitchReplies.learnPacketIn(spec, ++xid));
        flushOut();
    }

    /** A message written straight into the switch's output, given its xid. */
    @FunctionalInterface
    interface Injected {
        void writeTo(ByteBuf out, long xid);
    }

    /**
     * Sends the message {@code build} writes (given the next xid) on this switch's event loop, with
     * whatever else that loop iteration writes; any thread. False, and nothing sent, unless the
     * switch is connected and past its handshake (a switch without a controller tells no one).
     */
    boolean inject(Injected build) {
        if (!handshake.isReady() || !ctx.channel().isActive()) {
            return false;
        }
        ctx.executor().execute(() -> {
            if (failure == null) {
                build.writeTo(out(), ++xid);
                if (!flushQueued) {
                    flushQueued = true;
                    ctx.executor().execute(() -> {
                        flushQueued = false;
                        flushOut();
                    });
                }
            }
        });
        return true;
    }

    /** Counts every packet-in still waiting as unanswered (end of a run). */
    void expireAll() {
        testTraffic.expireAll();
    }

    /**
     * Closes the connection (end of a run) once what was already written has left, so the
     * controller never sees half a message; closes anyway after {@code maxWaitMs}.
     */
    void close(long maxWaitMs) {
        traffic = false;
        if (failure == null) {
            failure = "closed by the load generator";
        }
        if (ctx == null || !ctx.channel().isActive()) {
            if (ctx != null) {
                ctx.close();
            }
            return;
        }
        flushOut();
        ScheduledFuture<?> force = ctx.executor().schedule(() -> ctx.close(), maxWaitMs, TimeUnit.MILLISECONDS);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            force.cancel(false);
            ctx.close();
        });
    }

    /** Empty when ready, else where the handshake stands (for the error message). */
    String handshakeState() {
        return handshake.describe(spec.dpidText(), closeReason);
    }

    SwitchSnapshot snapshot() {
        long[] counters = c.clone();
        counters[Metric.WATCHED_ADDS.ordinal()] = table.watchedAdds();
        return new SwitchSnapshot(spec.dpid(), counters, testTraffic.waiting(), table.count(), table.watchedFlows(),
                table.watchedAddsConfirmed(), handshake.handshakeNs(), learned, closeReason);
    }
}
