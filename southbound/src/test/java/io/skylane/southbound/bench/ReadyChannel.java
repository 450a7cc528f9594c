package io.skylane.southbound.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.southbound.OFTestMessages;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.channel.OFChannelInitializer;
import io.skylane.southbound.channel.SouthboundCounters;
import io.skylane.southbound.channel.SwitchRegistry;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * The controller's real OpenFlow pipeline ({@link OFChannelInitializer}: frame decoder, encoder,
 * flush consolidation, timeouts, connection) in an {@link EmbeddedChannel}, with an emulated switch
 * on the other end. {@link #ready} runs the handshake and answers every request the controller
 * sends on connect (description, the audit's flow and group reads, the barrier of its batch), so
 * nothing is pending afterwards. Everything runs on the caller's thread.
 *
 * <p>Frames go in as a read burst does in production: {@code channelRead} then
 * {@code channelReadComplete} (where the flush consolidation writes what the read caused).
 */
public final class ReadyChannel implements AutoCloseable {

    final EmbeddedChannel channel;
    final OFFactory factory;
    final SwitchRegistry registry = new SwitchRegistry();
    final SouthboundCounters counters = new SouthboundCounters();

    private ReadyChannel(OFVersion version, SouthboundListener listener) {
        this.factory = OFFactories.getFactory(version);
        this.channel = new EmbeddedChannel(DefaultChannelId.newInstance(),
                new OFChannelInitializer(OpenFlowConfig.defaults(), listener, registry, counters));
    }

    /** A connection of switch {@code dpid} with ports 1..{@code ports}, handshake done and connect requests answered. */
    static ReadyChannel ready(OFVersion version, long dpid, int ports, SouthboundListener listener) {
        ReadyChannel c = new ReadyChannel(version, listener);
        c.handshake(dpid, ports);
        return c;
    }

    /**
     * A pipeline that keeps only the handler named {@code keep} (as the initializer built it):
     * frames written inbound come out decoded, messages written outbound come out encoded.
     */
    static ReadyChannel only(OFVersion version, String keep, SouthboundListener listener) {
        ReadyChannel c = new ReadyChannel(version, listener);
        ChannelPipeline p = c.channel.pipeline();
        for (String name : new ArrayList<>(p.names())) {
            if (!name.equals(keep) && p.get(name) != null && !name.startsWith("DefaultChannelPipeline$")) {
                p.remove(name);
            }
        }
        c.drain(); // the HELLO the connection sent when the channel became active
        return c;
    }

    /** One read: the frame goes through the pipeline. Retains it, so the caller can send it again. */
    void read(ByteBuf frame) {
        frame.retain().readerIndex(0);
        channel.pipeline().fireChannelRead(frame);
        channel.pipeline().fireChannelReadComplete();
        channel.runPendingTasks();
        channel.checkException();
    }

    /** Releases everything the controller wrote; returns how many bytes that was. */
    int drain() {
        int bytes = 0;
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            bytes += b.readableBytes();
            b.release();
        }
        return bytes;
    }

    /** Releases everything the controller wrote, each buffer's length to the blackhole; returns how many buffers. */
    int drain(Blackhole bh) {
        int n = 0;
        Object o;
        while ((o = channel.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            bh.consume(b.readableBytes());
            b.release();
            n++;
        }
        return n;
    }

    /** Everything the controller wrote since the last call, parsed (for checks, not for measuring). */
    List<OFMessage> sent() {
        channel.runPendingTasks();
        List<OFMessage> out = new ArrayList<>();
        Object o;
        while ((o = channel.readOutbound()) != null) {
            out.addAll(OFTestMessages.parseAll((ByteBuf) o));
        }
        return out;
    }

    /** The switch sends a message. */
    void receive(OFMessage m) {
        ByteBuf b = Unpooled.wrappedBuffer(OFTestMessages.bytes(m));
        read(b);
        b.release();
    }

    private void handshake(long dpid, int portCount) {
        List<OFPortDesc> ports = new ArrayList<>();
        for (int i = 1; i <= portCount; i++) {
            ports.add(OFTestMessages.port(factory, i));
        }
        sent(); // HELLO
        receive(factory.getVersion() == OFVersion.OF_10 ? OFTestMessages.plainHello(factory)
                : OFTestMessages.helloWithBitmap(factory, 1, 4));
        OFMessage featuresRequest = expectOne(OFType.FEATURES_REQUEST);
        if (factory.getVersion() == OFVersion.OF_10) {
            receive(factory.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(dpid))
                    .setNBuffers(256).setNTables((short) 1).setPorts(ports).build());
        } else {
            receive(factory.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(dpid))
                    .setNBuffers(256).setNTables((short) 254).build());
            OFMessage portDesc = expectOne(OFType.STATS_REQUEST);
            receive(factory.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(ports).build());
        }
        answerUntilQuiet();
        if (registry.ready() != 1) {
            throw new IllegalStateException("switch " + dpid + " did not become ready");
        }
    }

    /** Answers statistics requests and barriers until the controller sends nothing more. */
    private void answerUntilQuiet() {
        for (int round = 0; round < 10; round++) {
            List<OFMessage> sent = sent();
            if (sent.isEmpty()) {
                return;
            }
            for (OFMessage m : sent) {
                if (m.getType() == OFType.BARRIER_REQUEST) {
                    receive(factory.buildBarrierReply().setXid(m.getXid()).build());
                } else if (m.getType() == OFType.STATS_REQUEST) {
                    receive(statsReply((OFStatsRequest<?>) m));
                }
            }
        }
        throw new IllegalStateException("the controller kept sending requests after connect");
    }

    private OFMessage statsReply(OFStatsRequest<?> request) {
        long xid = request.getXid();
        switch (request.getStatsType()) {
            case DESC:
                return factory.buildDescStatsReply().setXid(xid).setMfrDesc("Skylane").setHwDesc("bench")
                        .setSwDesc("ReadyChannel").setSerialNum("0").setDpDesc("bench switch").build();
            case FLOW:
                return factory.buildFlowStatsReply().setXid(xid).build();
            case GROUP_DESC:
                return factory.buildGroupDescStatsReply().setXid(xid).build();
            default:
                throw new IllegalStateException("unexpected request on connect: " + request);
        }
    }

    private OFMessage expectOne(OFType type) {
        List<OFMessage> sent = sent();
        if (sent.size() != 1 || sent.get(0).getType() != type) {
            throw new IllegalStateException("expected one " + type + ", controller sent " + sent);
        }
        return sent.get(0);
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
