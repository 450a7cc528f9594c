package io.skylane.southbound.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.packet.InboundPacket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Each southbound benchmark sets up (its set-up checks that it measures what it claims) and runs a
 * few operations, so a change in the channel, the core or the learning switch cannot silently
 * hollow a benchmark out. Nothing is timed.
 */
class BenchmarksRunOnceTest {

    /** The documented way to get a Blackhole outside a JMH run. */
    private static final Blackhole BH = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @ParameterizedTest
    @EnumSource(value = OFVersion.class, names = {"OF_10", "OF_13"})
    void codec(OFVersion version) {
        OpenFlowCodecBenchmark bench = new OpenFlowCodecBenchmark();

        OpenFlowCodecBenchmark.Decoder d = new OpenFlowCodecBenchmark.Decoder();
        d.version = version;
        d.setUp();
        for (int i = 0; i < 3; i++) {
            OFMessage m = bench.decodePacketIn(d);
            assertEquals(OFType.PACKET_IN, m.getType());
            assertEquals(version, m.getVersion());
        }
        d.tearDown();

        OpenFlowCodecBenchmark.ToCore c = new OpenFlowCodecBenchmark.ToCore();
        c.version = version;
        c.setUp();
        for (int i = 0; i < 3; i++) {
            InboundPacket p = bench.packetInToCore(c);
            assertNotNull(p);
            c.listener.last = null;
        }
        c.tearDown();

        OpenFlowCodecBenchmark.Encoder e = new OpenFlowCodecBenchmark.Encoder();
        e.version = version;
        e.setUp();
        int first = bench.encodeFlowMod(e);
        assertTrue(first > 0);
        assertEquals(first, bench.encodeFlowMod(e));
        e.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"flow_service", "tenant"})
    void flowModWrite(String rule) {
        FlowModWriteBenchmark bench = new FlowModWriteBenchmark();
        FlowModWriteBenchmark.Rule s = new FlowModWriteBenchmark.Rule();
        s.rule = rule;
        s.setUp();
        int length = bench.direct(s);
        assertTrue(length >= 80);
        assertEquals(length, bench.openflowj(s));
        assertEquals(length, bench.direct(s));
        s.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OF_10/false", "OF_10/true", "OF_13/false", "OF_13/true"})
    void learningPath(String params) {
        LearningPathBenchmark bench = new LearningPathBenchmark();
        LearningPathBenchmark.Path s = new LearningPathBenchmark.Path();
        s.version = OFVersion.valueOf(params.split("/")[0]);
        s.buffered = Boolean.parseBoolean(params.split("/")[1]);
        s.setUp();
        for (int i = 0; i < 2 * LearningPathBenchmark.HOSTS; i++) {
            assertEquals(1, bench.unknownDestination(s, BH));
        }
        s.learnKnownHost();
        for (int i = 0; i < 2 * LearningPathBenchmark.HOSTS; i++) {
            assertEquals(s.buffered ? 1 : 2, bench.knownDestination(s, BH));
        }
        s.tearDown();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OF_10/false", "OF_10/true", "OF_13/false", "OF_13/true"})
    void pathForwarding(String params) {
        PathForwardingBenchmark bench = new PathForwardingBenchmark();
        PathForwardingBenchmark.Path s = new PathForwardingBenchmark.Path();
        s.version = OFVersion.valueOf(params.split("/")[0]);
        s.buffered = Boolean.parseBoolean(params.split("/")[1]);
        s.setUp();
        for (int i = 0; i < 2 * PathForwardingBenchmark.HOSTS; i++) {
            assertEquals(1, bench.knownDestination(s, BH));
            assertEquals(1, bench.unknownDestination(s, BH));
            assertEquals(1, bench.newSourceFullTable(s, BH));
        }
        assertEquals(PathForwardingBenchmark.HOSTS + 1, s.hosts.hosts().size());
        s.tearDown();
    }
}
