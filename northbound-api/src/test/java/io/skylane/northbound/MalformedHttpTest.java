package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that Jetty refuses before any route runs (not valid HTTP, ambiguous paths, too large
 * headers), written as raw bytes over a socket since java.net.http will not send them: each
 * answers the API's JSON error shape with a fitting status, not Jetty's HTML page.
 */
class MalformedHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUTH = RawHttp.AUTH;

    private RestServer server;

    @BeforeEach
    void start() {
        TestCore core = new TestCore();
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", TestServices.of(core,
                new SouthboundServiceAdapter()));
        server.start();
        core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void encodedSlashesAndDotSegmentsInIdsAreJsonBadRequests() throws Exception {
        assertError(send(get("/v1/devices/00%2F..%2F..%2Fx")), 400, "bad_request", "Ambiguous URI path separator");
        assertError(send(get("/v1/vpcs/a%2fb")), 400, "bad_request", "Ambiguous URI path separator");
        assertError(send(get("/v1/devices/%2e%2e/flows")), 400, "bad_request", "Ambiguous URI path segment");
        assertError(send(get("/v1/devices/0000000000000001/..;/flows")), 400, "bad_request", "path parameter");
        assertError(send(get("/v1/devices/00%252f")), 400, "bad_request", "Ambiguous URI path encoding");
        assertError(send(get("/v1//devices")), 400, "bad_request", "empty segment");
        assertError(send(get("/v1/../../devices")), 400, "bad_request", "malformed HTTP request");
        assertError(send(get("/v1/vpcs/%zz")), 400, "bad_request", "malformed HTTP request");
        assertError(send("DELETE /v1/devices/00%2F01/flows HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n"),
                400, "bad_request", "Ambiguous URI path separator");
        // the plain path still works, and a dot segment that resolves inside the API names no route
        assertEquals(200, send(get("/v1/devices/0000000000000001/flows")).status());
        assertError(send(get("/v1/devices/../devices")), 404, "not_found", "no resource");
    }

    @Test
    void controlBytesInHeadersAreJsonBadRequests() throws Exception {
        assertError(send("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Note: a\u0001b\r\nConnection: close\r\n\r\n"),
                400, "bad_request", "Illegal character");
        assertError(send("GET /v1/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u007fb\r\n"
                + "Connection: close\r\n\r\n"), 400, "bad_request", "Illegal character");
    }

    @Test
    void negativeOrDoubleContentLengthIsAJsonBadRequest() throws Exception {
        assertError(send("POST /v1/vpcs HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n"
                + "Content-Length: -1\r\nConnection: close\r\n\r\n"), 400, "bad_request", "Content-Length");
        assertError(send("PUT /v1/devices/0000000000000001/flows HTTP/1.1\r\nHost: x\r\n" + AUTH
                + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}"), 400, "bad_request",
                "Content-Length");
    }

    @Test
    void headersOverTheLimitAreA431AndALongUriA414() throws Exception {
        String big = "x".repeat(64 * 1024);
        assertError(send("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nConnection: close\r\n\r\n"),
                431, "too_large", "headers are larger than 8192 bytes");
        assertError(send(get("/v1/hosts?mac=" + big)), 414, "too_large", "longer than 8192 bytes");
        // just under the limit is read
        String fits = "x".repeat(RestServer.MAX_HEADER_BYTES - 200);
        assertEquals(200, send("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Fits: " + fits + "\r\nConnection: close"
                + "\r\n\r\n").status());
    }

    @Test
    void notHttpAtAllIsAJsonError() throws Exception {
        assertError(send("HELLO\r\n\r\n"), 400, "bad_request", "malformed HTTP request");
        assertError(send("GET /v1/health HTTP/1.1\r\nConnection: close\r\n\r\n"), 400, "bad_request", "No Host");
        assertError(send("GET /v1/health HTTP/7.0\r\nHost: x\r\nConnection: close\r\n\r\n"), 505, "bad_request",
                "HTTP version");
    }

    /** These pass Jetty's parser and fail in its own dispatch (the asterisk form is for OPTIONS only). */
    @Test
    void errorsJettyDispatchItselfAreJsonForEveryMethod() throws Exception {
        assertError(send("GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400, "bad_request",
                "malformed HTTP request");
        assertError(send("PUT * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), 400,
                "bad_request", "malformed HTTP request");
    }

    private static String get(String target) {
        return RawHttp.get(target);
    }

    private RawHttp.Raw send(String request) throws IOException {
        return RawHttp.send(server.port(), request);
    }

    /** A JSON error of the API's shape: exactly type, message and field (null here), the message containing {@code says}. */
    private static void assertError(RawHttp.Raw r, int status, String type, String says) throws IOException {
        assertEquals(status, r.status(), () -> "status; body " + r.body());
        assertEquals("application/json", r.contentType().split(";")[0], () -> "content type of " + r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(Set.of("error"), names(body), r.body());
        JsonNode e = body.get("error");
        assertEquals(Set.of("type", "message", "field"), names(e), r.body());
        assertEquals(type, e.get("type").asText(), r.body());
        assertTrue(e.get("field").isNull(), r.body());
        String message = e.get("message").asText();
        assertFalse(message.isEmpty());
        assertTrue(message.contains(says), () -> "message " + message + " should say " + says);
    }

    private static Set<String> names(JsonNode o) {
        Set<String> names = new java.util.HashSet<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
