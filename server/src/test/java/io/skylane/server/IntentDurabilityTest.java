package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller as a separate process, killed with SIGKILL in the middle of a burst of writes:
 * after a restart on the same data directory every acknowledged write is there, exactly as it was
 * answered, and nothing allocated twice.
 */
class IntentDurabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "durability-admin-token-0123456789";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private int apiPort;

    private Process launch() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SkylaneCommand.class.getName(), "run", "--openflow-port", "0", "--openflow-address", "127.0.0.1",
                "--api-port", Integer.toString(apiPort), "--api-address", "127.0.0.1", "--data-dir", dir.toString());
        pb.environment().put("SKYLANE_ADMIN_TOKEN", TOKEN);
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("controller.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "the controller exited early; see " + dir.resolve("controller.log"));
            try {
                if (send("GET", "/v1/health", null).statusCode() == 200) {
                    return p;
                }
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the controller did not answer in 60 s");
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode created(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", path, body);
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void everyAcknowledgedWriteSurvivesAKillDuringABurst() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            apiPort = s.getLocalPort();
        }
        Process p = launch();
        String tenant = created("/v1/tenants", "{\"tenant\":{\"name\":\"durable\"}}").at("/tenant/id").asText();
        String vpc = created("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\"" + tenant + "\"}}").at("/vpc/id").asText();
        created("/v1/subnets", "{\"subnet\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc
                + "\",\"cidr\":\"10.20.0.0/16\"}}");

        // A burst from 6 writers; record every answer the controller acknowledged (201).
        Map<String, JsonNode> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(6);
        for (int w = 0; w < 6; w++) {
            final int writer = w;
            writers.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String path = writer % 2 == 0 ? "/v1/ports" : "/v1/vpcs";
                    String body = writer % 2 == 0
                            ? "{\"port\":{\"tenant_id\":\"" + tenant + "\",\"vpc_id\":\"" + vpc + "\",\"name\":\"w" + writer + "-" + i + "\"}}"
                            : "{\"vpc\":{\"tenant_id\":\"" + tenant + "\",\"name\":\"w" + writer + "-" + i + "\"}}";
                    try {
                        HttpResponse<String> r = send("POST", path, body);
                        if (r.statusCode() == 201) {
                            JsonNode j = JSON.readTree(r.body());
                            JsonNode res = j.has("port") ? j.get("port") : j.get("vpc");
                            acknowledged.put((j.has("port") ? "/v1/ports/" : "/v1/vpcs/") + res.get("id").asText(), res);
                        }
                    } catch (IOException e) {
                        return; // the controller is gone: this write was never acknowledged
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < until || acknowledged.size() < 50) {
            Thread.sleep(20);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        p.waitFor(10, TimeUnit.SECONDS);
        stop.set(true);
        writers.shutdown();
        assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
        Map<String, JsonNode> acked = Map.copyOf(acknowledged);
        assertTrue(acked.size() >= 50, "the burst acknowledged " + acked.size() + " writes");

        Process again = launch();
        try {
            for (Map.Entry<String, JsonNode> e : acked.entrySet()) {
                HttpResponse<String> r = send("GET", e.getKey(), null);
                assertEquals(200, r.statusCode(), "acknowledged " + e.getKey() + " is lost after the kill");
                JsonNode got = JSON.readTree(r.body());
                JsonNode res = got.has("port") ? got.get("port") : got.get("vpc");
                assertEquals(e.getValue(), res, "acknowledged " + e.getKey() + " came back different");
            }
            // Nothing allocated twice, whether or not its answer made it out before the kill.
            JsonNode ports = JSON.readTree(send("GET", "/v1/ports", null).body()).get("ports");
            Set<String> ips = new HashSet<>();
            Set<String> macs = new HashSet<>();
            for (JsonNode port : ports) {
                assertTrue(ips.add(port.at("/fixed_ips/0/ip_address").asText()));
                assertTrue(macs.add(port.get("mac_address").asText()));
            }
            List<Integer> segments = new ArrayList<>();
            for (JsonNode v : JSON.readTree(send("GET", "/v1/vpcs", null).body()).get("vpcs")) {
                segments.add(v.get("segment_id").asInt());
            }
            assertEquals(segments.size(), new HashSet<>(segments).size());
            // And the store takes writes again.
            created("/v1/vpcs", "{\"vpc\":{\"tenant_id\":\"" + tenant + "\"}}");
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
