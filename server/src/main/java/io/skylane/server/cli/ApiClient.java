package io.skylane.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;

/**
 * Calls the REST API with the bearer token: one method for every request, so no command builds
 * HTTP by hand. An error answer becomes an {@link ApiError}, a connection failure {@link Unreachable}.
 */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A successful answer: status and body as received (empty for 204). */
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the API answered " + status + " with a body that is not JSON", e);
            }
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
        if ("http".equals(base.getScheme())) {
            // Plain HTTP never uses TLS: spare the JDK's default TLS context (its trust store is
            // read and parsed when the client is built, a good part of a call's start-up).
            b.sslContext(NoTls.CONTEXT).sslParameters(new SSLParameters());
        }
        this.http = b.build();
    }

    URI base() {
        return base;
    }

    boolean hasToken() {
        return token != null;
    }

    /**
     * {@code method path} with {@code body} as JSON (null: none) and {@code If-Match: ifMatch}
     * (null: none). {@code path} starts with {@code /v1/} and carries its query, already encoded.
     */
    Response send(String method, String path, JsonNode body, Long ifMatch) throws ApiError, Unreachable {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            b.header("If-Match", "\"" + ifMatch + "\"");
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("cannot reach " + base + ": " + reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling " + base);
        }
        if (r.statusCode() >= 400) {
            throw error(r.statusCode(), r.body());
        }
        return new Response(r.statusCode(), r.body());
    }

    Response get(String path) throws ApiError, Unreachable {
        return send("GET", path, null, null);
    }

    /** One path segment, percent-encoded (ids come from the user). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query value, percent-encoded. */
    static String query(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static ApiError error(int status, String body) {
        try {
            JsonNode e = JSON.readTree(body).get("error");
            if (e != null && e.isObject()) {
                return new ApiError(status, text(e, "type", "http_" + status), text(e, "message", ""),
                        text(e, "field", null));
            }
        } catch (JsonProcessingException e) {
            // not the API's error body: report what came
        }
        String shown = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        return new ApiError(status, "http_" + status, shown.strip(), null);
    }

    private static String text(JsonNode o, String key, String dflt) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    /** The most telling message in the cause chain (HttpClient's own is often null). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "connection refused" : e.getClass().getSimpleName();
    }
}
