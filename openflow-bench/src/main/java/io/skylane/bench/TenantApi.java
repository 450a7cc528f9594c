package io.skylane.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * One HTTP client of the tenant churn run, as an orchestrator would be: its own connection
 * ({@link KeepAliveHttp}: HTTP/1.1, kept alive, written and read by the calling thread, so that the
 * client costs little beside the controller), blocking requests one at a time, a bearer token (the
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
    private final KeepAliveHttp http;

    TenantApi(URI base, Duration timeout, String token) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.timeout = timeout;
        this.http = new KeepAliveHttp(base, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()), token);
    }

    /** The same API with another token (and a connection of its own). */
    TenantApi as(String otherToken) {
        return new TenantApi(URI.create(base), timeout, otherToken);
    }

    /** A POST of a JSON body, encoded once, to be {@link #send sent} as often as wanted. */
    byte[] postRequest(String path, String body) {
        return http.request("POST", path, body);
    }

    /** Sends an encoded request; the answer, whatever its status. */
    RestClient.Response send(byte[] request) throws IOException {
        return http.send(request);
    }

    /** POSTs a JSON body; the answer, whatever its status. */
    RestClient.Response post(String path, String body) throws IOException {
        return http.send(postRequest(path, body));
    }

    /** DELETEs; the answer, whatever its status. */
    RestClient.Response delete(String path) throws IOException {
        return http.send(http.request("DELETE", path, null));
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
        http.close();
    }
}
