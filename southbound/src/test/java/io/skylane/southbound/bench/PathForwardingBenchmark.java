package io.skylane.southbound.bench;

import static io.skylane.southbound.bench.BenchFrames.check;
import static io.skylane.southbound.bench.BenchFrames.frame;
import static io.skylane.southbound.bench.BenchFrames.packetIn;

import com.google.common.util.concurrent.MoreExecutors;
import io.netty.buffer.ByteBuf;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.PortClaims;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.fwd.PathForwarding;
import io.skylane.topology.host.HostTracker;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.ManualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.types.OFBufferId;

/**
 * The default forwarding app's packet-in path end to end, in process, per packet-in: PACKET_IN
 * bytes into the real pipeline of a READY connection ({@link ReadyChannel}), the real core
 * managers ({@link TestCore}), the packet processors the server runs in {@code forwarding.mode:
 * path} (link discovery, the host tracker, path forwarding; the tenant data plane, which blocks
 * only packets of claimed ports, is outside this module's reach), and out to the bytes the channel
 * writes, drained and released in the measured operation.
 *
 * <ul>
 *   <li>{@code knownDestination}: from one of 64 learned hosts on port 1 to a learned host on port
 *       2: one PACKET_OUT to port 2 (with the frame, or with the switch's buffer id);</li>
 *   <li>{@code unknownDestination}: to a MAC nobody has: one PACKET_OUT flooding the switch's
 *       other edge ports;</li>
 *   <li>{@code newSourceFullTable}: to the learned host, each from a source MAC never seen, with
 *       the host table full: the host tracker refuses the MAC, path forwarding delivers (the state
 *       of a cbench-style load after its first seconds, where every packet-in has a new source).</li>
 * </ul>
 *
 * The frame is a 60-byte UDP datagram; updates run on the calling thread (direct executors), and
 * none happens in the measured operations (the hosts are learned in set-up, and the set-up checks
 * that no FLOW_MOD follows a measured packet-in).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class PathForwardingBenchmark {

    static final long DPID = 0x52;
    static final int HOSTS = 64;
    /** Distinct never-learned source MACs cycled through by {@code newSourceFullTable}. */
    static final int NEW_SOURCES = 1024;
    static final MacAddress KNOWN = MacAddress.parse("02:00:00:00:00:0b");
    static final Ip4Address KNOWN_IP = Ip4Address.of(0x0a00_000b);
    static final MacAddress UNKNOWN = MacAddress.parse("02:00:00:00:00:0c");

    /** A READY switch wired to the core and the path-mode processors; PACKET_INs ready to send. */
    @State(Scope.Thread)
    public static class Path {
        @Param({"OF_10", "OF_13"})
        public OFVersion version;

        /** Whether the switch buffered the packets (PACKET_IN with a buffer id) or sent them whole. */
        @Param({"false", "true"})
        public boolean buffered;

        TestCore core;
        ManualScheduler timers;
        LinkDiscovery discovery;
        TopologyManager topology;
        HostTracker hosts;
        PathForwarding app;
        ReadyChannel channel;
        ByteBuf[] toKnown = new ByteBuf[HOSTS];
        ByteBuf[] toUnknown = new ByteBuf[HOSTS];
        ByteBuf[] fromNew = new ByteBuf[NEW_SOURCES];
        int next;

        @Setup
        public void setUp() {
            core = new TestCore();
            timers = new ManualScheduler();
            discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), timers,
                    LinkDiscovery.Config.defaults());
            topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
                    MoreExecutors.directExecutor());
            // room for the 64 sources and the known destination, no more: newSourceFullTable meets a full table
            hosts = new HostTracker(core.packets(), topology, core.events(), core.clock(), timers,
                    new HostTracker.Config(HOSTS + 1, Duration.ofHours(1)));
            app = new PathForwarding(core.packets(), core.flows(), core.devices(), topology, hosts, new PortClaims(),
                    core.clock(), MoreExecutors.directExecutor(), PathForwarding.Config.defaults());
            topology.start();
            discovery.start();
            hosts.start();
            app.start();
            channel = ReadyChannel.ready(version, DPID, 4, core.router());
            OFFactory f = channel.factory;
            ByteBuf fromKnown = frame(packetIn(f, 2, TestPackets.udp(KNOWN, MacAddress.of(0x0200_0000_0100L),
                    KNOWN_IP, Ip4Address.of(0x0a00_0100), 53, 40000), buffered, 3000));
            channel.read(fromKnown);
            fromKnown.release();
            for (int i = 0; i < HOSTS; i++) {
                MacAddress host = MacAddress.of(0x0200_0000_0100L + i);
                Ip4Address ip = Ip4Address.of(0x0a00_0100 + i);
                toKnown[i] = frame(packetIn(f, 1, TestPackets.udp(host, KNOWN, ip, KNOWN_IP, 40000 + i, 53), buffered,
                        1000 + i));
                toUnknown[i] = frame(packetIn(f, 1, TestPackets.udp(host, UNKNOWN, ip, Ip4Address.of(0x0a00_000c),
                        40000 + i, 53), buffered, 2000 + i));
                channel.read(toKnown[i]); // learns the source
            }
            for (int i = 0; i < NEW_SOURCES; i++) {
                MacAddress host = MacAddress.of(0x0200_0001_0000L + i);
                Ip4Address ip = Ip4Address.of(0x0a01_0000 + i);
                fromNew[i] = frame(packetIn(f, 1, TestPackets.udp(host, KNOWN, ip, KNOWN_IP, 40000, 53), buffered,
                        4000 + i));
            }
            channel.drain();
            check(hosts.hosts().size() == HOSTS + 1, "hosts learned: " + hosts.hosts().size());
            checkAnswer(toKnown, 2);
            checkAnswer(toUnknown, -1);
            checkAnswer(fromNew, 2);
            check(hosts.hosts().size() == HOSTS + 1, "hosts after the checks: " + hosts.hosts().size());
            next = 0;
        }

        @TearDown
        public void tearDown() {
            channel.close();
            app.stop();
            hosts.stop();
            discovery.stop();
            topology.stop();
            for (int i = 0; i < HOSTS; i++) {
                toKnown[i].release();
                toUnknown[i].release();
            }
            for (ByteBuf b : fromNew) {
                b.release();
            }
        }

        ByteBuf next(ByteBuf[] frames) {
            return frames[(next++ & Integer.MAX_VALUE) % frames.length];
        }

        /**
         * The benchmark measures what it claims: exactly one PACKET_OUT, out of {@code port} (or, for
         * -1, out of the other edge ports 2, 3 and 4), carrying the buffer id or the frame, no FLOW_MOD.
         */
        private void checkAnswer(ByteBuf[] frames, int port) {
            next = 0;
            for (int i = 0; i < 3; i++) {
                channel.read(next(frames));
                List<OFMessage> sent = channel.sent();
                check(sent.size() == 1 && sent.get(0).getType() == OFType.PACKET_OUT, "answered with " + sent);
                OFPacketOut out = (OFPacketOut) sent.get(0);
                List<Integer> ports = out.getActions().stream().map(PathForwardingBenchmark::output).toList();
                check(port > 0 ? ports.equals(List.of(port)) : ports.equals(List.of(2, 3, 4)), "outputs " + ports);
                check(buffered ? !out.getBufferId().equals(OFBufferId.NO_BUFFER) && out.getData().length == 0
                        : out.getBufferId().equals(OFBufferId.NO_BUFFER) && out.getData().length == 60, "buffer: " + out);
            }
        }
    }

    private static int output(OFAction a) {
        check(a instanceof OFActionOutput, "action " + a);
        return ((OFActionOutput) a).getPort().getPortNumber();
    }

    @Benchmark
    public int knownDestination(Path s, Blackhole bh) {
        s.channel.read(s.next(s.toKnown));
        return s.channel.drain(bh);
    }

    @Benchmark
    public int unknownDestination(Path s, Blackhole bh) {
        s.channel.read(s.next(s.toUnknown));
        return s.channel.drain(bh);
    }

    @Benchmark
    public int newSourceFullTable(Path s, Blackhole bh) {
        s.channel.read(s.next(s.fromNew));
        return s.channel.drain(bh);
    }
}
