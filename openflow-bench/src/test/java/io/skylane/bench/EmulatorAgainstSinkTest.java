package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator over TCP against the trivial {@link SinkController}. */
class EmulatorAgainstSinkTest {

    static BenchConfigBuilder quick(int port) {
        return BenchConfig.builder().port(port).switches(4).warmupSeconds(0).loops(2).durationMs(300)
                .connectTimeoutMs(5000).stallTimeoutMs(1500).macs(1000);
    }

    static BenchResult run(BenchConfig c) {
        List<String> lines = new ArrayList<>();
        BenchResult r = LoadGenerator.run(c, lines::add);
        System.out.println(String.join("\n", lines));
        System.out.println(r.summaryLine());
        return r;
    }

    static double num(BenchResult r, String key) {
        return ((Number) r.summary().get(key)).doubleValue();
    }

    @Test
    void throughputOf10BufferedAnsweredByPacketOuts() {
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.PACKET_OUT, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).openflow("1.0").window(64).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertEquals(0, r.exitCode());
            assertTrue(num(r, "answered/s") > 100, r.summaryLine());
            assertEquals(num(r, "answered/s"), num(r, "packet_out/s"), num(r, "answered/s") * 0.01);
            assertEquals(0, num(r, "unanswered"));
            assertEquals(0, num(r, "duplicates"));
            assertEquals(0, num(r, "unknown"));
            assertTrue(r.summaryLine().startsWith("RESULT mode=throughput of=1.0 switches=4 macs=1000 "),
                    r.summaryLine());
        }
    }

    @Test
    void flowModPlusPacketOutForOnePacketScoresOnce() throws JsonProcessingException {
        try (SinkController sink = SinkController.start("127.0.0.1", 0,
                SinkController.Answer.FLOW_MOD_AND_PACKET_OUT, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).window(32).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            double answered = num(r, "answered/s");
            assertTrue(answered > 100);
            // every packet got two answers: the first scores, the second is a duplicate
            assertEquals(answered, num(r, "flow_mod/s"), answered * 0.02);
            assertEquals(answered, num(r, "packet_out/s"), answered * 0.02);
            JsonNode doc = BenchJson.read(r.json());
            long dupes = 0;
            long byFlowMod = 0;
            long byPacketOut = 0;
            for (JsonNode s : doc.get("switches")) {
                dupes += s.get("duplicate_answers").longValue();
                byFlowMod += s.get("answered_by_flow_mod").longValue();
                byPacketOut += s.get("answered_by_packet_out").longValue();
            }
            assertTrue(dupes > 0);
            assertEquals(0, byPacketOut, "the FLOW_MOD comes first and scores; its PACKET_OUT is the duplicate");
            assertTrue(byFlowMod > 0);
        }
    }

    @Test
    void withoutBuffersPacketOutsAreMatchedByTheFrameAndFlowModsAloneAnswerNothing() {
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.PACKET_OUT, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).buffers(0).window(16).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertTrue(num(r, "answered/s") > 100);
            assertEquals(0, num(r, "unknown"));
        }
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.FLOW_MOD, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).buffers(0).window(16)
                    .answerTimeoutMs(300).build());
            assertEquals(BenchResult.Outcome.STALLED, r.outcome(), "a FLOW_MOD without buffer id forwards nothing");
            assertEquals(4, r.exitCode());
            assertTrue(r.message().contains("no PACKET_IN was answered"), r.message());
        }
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.FLOW_MOD, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).buffers(256).window(16).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), "a FLOW_MOD with the buffer id answers");
            assertEquals(num(r, "answered/s"), num(r, "flow_mod/s"), num(r, "answered/s") * 0.02);
        }
    }

    @Test
    void latencyModeReportsPercentiles() {
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.PACKET_OUT, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.LATENCY).openflow("1.3").build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertEquals(1L, ((Number) r.summary().get("window")).longValue());
            double p50 = num(r, "p50_us");
            assertTrue(p50 > 0 && p50 <= num(r, "p99_us") && num(r, "p99_us") <= num(r, "p999_us")
                    && num(r, "p999_us") <= num(r, "max_us"), r.summaryLine());
            assertTrue(r.summaryLine().contains(" p50_us="));
        }
    }

    @Test
    void stormConnectsEverySwitch() {
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.NONE, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.STORM).switches(50).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertEquals(50, sink.connections());
            assertTrue(num(r, "all_ready_ms") >= num(r, "p99_ms"));
            assertTrue(num(r, "p99_ms") >= num(r, "p50_ms") && num(r, "p50_ms") > 0);
        }
    }

    @Test
    void aControllerThatNeverAnswersEndsTheRunInBoundedTime() throws IOException {
        long start = System.nanoTime();
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.NONE, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.LATENCY).loops(100).durationMs(1000).build());
            assertEquals(BenchResult.Outcome.STALLED, r.outcome());
            assertTrue(r.summaryLine().contains("outcome=stalled"), r.summaryLine());
        }
        // a controller that accepts but never speaks: the handshake never finishes
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            BenchResult r = run(quick(silent.getLocalPort()).connectTimeoutMs(500).build());
            assertEquals(BenchResult.Outcome.CONNECTION_FAILED, r.outcome());
            assertTrue(r.message().contains("0 of 4 switches finished the handshake"), r.message());
            assertTrue(r.message().contains("HELLO not received"), r.message());
        }
        assertTrue(System.nanoTime() - start < 15e9, "bounded");
    }

    @Test
    void nothingListeningIsAConnectionFailure() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        BenchResult r = run(quick(port).build());
        assertEquals(BenchResult.Outcome.CONNECTION_FAILED, r.outcome());
        assertEquals(3, r.exitCode());
        assertTrue(r.message().contains("cannot connect"), r.message());
    }

    @Test
    void jsonDocumentHasParametersLoopsSwitchesAndMachine() throws JsonProcessingException {
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.PACKET_OUT, 1)) {
            BenchResult r = run(quick(sink.port()).mode(BenchMode.THROUGHPUT).seed(42).window(8).build());
            JsonNode doc = BenchJson.read(r.json());
            assertEquals("skylane bench", doc.get("tool").textValue());
            assertEquals("ok", doc.get("outcome").textValue());
            JsonNode params = doc.get("parameters");
            assertEquals("throughput", params.get("mode").textValue());
            assertEquals(42L, params.get("seed").longValue());
            assertEquals(8L, params.get("window").longValue());
            JsonNode machine = doc.get("machine");
            assertTrue(machine.has("java_version") && machine.has("cpus_allowed")
                    && machine.has("available_processors"), machine.toString());
            assertEquals(2, doc.get("loops").size());
            JsonNode switches = doc.get("switches");
            assertEquals(4, switches.size());
            assertEquals("0000000000000001", switches.get(0).get("dpid").textValue());
            assertTrue(doc.get("latency_us").has("p999"));
            List<String> summaryKeys = new ArrayList<>();
            doc.get("summary").fieldNames().forEachRemaining(summaryKeys::add);
            assertEquals(List.copyOf(r.summary().keySet()), summaryKeys);
        }
    }
}
