package io.skylane.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

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

    ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
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
     *
     * <p>Through {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: a call is one
     * request, and the JDK's newer client costs a few hundred milliseconds of start-up per call
     * (its selector thread and executor; docs/benchmarks.md, "The skylane client's start-up").
     */
    Response send(String method, String path, JsonNode body, Long ifMatch) throws ApiError, Unreachable {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            c.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            c.setUseCaches(false);
            c.setRequestMethod(method);
            c.setRequestProperty("Accept", "application/json");
            if (token != null) {
                c.setRequestProperty("Authorization", "Bearer " + token);
            }
            if (ifMatch != null) {
                c.setRequestProperty("If-Match", "\"" + ifMatch + "\"");
            }
            if (body != null) {
                byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
                c.setRequestProperty("Content-Type", "application/json");
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(bytes.length); // streamed: never re-sent on a failed read (a POST twice)
                try (OutputStream out = c.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = c.getResponseCode();
            String answer = read(status >= 400 ? c.getErrorStream() : c.getInputStream());
            if (status >= 400) {
                throw error(status, answer);
            }
            return new Response(status, answer);
        } catch (IOException | IllegalArgumentException e) {
            throw new Unreachable("cannot reach " + base + ": " + reason(e));
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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

    /** The most telling message in the cause chain. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
