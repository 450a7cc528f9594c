package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.bench.BenchConfig;
import io.skylane.bench.BenchMode;
import io.skylane.bench.ChurnSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code skylane bench}: options, and short runs against the real controller in this JVM. */
class BenchCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        BenchCommand cmd = new BenchCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        return new CommandLine(cmd).execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isASubcommandAndMapsEveryOption() {
        assertTrue(new CommandLine(new SkylaneCommand()).getSubcommands().containsKey("bench"));
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs("--mode", "THROUGHPUT", "--controller", "10.1.2.3:6633", "--of", "1.0",
                "-s", "8", "--dpid-base", "100", "-M", "500", "--seed", "9", "--buffers", "0", "--tables", "1",
                "--ports", "2", "-w", "64", "--warmup", "0", "-l", "3", "-m", "250", "--threads", "2", "--no-stats",
                "--no-learn", "--answer-timeout", "700", "--stall-timeout", "900", "--connect-timeout", "1000",
                "--deadline", "30", "--echo-interval", "2000", "--api", "http://127.0.0.1:8181", "-K", "10",
                "--priority", "7", "--request-timeout", "5000");
        BenchConfig c = cmd.config();
        assertEquals(BenchMode.THROUGHPUT, c.mode());
        assertEquals("10.1.2.3", c.host());
        assertEquals(6633, c.port());
        assertEquals("1.0", c.openflow());
        assertEquals(8, c.switches());
        assertEquals(100, c.dpidBase());
        assertEquals(500, c.macs());
        assertEquals(9, c.seed());
        assertEquals(0, c.buffers());
        assertEquals(1, c.tables());
        assertEquals(2, c.ports());
        assertEquals(64, c.window());
        assertEquals(0, c.warmupSeconds());
        assertEquals(3, c.loops());
        assertEquals(250, c.durationMs());
        assertEquals(2, c.threads());
        assertTrue(!c.answerStats() && !c.learn());
        assertEquals(700, c.answerTimeoutMs());
        assertEquals(900, c.stallTimeoutMs());
        assertEquals(1000, c.connectTimeoutMs());
        assertEquals(30, c.deadlineSeconds());
        assertEquals(2000, c.echoIntervalMs());
        assertEquals("http://127.0.0.1:8181", c.api().orElseThrow().toString());
        assertEquals(10, c.rules());
        assertEquals(7, c.priority());
        assertEquals(5000, c.requestTimeoutMs());
        BenchCommand fabric = new BenchCommand();
        new CommandLine(fabric).parseArgs("--mode", "fabric", "--fat-tree-k", "8", "--api", "http://127.0.0.1:8181");
        assertEquals(BenchMode.FABRIC, fabric.config().mode());
        assertEquals(8, fabric.config().fatTreeK());
        assertEquals(80, fabric.config().switches());
    }

    @Test
    void defaultsAreCbenchLike() {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs();
        BenchConfig c = cmd.config();
        assertEquals(BenchMode.LATENCY, c.mode());
        assertEquals(1, c.window(), "latency mode: one outstanding");
        assertEquals(16, c.switches());
        assertEquals(100_000, c.macs());
        assertEquals(256, c.buffers());
        assertEquals(16, c.loops());
        assertEquals(1000, c.durationMs());
        assertEquals("127.0.0.1", c.host());
        assertEquals(6653, c.port());
    }

    @Test
    void badOptionsExitWith2AndSayWhy() {
        assertEquals(2, bench("--of", "1.1"));
        assertTrue(err().contains("--of must be 1.0 or 1.3"), err());
        assertEquals(2, bench("--mode", "fast"));
        assertTrue(err().contains("--mode must be"), err());
        assertEquals(2, bench("--controller", "nohost"));
        assertEquals(2, bench("--mode", "flows"));
        assertTrue(err().contains("flows mode needs --api"), err());
    }

    @Test
    void throughputStormAndFlowsAgainstTheRealController() throws Exception {
        SkylaneController controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        try {
            controller.start();
            int of = controller.openflow().boundAddresses().get(0).getPort();
            Path json = dir.resolve("tp.json");
            int code = bench("--mode", "throughput", "--controller", "127.0.0.1:" + of, "-s", "2", "-w", "16",
                    "--warmup", "0", "-l", "2", "-m", "300", "-M", "100", "--json", json.toString());
            assertEquals(0, code, err());
            String line = out().strip();
            assertTrue(line.startsWith("RESULT mode=throughput of=1.3 switches=2 "), line);
            assertTrue(line.contains(" outcome=ok"), line);
            JsonNode doc = new ObjectMapper().readTree(json.toFile());
            assertEquals("throughput", doc.path("parameters").path("mode").asText());
            assertEquals(2, doc.path("switches").size());
            assertEquals(2, doc.path("loops").size());
            assertTrue(doc.path("summary").path("answered/s").asDouble() > 0, doc.path("summary").toString());

            out.reset();
            code = bench("--mode", "storm", "--controller", "127.0.0.1:" + of, "-s", "5", "--dpid-base", "50",
                    "--api", "http://127.0.0.1:" + controller.apiPort(), "--api-token", TestConfigs.ADMIN_TOKEN);
            assertEquals(0, code, err());
            assertTrue(out().contains("RESULT mode=storm of=1.3 switches=5 all_ready_ms="), out());
            assertTrue(out().contains(" api_all_connected_ms="), out());

            out.reset();
            code = bench("--mode", "flows", "--controller", "127.0.0.1:" + of, "-s", "2", "--dpid-base", "80",
                    "-K", "20", "--api", "http://127.0.0.1:" + controller.apiPort(), "--api-token",
                    TestConfigs.ADMIN_TOKEN);
            assertEquals(0, code, err());
            assertTrue(out().contains("RESULT mode=flows of=1.3 switches=2 rules=20 "), out());
            assertTrue(out().contains(" verified=2/2 ") && out().contains(" deleted_verified=2/2 "), out());
        } finally {
            controller.close();
        }
    }

    @Test
    void churnOptionsMapToItsSettings() {
        BenchCommand cmd = new BenchCommand();
        new CommandLine(cmd).parseArgs("--mode", "churn", "--api", "http://127.0.0.1:8181", "--clients", "4",
                "--creates", "500", "--rate", "50", "--vpcs", "2", "--delete");
        BenchConfig c = cmd.config();
        assertEquals(BenchMode.CHURN, c.mode());
        assertEquals(ChurnSettings.of(4, 500, 50, 2, true), c.churn());
        assertEquals(2, bench("--mode", "churn", "--api", "http://127.0.0.1:8181", "--clients", "0"));
        assertTrue(err().contains("clients must be 1..1024"), err());
    }

    @Test
    void churnAgainstTheRealController() throws Exception {
        try (SkylaneController controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")),
                "test")) {
            controller.start();
            String api = "http://127.0.0.1:" + controller.apiPort();
            int code = bench("--mode", "churn", "--api", api, "--api-token", TestConfigs.ADMIN_TOKEN, "--clients", "3",
                    "--creates", "30", "--vpcs", "2");
            assertEquals(0, code, err());
            assertTrue(out().startsWith("RESULT mode=churn clients=3 vpcs=2 creates=30 rate/s=max creates/s="), out());
            assertTrue(out().contains(" errors=0 status=201:30 gen_cpu=") && out().contains(" outcome=ok"), out());
            assertEquals(30, listed(api, "ports"));

            out.reset();
            code = bench("--mode", "churn", "--api", api, "--api-token", TestConfigs.ADMIN_TOKEN, "--clients", "2",
                    "--creates", "10", "--delete");
            assertEquals(0, code, err());
            assertTrue(out().contains(" status=201:10 gen_cpu=") && out().contains(" delete_status=204:10 outcome=ok"), out());
            assertEquals(30, listed(api, "ports"), "the second run's ports are gone");
            assertEquals(1, listed(api, "tenants"), "and its tenant");
        }
    }

    /** How many resources the admin's {@code GET /v1/<plural>} lists (one page of up to 1000). */
    private static int listed(String api, String plural) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api + "/v1/" + plural))
                .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new ObjectMapper().readTree(r.body()).path(plural).size();
    }

    @Test
    void holdModeKeepsTheSwitchesConnectedToTheRealControllerUntilItsDeadline() throws Exception {
        SkylaneController controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        try {
            controller.start();
            int of = controller.openflow().boundAddresses().get(0).getPort();
            int code = bench("--mode", "hold", "--controller", "127.0.0.1:" + of, "-s", "2", "--ports", "3",
                    "--buffers", "0", "--dpid-base", "90", "--deadline", "3");
            assertEquals(0, code, err());
            assertTrue(out().startsWith("RESULT mode=hold of=1.3 switches=2 ports=3 "), out());
            assertTrue(out().contains(" connected=2 ") && out().contains(" outcome=ok"), out());
            assertTrue(err().contains("2 switches with 3 ports each ready"), err());
        } finally {
            controller.close();
        }
    }

    @Test
    void nothingListeningExitsNonZero() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertEquals(3, bench("--controller", "127.0.0.1:" + port, "-s", "1"));
        assertTrue(out().contains("outcome=connection_failed"), out());
        assertTrue(err().contains("cannot connect"), err());
    }

    @Test
    void sinkModeRunsTheReferenceControllerForItsDeadline() {
        assertEquals(0, bench("--mode", "sink", "--listen", "127.0.0.1:0", "--deadline", "1", "--answer", "both"));
        assertTrue(out().startsWith("RESULT mode=sink connections=0 packet_ins=0"), out());
        assertEquals(2, bench("--mode", "sink", "--answer", "maybe"));
    }
}
