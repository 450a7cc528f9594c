package io.skylane.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The load generator's one REST client (java.net.http), for the few calls it makes: which devices
 * are connected, the topology's summary and links, and replacing or deleting a device's static rules ({@code PUT}/{@code DELETE
 * /v1/devices/{dpid}/flows}). Requests go out concurrently (one per switch, at once) and each
 * response carries when it arrived, which is what the measurements need; the command line's API
 * client (in server, blocking, one request at a time) serves another purpose and is not shared.
 */
final class RestClient implements AutoCloseable {

    /** A response: status, body, and when it arrived (System.nanoTime). */
    record Response(int status, String body, long receivedNanos) {
        boolean ok() {
            return status >= 200 && status < 300 && status != 202;
        }
    }

    private final URI base;
    private final Duration timeout;
    private final ExecutorService executor;
    private final HttpClient client;

    private final String token;

    RestClient(URI base, Duration timeout, String token) {
        this.token = token;
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.timeout = timeout;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "skylane-bench-http");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .executor(executor).build();
    }

    private HttpRequest.Builder authorized(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    URI base() {
        return base;
    }

    /**
     * The datapath ids (16 hex digits) that {@code GET /v1/devices} lists as connected.
     *
     * @throws IOException if the API cannot be reached or answers something else than a device list
     */
    Set<String> connectedDevices() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(authorized(URI.create(base + "/v1/devices")).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /v1/devices answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        JsonNode doc;
        try {
            doc = BenchJson.read(r.body());
        } catch (JsonProcessingException e) {
            throw new IOException("GET /v1/devices: " + e.getOriginalMessage());
        }
        if (!doc.isArray()) {
            throw new IOException("GET /v1/devices did not answer a list");
        }
        Set<String> out = new HashSet<>();
        for (JsonNode device : doc) {
            if (device.path("connected").booleanValue() && device.path("id").isTextual()) {
                out.add(device.path("id").asText().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * {@code GET /v1/topology}: the summary of the current topology snapshot (devices, links, ...).
     *
     * @throws IOException if the API cannot be reached or answers something else than an object
     */
    JsonNode topology() throws IOException, InterruptedException {
        JsonNode doc = getJson("/v1/topology");
        if (!doc.isObject()) {
            throw new IOException("GET /v1/topology did not answer an object");
        }
        return doc;
    }

    /**
     * The directed links of {@code GET /v1/links}, as {@code "srcDpid/port>dstDpid/port"}.
     *
     * @throws IOException if the API cannot be reached or answers something else than a list
     */
    Set<String> links() throws IOException, InterruptedException {
        JsonNode doc = getJson("/v1/links");
        if (!doc.isArray()) {
            throw new IOException("GET /v1/links did not answer a list");
        }
        Set<String> out = new HashSet<>();
        for (JsonNode l : doc) {
            out.add(l.path("src").path("device").asText().toLowerCase(Locale.ROOT) + "/"
                    + l.path("src").path("port").asText() + ">"
                    + l.path("dst").path("device").asText().toLowerCase(Locale.ROOT) + "/"
                    + l.path("dst").path("port").asText());
        }
        return out;
    }

    /** {@code GET /v1/openflow}: the OpenFlow listener's state and counters (Skylane's own). */
    JsonNode openflow() throws IOException, InterruptedException {
        return getJson("/v1/openflow");
    }

    /** {@code GET /v1/stats}: the controller's counters by part. */
    JsonNode stats() throws IOException, InterruptedException {
        return getJson("/v1/stats");
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(authorized(URI.create(base + path)).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
        }
        try {
            return BenchJson.read(r.body());
        } catch (JsonProcessingException e) {
            throw new IOException("GET " + path + ": " + e.getOriginalMessage());
        }
    }

    CompletableFuture<Response> putFlows(String dpid, String body) {
        return send(authorized(flowsUri(dpid)).timeout(timeout).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    CompletableFuture<Response> deleteFlows(String dpid) {
        return send(authorized(flowsUri(dpid)).timeout(timeout).DELETE().build());
    }

    private URI flowsUri(String dpid) {
        return URI.create(base + "/v1/devices/" + dpid + "/flows");
    }

    private CompletableFuture<Response> send(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body(), System.nanoTime()));
    }

    static String abbreviate(String s) {
        String one = s == null ? "" : s.replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
