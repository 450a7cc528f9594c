package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.PortStatistics;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.FlowStatsDecoder;
import io.skylane.southbound.translate.GroupTranslator;
import io.skylane.southbound.translate.PacketOutEncoder;
import io.skylane.southbound.translate.PacketTooLargeException;
import io.skylane.southbound.translate.PortTranslator;
import io.skylane.southbound.translate.StatsRequests;
import io.skylane.southbound.translate.UndecodableException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link SwitchHandle} of one ready connection. Messages are encoded on the caller's thread
 * (a rule the switch's version cannot express fails there); the connection's state (pending
 * requests) is touched only on its event loop, so calls from other threads are handed over.
 * Writes are flushed once per burst by the pipeline's flush consolidation.
 */
final class OFSwitch implements SwitchHandle {

    private static final Logger log = LoggerFactory.getLogger(OFSwitch.class);

    /** A PACKET_OUT carrying an LLDP probe or a small frame: the first guess of a batch's buffer. */
    private static final int TYPICAL_PACKET_OUT_BYTES = 160;

    private final OFConnection conn;
    /** A fresh transaction id per PACKET_OUT (one object, not a lambda per packet-out). */
    private final LongSupplier packetOutXids;
    private final DeviceId deviceId;
    private final OFFactory factory;
    private final ProtocolVersion version;
    private final InetSocketAddress remote;
    private final Channel channel;
    private final EventLoop loop;
    private volatile boolean connected = true;
    /** A packet-out too large to send is logged at WARN once per connection. */
    private volatile boolean tooLargeLogged;

    OFSwitch(OFConnection conn, DeviceId deviceId, OFFactory factory, InetSocketAddress remote, Channel channel) {
        this.conn = conn;
        this.packetOutXids = () -> PendingBatch.unsigned(conn.nextXid());
        this.deviceId = deviceId;
        this.factory = factory;
        this.version = factory.getVersion() == OFVersion.OF_10 ? ProtocolVersion.OF_10 : ProtocolVersion.OF_13;
        this.remote = remote;
        this.channel = channel;
        this.loop = channel.eventLoop();
    }

    @Override
    public DeviceId deviceId() {
        return deviceId;
    }

    @Override
    public ProtocolVersion version() {
        return version;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    void markDisconnected() {
        connected = false;
    }

    @Override
    public CompletableFuture<BatchResult> apply(List<SwitchOp> ops) {
        CompletableFuture<BatchResult> future = new CompletableFuture<>();
        if (!connected) {
            future.completeExceptionally(new SwitchDisconnectedException(deviceId));
            return future;
        }
        PendingBatch batch;
        try {
            batch = PendingBatch.encode(ops, deviceId, factory, conn::nextXids, channel.alloc(), future);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
            return future;
        }
        if (loop.inEventLoop()) {
            conn.requests().start(batch);
            return future;
        }
        try {
            loop.execute(() -> conn.requests().start(batch));
        } catch (RejectedExecutionException e) {
            batch.discardFrames();
            future.completeExceptionally(new SwitchDisconnectedException(deviceId));
        }
        return future;
    }

    @Override
    public void sendTransientFlow(FlowRule rule, OptionalInt bufferId) {
        if (!rule.deviceId().equals(deviceId)) {
            throw new IllegalArgumentException("rule for switch " + rule.deviceId() + " sent to switch " + deviceId);
        }
        OFMessage m = FlowModEncoder.flowMod(SwitchOp.Kind.ADD, rule, factory, PendingBatch.unsigned(conn.nextXid()),
                bufferId);
        if (connected) {
            write(m);
        } else {
            log.debug("switch {} is disconnected: dropping transient flow", deviceId);
        }
    }

    @Override
    public void packetOut(OutboundPacket packet) {
        List<OFPacketOut> messages = encode(packet);
        if (messages.isEmpty()) {
            return;
        }
        if (!connected || !channel.isWritable()) {
            conn.counters().increment(Counter.PACKET_OUT_DROPPED);
            return;
        }
        if (messages.size() > 1) {
            conn.counters().increment(Counter.PACKET_OUT_SPLIT);
        }
        for (int i = 0; i < messages.size(); i++) { // no iterator on the packet-in path
            write(messages.get(i));
        }
    }

    /**
     * Writes every packet's PACKET_OUTs into one buffer and hands it to the connection in one
     * write (one task for the event loop and one flush, rather than one per packet): the same
     * messages, in the same order, as {@link #packetOut} for each packet.
     */
    @Override
    public void packetOutAll(List<OutboundPacket> packets) {
        for (int i = 0; i < packets.size(); i++) {
            checkDevice(packets.get(i));
        }
        if (!connected || !channel.isWritable()) {
            conn.counters().add(Counter.PACKET_OUT_DROPPED, packets.size());
            return;
        }
        ByteBuf frames = channel.alloc().buffer(packets.size() * TYPICAL_PACKET_OUT_BYTES);
        int messages = 0;
        try {
            for (int i = 0; i < packets.size(); i++) {
                List<OFPacketOut> encoded = encode(packets.get(i));
                if (encoded.size() > 1) {
                    conn.counters().increment(Counter.PACKET_OUT_SPLIT);
                }
                for (int j = 0; j < encoded.size(); j++) {
                    encoded.get(j).writeTo(frames);
                }
                messages += encoded.size();
            }
        } catch (RuntimeException e) {
            frames.release();
            throw e;
        }
        if (messages == 0) {
            frames.release();
            return;
        }
        int count = messages;
        if (loop.inEventLoop()) {
            conn.sendEncoded(frames, count);
            return;
        }
        try {
            loop.execute(() -> conn.sendEncoded(frames, count));
        } catch (RejectedExecutionException e) {
            frames.release();
            conn.counters().add(Counter.PACKET_OUT_DROPPED, packets.size());
        }
    }

    private void checkDevice(OutboundPacket packet) {
        if (!packet.deviceId().equals(deviceId)) {
            throw new IllegalArgumentException("packet for switch " + packet.deviceId() + " sent to switch " + deviceId);
        }
    }

    /** The PACKET_OUTs of one packet; none (counted, logged) if OpenFlow cannot carry it. */
    private List<OFPacketOut> encode(OutboundPacket packet) {
        checkDevice(packet);
        List<OFPacketOut> messages;
        try {
            messages = PacketOutEncoder.encode(packet, factory, packetOutXids);
        } catch (PacketTooLargeException e) {
            conn.counters().increment(Counter.PACKET_OUT_TOO_LARGE);
            if (!tooLargeLogged) {
                tooLargeLogged = true;
                log.warn("switch {}: dropping a packet-out OpenFlow cannot carry (further ones at DEBUG): {}",
                        deviceId, e.getMessage());
            } else {
                log.debug("switch {}: dropping a packet-out: {}", deviceId, e.getMessage());
            }
            return List.of();
        }
        return messages;
    }

    @Override
    public CompletableFuture<List<FlowEntry>> requestFlows() {
        return request(StatsRequests.flows(factory, PendingBatch.unsigned(conn.nextXid())),
                (PendingRequests.ReplyDecoder<FlowEntry>) (reply, into) -> {
                    for (OFFlowStatsEntry e : ((OFFlowStatsReply) reply).getEntries()) {
                        try {
                            into.add(FlowStatsDecoder.toCore(e, deviceId));
                        } catch (UndecodableException ex) {
                            conn.undecodable("flow entry", ex);
                        }
                    }
                });
    }

    @Override
    public CompletableFuture<List<GroupDescription>> requestGroups() {
        if (version == ProtocolVersion.OF_10) {
            return CompletableFuture.completedFuture(List.of());
        }
        return request(StatsRequests.groupDesc(factory, PendingBatch.unsigned(conn.nextXid())),
                (PendingRequests.ReplyDecoder<GroupDescription>) (reply, into) -> {
                    for (OFGroupDescStatsEntry e : ((OFGroupDescStatsReply) reply).getEntries()) {
                        try {
                            into.add(GroupTranslator.toCore(e, deviceId));
                        } catch (UndecodableException ex) {
                            conn.undecodable("group", ex);
                        }
                    }
                });
    }

    @Override
    public CompletableFuture<List<PortStatistics>> requestPortStatistics() {
        return request(StatsRequests.portStats(factory, PendingBatch.unsigned(conn.nextXid())),
                (PendingRequests.ReplyDecoder<PortStatistics>) (reply, into) -> {
                    for (OFPortStatsEntry e : ((OFPortStatsReply) reply).getEntries()) {
                        into.add(PortTranslator.toCore(e));
                    }
                });
    }

    @Override
    public void disconnect(String reason) {
        Runnable task = () -> conn.disconnect(reason);
        if (loop.inEventLoop()) {
            task.run();
        } else {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException e) {
                log.debug("switch {}: event loop already shut down", deviceId);
            }
        }
    }

    private <T> CompletableFuture<List<T>> request(OFStatsRequest<?> request, PendingRequests.ReplyDecoder<T> decoder) {
        CompletableFuture<List<T>> future = new CompletableFuture<>();
        if (!connected) {
            future.completeExceptionally(new SwitchDisconnectedException(deviceId));
            return future;
        }
        onLoop(() -> conn.requests().start(request, decoder, future), future);
        return future;
    }

    private void write(OFMessage m) {
        if (loop.inEventLoop()) {
            conn.send(m);
        } else {
            channel.writeAndFlush(m, channel.voidPromise());
        }
    }

    private void onLoop(Runnable task, CompletableFuture<?> future) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new SwitchDisconnectedException(deviceId));
        }
    }

    @Override
    public String toString() {
        return "OFSwitch{" + deviceId + " " + remote + " OF" + version.text() + (connected ? "" : " disconnected") + "}";
    }
}
