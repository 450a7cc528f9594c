package io.skylane.southbound.bench;

import static io.skylane.southbound.bench.BenchFrames.check;
import static io.skylane.southbound.bench.BenchFrames.frame;
import static io.skylane.southbound.bench.BenchFrames.packetIn;

import io.netty.buffer.ByteBuf;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.fwd.LearningSwitch;
import java.time.Clock;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * The learning switch's packet-in path end to end, in process, per packet-in: PACKET_IN bytes
 * into the real pipeline of a READY connection ({@link ReadyChannel}), the real core managers
 * ({@link TestCore}: DeviceManager, PacketManager, FlowRuleManager behind the SwitchEventRouter),
 * the real {@link LearningSwitch}, and out to the bytes the channel writes, which are drained and
 * released in the measured operation.
 *
 * <ul>
 *   <li>{@code unknownDestination}: the destination is not learned: one PACKET_OUT to FLOOD (with
 *       the frame, or with the switch's buffer id and no data);</li>
 *   <li>{@code knownDestination}: the destination is learned on port 2: a FLOW_MOD (in_port,
 *       eth_src, eth_dst -> output 2) and a PACKET_OUT with the frame, or, when the switch buffered
 *       the packet, only the FLOW_MOD carrying the buffer id.</li>
 * </ul>
 *
 * Packet-ins come from 64 hosts on port 1 in turn (each is learned again, none moves); the frame is
 * a 60-byte UDP datagram. The learning switch runs on the system clock, as in production.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class LearningPathBenchmark {

    static final long DPID = 0x51;
    static final int HOSTS = 64;
    static final MacAddress KNOWN = MacAddress.parse("02:00:00:00:00:0b");
    static final MacAddress UNKNOWN = MacAddress.parse("02:00:00:00:00:0c");

    /** A READY switch wired to the core and the learning switch; PACKET_INs ready to send. */
    @State(Scope.Thread)
    public static class Path {
        @Param({"OF_10", "OF_13"})
        public OFVersion version;

        /** Whether the switch buffered the packets (PACKET_IN with a buffer id) or sent them whole. */
        @Param({"false", "true"})
        public boolean buffered;

        TestCore core;
        LearningSwitch app;
        ReadyChannel channel;
        ByteBuf[] toKnown = new ByteBuf[HOSTS];
        ByteBuf[] toUnknown = new ByteBuf[HOSTS];
        ByteBuf fromKnown;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            core = new TestCore();
            app = new LearningSwitch(core.packets(), core.flows(), core.devices(), Clock.systemUTC(),
                    LearningSwitch.Config.defaults());
            app.start();
            channel = ReadyChannel.ready(version, DPID, 4, core.router());
            OFFactory f = channel.factory;
            for (int i = 0; i < HOSTS; i++) {
                MacAddress host = MacAddress.of(0x0200_0000_0100L + i);
                Ip4Address ip = Ip4Address.of(0x0a00_0100 + i);
                toKnown[i] = frame(packetIn(f, 1, TestPackets.udp(host, KNOWN, ip, Ip4Address.of(0x0a00_000b),
                        40000 + i, 53), buffered, 1000 + i));
                toUnknown[i] = frame(packetIn(f, 1, TestPackets.udp(host, UNKNOWN, ip, Ip4Address.of(0x0a00_000c),
                        40000 + i, 53), buffered, 2000 + i));
            }
            fromKnown = frame(packetIn(f, 2, TestPackets.udp(KNOWN, MacAddress.of(0x0200_0000_0100L),
                    Ip4Address.of(0x0a00_000b), Ip4Address.of(0x0a00_0100), 53, 40000), buffered, 3000));
            learnKnownHost();
            checkUnknown();
            checkKnown();
        }

        /** (Re-)learns the known destination, so that it cannot age out however long the run. */
        @Setup(Level.Iteration)
        public void learnKnownHost() {
            channel.read(fromKnown);
            channel.drain();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            channel.close();
            app.stop();
            for (int i = 0; i < HOSTS; i++) {
                toKnown[i].release();
                toUnknown[i].release();
            }
            fromKnown.release();
        }

        ByteBuf next(ByteBuf[] frames) {
            return frames[next++ & (HOSTS - 1)];
        }

        /** The benchmark measures what it claims: one flood PACKET_OUT. */
        private void checkUnknown() {
            channel.read(next(toUnknown));
            List<OFMessage> sent = channel.sent();
            check(sent.size() == 1 && sent.get(0).getType() == OFType.PACKET_OUT, "unknown destination answered with "
                    + sent);
            OFPacketOut out = (OFPacketOut) sent.get(0);
            check(output(out.getActions()) == OFPort.FLOOD, "not flooded: " + out);
            check(buffered ? out.getBufferId().getInt() >= 2000 && out.getData().length == 0
                    : out.getBufferId().equals(OFBufferId.NO_BUFFER) && out.getData().length == 60, "buffer: " + out);
            next = 0;
        }

        /** The benchmark measures what it claims: FLOW_MOD (+ PACKET_OUT unless buffered). */
        private void checkKnown() {
            channel.read(next(toKnown));
            List<OFMessage> sent = channel.sent();
            check(sent.size() == (buffered ? 1 : 2) && sent.get(0).getType() == OFType.FLOW_MOD,
                    "known destination answered with " + sent);
            OFFlowMod mod = (OFFlowMod) sent.get(0);
            check(mod.getBufferId().equals(buffered ? OFBufferId.of(1000) : OFBufferId.NO_BUFFER), "buffer: " + mod);
            if (!buffered) {
                OFPacketOut out = (OFPacketOut) sent.get(1);
                check(output(out.getActions()).getPortNumber() == 2 && out.getData().length == 60, "packet-out: " + out);
            }
            next = 0;
        }

        private static OFPort output(List<OFAction> actions) {
            check(actions.size() == 1 && actions.get(0) instanceof OFActionOutput, "actions " + actions);
            return ((OFActionOutput) actions.get(0)).getPort();
        }
    }

    @Benchmark
    public int unknownDestination(Path s, Blackhole bh) {
        s.channel.read(s.next(s.toUnknown));
        return s.channel.drain(bh);
    }

    @Benchmark
    public int knownDestination(Path s, Blackhole bh) {
        s.channel.read(s.next(s.toKnown));
        return s.channel.drain(bh);
    }
}
