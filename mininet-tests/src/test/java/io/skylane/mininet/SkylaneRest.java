package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The few REST calls the scenarios make, as an orchestrator would: devices, their flows, health,
 * and GET/POST/PUT/DELETE of the tenant resources.
 * Fields used: a device's {@code id} (16 hex digits), {@code connected}, {@code version},
 * {@code ports[].name}.
 */
public final class SkylaneRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String token;

    /** A client of the controller's REST API on {@code apiPort}, as the admin ({@code token}). */
    public SkylaneRest(int apiPort, String token) {
        this.base = URI.create("http://127.0.0.1:" + apiPort);
        this.token = token;
    }

    /** GET /v1/health's status code, or empty when nothing answers. */
    public Optional<Integer> healthStatus() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return Optional.of(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** GET a path that must answer 200 with JSON. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** POST a JSON body to a path that must answer 201; returns the answer. */
    public JsonNode post(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** PUT a JSON body to a path that must answer 200 (an update); returns the answer. */
    public JsonNode put(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10)).PUT(HttpRequest.BodyPublishers.ofString(json)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** DELETE a path that must answer 204. */
    public void delete(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).DELETE().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 204) {
            throw new IOException("DELETE " + path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** GET /v1/devices: a JSON array of devices. */
    public List<JsonNode> devices() throws IOException, InterruptedException {
        JsonNode body = get("/v1/devices");
        if (!body.isArray()) {
            throw new IOException("GET /v1/devices must answer a JSON array, got: " + body);
        }
        List<JsonNode> devices = new ArrayList<>();
        body.forEach(devices::add);
        return devices;
    }

    /** GET /v1/devices/{dpid}/flows. */
    public JsonNode flows(String dpid) throws IOException, InterruptedException {
        return get("/v1/devices/" + dpid + "/flows");
    }

    /** Polls /v1/devices until at least n devices are connected; returns the connected ones. */
    public List<JsonNode> waitForSwitches(int n, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> connected = List.of();
        while (true) {
            connected = devices().stream().filter(SkylaneRest::isConnected).toList();
            if (connected.size() >= n) {
                return connected;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for " + n + " connected switches; connected: "
                        + connected.stream().map(d -> d.path("id").asText()).toList());
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Polls until the device with this dpid is connected (true) or is not (false: listed with
     * connected=false, or no longer listed).
     */
    public void waitForDevice(String dpid, boolean connected, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JsonNode> device = devices().stream().filter(d -> dpid.equals(d.path("id").asText())).findFirst();
            boolean isConnected = device.map(SkylaneRest::isConnected).orElse(false);
            if (isConnected == connected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("waited " + timeout.toSeconds() + " s for device " + dpid + " to be "
                        + (connected ? "connected" : "disconnected") + "; last seen: " + device.orElse(null));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The directed links the controller has discovered, as "srcDpid/port>dstDpid/port" strings. */
    public java.util.Set<String> links() throws IOException, InterruptedException {
        java.util.Set<String> links = new java.util.TreeSet<>();
        for (JsonNode l : get("/v1/links")) {
            links.add(l.path("src").path("device").asText() + "/" + l.path("src").path("port").asText() + ">"
                    + l.path("dst").path("device").asText() + "/" + l.path("dst").path("port").asText());
        }
        return links;
    }

    /** Polls /v1/links until it equals {@code expected}; returns what it saw last. */
    public java.util.Set<String> waitForLinks(java.util.Set<String> expected, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.Set<String> seen = links();
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = links();
        }
        return seen;
    }

    public static boolean isConnected(JsonNode device) {
        return device.path("connected").asBoolean(false);
    }
}
