package io.skylane.southbound.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.translate.FlowModEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * The OpenFlow codec on the hot path, per message, for OpenFlow 1.0 and 1.3:
 *
 * <ul>
 *   <li>{@code decodePacketIn}: the golden PACKET_IN bytes ({@code golden/of1x/packet_in.bin}, an ARP
 *       request) through the pipeline's frame decoder (header checks, openflowj's reader) to an
 *       {@code OFPacketIn};</li>
 *   <li>{@code packetInToCore}: the same bytes through the whole pipeline of a READY connection to
 *       the {@link InboundPacket} the core receives (decoder, connection state, translation);</li>
 *   <li>{@code encodeFlowMod}: the learning switch's rule (in_port, eth_src, eth_dst -> output, idle
 *       timeout, removal notification) through {@link FlowModEncoder} and the pipeline's encoder to
 *       bytes in a buffer of the channel's allocator.</li>
 * </ul>
 *
 * Buffers are direct, as a socket read gives them, and reused: the measured code allocates what
 * production allocates, the harness nothing.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class OpenFlowCodecBenchmark {

    static final long DPID = 0xd1;

    /** A pipeline with only the frame decoder, and the golden PACKET_IN of the version. */
    @State(Scope.Thread)
    public static class Decoder {
        @Param({"OF_10", "OF_13"})
        public OFVersion version;

        ReadyChannel channel;
        ByteBuf frame;

        @Setup(Level.Trial)
        public void setUp() {
            channel = ReadyChannel.only(version, "frameDecoder", new LastPacketIn());
            frame = golden(version, "packet_in");
            OFMessage m = decode(this);
            if (m.getType() != OFType.PACKET_IN || m.getVersion() != version) {
                throw new IllegalStateException("decoded " + m);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            frame.release();
            channel.close();
        }
    }

    /** A READY connection whose listener keeps the last packet-in. */
    @State(Scope.Thread)
    public static class ToCore {
        @Param({"OF_10", "OF_13"})
        public OFVersion version;

        ReadyChannel channel;
        LastPacketIn listener = new LastPacketIn();
        ByteBuf frame;

        @Setup(Level.Trial)
        public void setUp() {
            channel = ReadyChannel.ready(version, DPID, 2, listener);
            frame = golden(version, "packet_in");
            InboundPacket p = toCore(this);
            if (p == null || p.inPort().value() != 1 || p.data().length != 60) {
                throw new IllegalStateException("packet-in not delivered: " + p);
            }
            listener.last = null;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            frame.release();
            channel.close();
        }
    }

    /** A pipeline with only the message encoder, and the learning switch's rule. */
    @State(Scope.Thread)
    public static class Encoder {
        @Param({"OF_10", "OF_13"})
        public OFVersion version;

        ReadyChannel channel;
        FlowRule rule;
        long xid;

        @Setup(Level.Trial)
        public void setUp() {
            channel = ReadyChannel.only(version, "messageEncoder", new LastPacketIn());
            rule = FlowRule.builder().device(DeviceId.of(DPID)).table(0).priority(10)
                    .match(Match.builder().add(Criterion.inPort(PortNumber.of(1)))
                            .add(Criterion.ethSrc(MacAddress.parse("02:00:00:00:00:0a")))
                            .add(Criterion.ethDst(MacAddress.parse("02:00:00:00:00:0b"))).build())
                    .apply(Action.output(PortNumber.of(2))).app(AppId.of(10, "l2-learning")).idleTimeout(30)
                    .notifyRemoval(true).build();
            channel.channel.writeAndFlush(flowMod(this), channel.channel.voidPromise());
            List<OFMessage> sent = channel.sent();
            if (sent.size() != 1 || sent.get(0).getType() != OFType.FLOW_MOD || sent.get(0).getVersion() != version) {
                throw new IllegalStateException("encoded " + sent);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            channel.close();
        }
    }

    @Benchmark
    public OFMessage decodePacketIn(Decoder s) {
        return decode(s);
    }

    @Benchmark
    public InboundPacket packetInToCore(ToCore s) {
        return toCore(s);
    }

    @Benchmark
    public int encodeFlowMod(Encoder s) {
        s.channel.channel.writeAndFlush(flowMod(s), s.channel.channel.voidPromise());
        return s.channel.drain();
    }

    static OFMessage decode(Decoder s) {
        s.channel.read(s.frame);
        return s.channel.channel.readInbound();
    }

    static InboundPacket toCore(ToCore s) {
        s.channel.read(s.frame);
        return s.listener.last;
    }

    static OFMessage flowMod(Encoder s) {
        return FlowModEncoder.flowMod(SwitchOp.Kind.ADD, s.rule, s.channel.factory, ++s.xid & 0xffffffffL,
                OptionalInt.empty());
    }

    /** The golden message {@code golden/of10|of13/<name>.bin}, in a direct buffer. */
    static ByteBuf golden(OFVersion version, String name) {
        String path = "/golden/" + (version == OFVersion.OF_10 ? "of10" : "of13") + "/" + name + ".bin";
        try (InputStream in = OpenFlowCodecBenchmark.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            byte[] bytes = in.readAllBytes();
            return Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A southbound listener that keeps the last packet-in and ignores everything else. */
    static final class LastPacketIn implements SouthboundListener {
        InboundPacket last;

        @Override
        public void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
        }

        @Override
        public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        }

        @Override
        public void switchDisconnected(SwitchHandle sw, String reason) {
        }

        @Override
        public void portChanged(SwitchHandle sw, PortChange change, Port port) {
        }

        @Override
        public void packetIn(SwitchHandle sw, InboundPacket packet) {
            last = packet;
        }

        @Override
        public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
        }

        @Override
        public void errorReceived(SwitchHandle sw, SwitchError error) {
        }
    }
}
