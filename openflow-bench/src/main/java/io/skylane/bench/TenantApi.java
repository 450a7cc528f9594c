package io.skylane.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One HTTP client of the tenant churn run, as an orchestrator would be: its own connection
 * (java.net.http, HTTP/1.1, kept alive), blocking requests one at a time, a bearer token (the
 * admin's to make the tenant, the tenant's own for everything else, as docs/api.md describes).
 * {@link #post} and {@link #delete} answer whatever came back; {@link #create} is for the set-up
 * and throws unless the resource was created.
 */
final class TenantApi implements AutoCloseable {

    /** A REST call that did not do what the set-up needed. */
    static final class ApiFailure extends Exception {
        ApiFailure(String message) {
            super(message);
        }
    }

    /** A tenant as created: its id and its first token's secret. */
    record Tenant(String id, String token) {
    }

    private final String base;
    private final Duration timeout;
    private final String token;
    private final HttpClient client;

    TenantApi(URI base, Duration timeout, String token) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.timeout = timeout;
        this.token = token;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    /** The same API with another token (and a connection of its own). */
    TenantApi as(String otherToken) {
        return new TenantApi(URI.create(base), timeout, otherToken);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** POSTs a JSON body; the answer, whatever its status. */
    RestClient.Response post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** DELETEs; the answer, whatever its status. */
    RestClient.Response delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    private RestClient.Response send(HttpRequest r) throws IOException, InterruptedException {
        HttpResponse<String> a = client.send(r, HttpResponse.BodyHandlers.ofString());
        return new RestClient.Response(a.statusCode(), a.body(), System.nanoTime());
    }

    /**
     * Creates a resource ({@code POST /v1/<plural>} with {@code {"<envelope>": fields}}) and answers
     * the created resource's JSON (inside its envelope).
     *
     * @throws ApiFailure unless it answered 201 with the resource
     */
    JsonNode create(String plural, String envelope, ObjectNode fields) throws ApiFailure, InterruptedException {
        ObjectNode body = BenchJson.MAPPER.createObjectNode();
        body.set(envelope, fields);
        String what = "POST /v1/" + plural;
        RestClient.Response r;
        try {
            r = post("/v1/" + plural, body.toString());
        } catch (IOException e) {
            throw new ApiFailure(what + " to " + base + " failed: " + e);
        }
        if (r.status() != 201) {
            throw new ApiFailure(what + " answered " + r.status() + ": " + RestClient.abbreviate(r.body()));
        }
        return document(r.body(), what);
    }

    /** The resource id in a create's answer ({@code {"<envelope>": {"id": ...}}}). */
    static String idOf(JsonNode created, String envelope, String what) throws ApiFailure {
        JsonNode id = created.path(envelope).path("id");
        if (!id.isTextual()) {
            throw new ApiFailure(what + " answered no " + envelope + ".id");
        }
        return id.asText();
    }

    static JsonNode document(String body, String what) throws ApiFailure {
        try {
            return BenchJson.read(body);
        } catch (JsonProcessingException e) {
            throw new ApiFailure(what + " did not answer JSON: " + e.getOriginalMessage());
        }
    }

    /** Admin: a new tenant and its first token. */
    Tenant createTenant(String name) throws ApiFailure, InterruptedException {
        JsonNode doc = create("tenants", "tenant", BenchJson.MAPPER.createObjectNode().put("name", name));
        String id = idOf(doc, "tenant", "POST /v1/tenants");
        JsonNode secret = doc.path("token").path("secret");
        if (!secret.isTextual()) {
            throw new ApiFailure("POST /v1/tenants answered no token.secret");
        }
        return new Tenant(id, secret.asText());
    }

    @Override
    public void close() {
        // java.net.http's client has no close before Java 21; its connection goes with it
    }
}
