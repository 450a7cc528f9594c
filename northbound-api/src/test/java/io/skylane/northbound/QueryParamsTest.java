package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query strings over real HTTP: what every route accepts of them. */
class QueryParamsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private TestCore core;
    private RestServer server;

    @BeforeEach
    void start() {
        core = new TestCore();
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
    void queryStringsMustDecodeToUnicodeText() throws Exception {
        // a lone surrogate has no UTF-8 form: its CESU-8 bytes are not UTF-8
        assertError(get("/v1/vpcs?name=%ED%A0%80"), 400, "name");
        assertError(get("/v1/vpcs?name=x%EF%BF%BF"), 400, "name");
        assertError(get("/v1/vpcs?name=%EF%B7%90"), 400, "name");
        assertError(get("/v1/hosts?mac=%F4%8F%BF%BE"), 400, "mac");
        assertError(get("/v1/hosts?mac=%C0%80"), 400, "mac");
        // malformed escapes, which java.net.http will not send
        assertRawError(RawHttp.send(server.port(), RawHttp.get("/v1/hosts?mac=%zz")), "mac");
        assertRawError(RawHttp.send(server.port(), RawHttp.get("/v1/hosts?mac=00%4")), "mac");
        assertRawError(RawHttp.send(server.port(), RawHttp.get("/v1/vpcs?limit=1&name=%%")), "name");
        assertError(get("/v1/links?%ED%BF%BF=1"), 400, null);
        assertError(get("/v1/health?x=%E4%BA"), 400, "x");
        // text, encoded or not, passes on to the route
        assertEquals(200, get("/v1/vpcs?name=%F0%9F%98%80+caf%C3%A9").statusCode());
        assertEquals(200, get("/v1/hosts?mac=00%3A00%3A00%3A00%3A00%3A01").statusCode());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(TestServices.request(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check("GET", pathAndQuery, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.body());
        return r;
    }

    private static void assertRawError(RawHttp.Raw r, String field) throws Exception {
        assertEquals(400, r.status(), r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals("bad_request", e.get("type").asText());
        assertEquals(field, e.get("field").asText(), r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String field) throws Exception {
        String where = "GET " + r.uri();
        assertEquals(status, r.statusCode(), () -> where + ": " + r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals("bad_request", e.get("type").asText(), where);
        assertFalse(e.get("message").asText().isEmpty());
        if (field == null) {
            assertTrue(e.get("field").isNull(), () -> where + ": " + e);
        } else {
            assertEquals(field, e.get("field").asText(), () -> where + ": " + e);
        }
    }
}
