package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.skylane.southbound.OFTestMessages;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.RecordingListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A switch on the other end of an {@link EmbeddedChannel} that runs the real pipeline: what it
 * "sends" is encoded to bytes and written inbound; what the controller wrote is parsed back.
 */
final class SwitchPeer implements AutoCloseable {

    final EmbeddedChannel ch;
    final RecordingListener listener;
    final SouthboundCounters counters;
    final SwitchRegistry registry;
    private final OFConnection conn;

    SwitchPeer(OpenFlowConfig config, RecordingListener listener, SwitchRegistry registry, SouthboundCounters counters) {
        this.listener = listener;
        this.registry = registry;
        this.counters = counters;
        // distinct ids: the registry's channel group tells channels apart by id
        this.ch = new EmbeddedChannel(io.netty.channel.DefaultChannelId.newInstance(),
                new OFChannelInitializer(config, listener, registry, counters));
        this.conn = ch.pipeline().get(OFConnection.class);
    }

    SwitchPeer() {
        this(OpenFlowConfig.defaults());
    }

    SwitchPeer(OpenFlowConfig config) {
        this(config, new RecordingListener(), new SwitchRegistry(), new SouthboundCounters());
    }

    /** The connection handler (still reachable after the channel closed). */
    OFConnection connection() {
        return conn;
    }

    String state() {
        return connection().state().name();
    }

    long counter(SouthboundCounters.Counter c) {
        return counters.get(c);
    }

    /** The switch sends messages. */
    void receive(OFMessage... messages) {
        for (OFMessage m : messages) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes(m)));
        }
        ch.runPendingTasks();
    }

    /** The switch sends raw bytes. */
    void receiveBytes(byte[] b) {
        ch.writeInbound(Unpooled.wrappedBuffer(b));
        ch.runPendingTasks();
    }

    /** Everything the controller sent since the last call, parsed. */
    List<OFMessage> sent() {
        ch.runPendingTasks();
        List<OFMessage> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.addAll(OFTestMessages.parseAll((ByteBuf) o));
        }
        return out;
    }

    /** Each write the controller made since the last call (one buffer each), parsed. */
    List<List<OFMessage>> sentWrites() {
        ch.runPendingTasks();
        List<List<OFMessage>> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            out.add(OFTestMessages.parseAll((ByteBuf) o));
        }
        return out;
    }

    /** The one message the controller sent since the last call. */
    OFMessage sentOne() {
        List<OFMessage> s = sent();
        assertEquals(1, s.size(), "expected one message, got " + s);
        return s.get(0);
    }

    static List<OFType> types(List<OFMessage> messages) {
        return messages.stream().map(OFMessage::getType).toList();
    }

    /** Virtual time passes; timers due run. */
    void advance(Duration d) {
        ch.advanceTimeBy(d.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    /** Runs a 1.3 handshake to READY with the given ports; returns what the controller sent at READY. */
    List<OFMessage> handshake13(long dpid, OFPortDesc... ports) {
        OFFactory f = OFTestMessages.OF13;
        sent(); // our HELLO
        receive(OFTestMessages.helloWithBitmap(f, 1, 4));
        OFMessage featuresRequest = sentOne();
        receive(f.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(dpid))
                .setNBuffers(256).setNTables((short) 254).build());
        OFMessage portDesc = sentOne();
        receive(f.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(ports)).build());
        assertTrue(connection().state() == ReadyState.INSTANCE, "not ready: " + state());
        return sent();
    }

    /** Runs a 1.0 handshake to READY; returns what the controller sent at READY. */
    List<OFMessage> handshake10(long dpid, OFPortDesc... ports) {
        OFFactory f = OFTestMessages.OF10;
        sent();
        receive(OFTestMessages.plainHello(f));
        OFMessage featuresRequest = sentOne();
        receive(f.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(dpid))
                .setNBuffers(256).setNTables((short) 1).setPorts(List.of(ports)).build());
        assertTrue(connection().state() == ReadyState.INSTANCE, "not ready: " + state());
        return sent();
    }

    /** The (only) statistics request of the given kind in {@code messages}. */
    static OFStatsRequest<?> statsRequest(List<OFMessage> messages) {
        List<OFMessage> r = messages.stream().filter(m -> m.getType() == OFType.STATS_REQUEST).toList();
        assertEquals(1, r.size(), "expected one stats request in " + messages);
        return (OFStatsRequest<?>) r.get(0);
    }

    static java.util.Set<OFStatsReplyFlags> more() {
        return java.util.EnumSet.of(OFStatsReplyFlags.REPLY_MORE);
    }

    static boolean is13(OFMessage m) {
        return m.getVersion() == OFVersion.OF_13;
    }

    @Override
    public void close() {
        ch.finishAndReleaseAll();
    }
}
