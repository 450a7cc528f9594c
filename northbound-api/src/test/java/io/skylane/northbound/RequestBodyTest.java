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
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every route that takes a body asks of it, over real HTTP: it is sent as JSON (415 otherwise,
 * a missing Content-Type included), and every string in it, key or value, is Unicode text: a lone
 * surrogate or a non-character is a 400 naming where it is, and nothing is stored.
 */
class RequestBodyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOWS = "/v1/devices/0000000000000001/flows";
    private static final String RULE = "{'priority': 7, 'match': {'in_port': 1}, 'actions': []}";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestCore core;
    private RestServer server;
    private String tenant;
    private String vpc;

    @BeforeEach
    void start() throws Exception {
        core = new TestCore();
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", TestServices.of(core,
                new SouthboundServiceAdapter()));
        server.start();
        core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        tenant = json(send("POST", "/v1/tenants", "application/json", "{'tenant': {'name': 't'}}"), 201)
                .at("/tenant/id").asText();
        vpc = json(send("POST", "/v1/vpcs", "application/json", "{'vpc': {'tenant_id': '" + tenant
                + "', 'name': 'web'}}"), 201).at("/vpc/id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyBodyMustBeSentAsJson() throws Exception {
        String[][] routes = {
                {"PUT", FLOWS, "{'flows': [" + RULE + "]}"},
                {"POST", FLOWS, "{'flows': [" + RULE + "]}"},
                {"POST", "/v1/vpcs", "{'vpc': {'tenant_id': '" + tenant + "', 'name': 'x'}}"},
                {"PATCH", "/v1/vpcs/" + vpc, "{'vpc': {'name': 'x'}}"},
                {"PUT", "/v1/vpcs/" + vpc, "{'vpc': {'name': 'x'}}"},
                {"POST", "/v1/tenants/" + tenant + "/tokens", "{'token': {'description': 'ci'}}"},
        };
        for (String[] r : routes) {
            for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded",
                    "application/jsonx", "application/json; charset=iso-8859-1"}) {
                HttpResponse<String> a = send(r[0], r[1], type, r[2]);
                assertError(a, 415, "unsupported_media_type", "Content-Type");
            }
        }
        assertEquals("web", json(send("GET", "/v1/vpcs/" + vpc, null, null), 200).at("/vpc/name").asText());
        assertEquals(1, json(send("GET", FLOWS, null, null), 200).get("desired").size(), "the table-miss only");
        assertEquals(1, json(send("GET", "/v1/tenants/" + tenant + "/tokens", null, null), 200).get("tokens").size());
    }

    @Test
    void jsonMayBeNamedWithACharsetOrAJsonSuffix() throws Exception {
        json(send("PUT", FLOWS, "application/json; charset=UTF-8", "{'flows': [" + RULE + "]}"), 201);
        json(send("PATCH", "/v1/vpcs/" + vpc, "Application/JSON", "{'vpc': {'name': 'a'}}"), 200);
        json(send("PATCH", "/v1/vpcs/" + vpc, "application/merge-patch+json", "{'vpc': {'name': 'b'}}"), 200);
        json(send("PUT", "/v1/vpcs/" + vpc, "application/json;charset=\"utf-8\"", "{'vpc': {'name': 'c'}}"), 200);
        // a route whose body is optional takes no body without a Content-Type
        json(send("POST", "/v1/tenants/" + tenant + "/tokens", null, null), 201);
    }

    @Test
    void loneSurrogatesAndNonCharactersAreRefusedWhereverTheyAre() throws Exception {
        String create = "/v1/vpcs";
        String owner = "'tenant_id': '" + tenant + "', ";
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner + "'name': 'x\\ud800y'}}"),
                400, "bad_request", "name");
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner + "'name': '\\udc00'}}"),
                400, "bad_request", "name");
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner + "'tags': ['ok', 'x\\uffff']}}"),
                400, "bad_request", "tags[1]");
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner + "'description': '\\ufdd0'}}"),
                400, "bad_request", "description");
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner
                + "'external_ids': {'k': '\\ud83f\\udffe'}}}"), 400, "bad_request", "external_ids.k");
        // in a key: the object holding it is named
        assertError(send("POST", create, "application/json", "{'vpc': {" + owner
                + "'external_ids': {'k\\ud800': 'v'}}}"), 400, "bad_request", "external_ids");
        assertError(send("POST", create, "application/json", "{'v\\udfffpc': {}}"), 400, "bad_request", null);
        // as raw bytes: a surrogate written in UTF-8's form (CESU-8), which JSON parsers may let through
        byte[] cesu = concat("{\"vpc\": {\"tenant_id\": \"" + tenant + "\", \"name\": \"", new byte[] {(byte) 0xed,
                (byte) 0xa0, (byte) 0x80}, "\"}}");
        HttpResponse<String> raw = sendBytes("POST", create, "application/json", cesu);
        assertEquals(400, raw.statusCode(), raw.body());
        assertEquals("bad_request", JSON.readTree(raw.body()).at("/error/type").asText());
        // static flows: the same reader
        assertError(send("PUT", FLOWS, "application/json", "{'flows': [{'priority': 7, 'match': {'eth_src':"
                + " '00:00:00:00:00:0\\ud800'}}]}"), 400, "bad_request", "flows[0].match.eth_src");
        assertEquals(1, json(send("GET", "/v1/vpcs", null, null), 200).get("vpcs").size(), "nothing stored");
        assertEquals(1, json(send("GET", FLOWS, null, null), 200).get("desired").size(), "nothing set");
    }

    @Test
    void textBeyondTheBasicPlaneIsStoredAndShownAsSent() throws Exception {
        String name = "caf\u00e9 \ud83d\ude00 \u4e91";
        JsonNode created = json(send("POST", "/v1/vpcs", "application/json", "{'vpc': {'tenant_id': '" + tenant
                + "', 'name': '" + name + "', 'description': '\\ud83d\\ude00'}}"), 201);
        String id = created.at("/vpc/id").asText();
        JsonNode shown = json(send("GET", "/v1/vpcs/" + id, null, null), 200);
        assertEquals(name, shown.at("/vpc/name").asText());
        assertEquals("\ud83d\ude00", shown.at("/vpc/description").asText());
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return sendBytes(method, path, contentType, body == null ? null
                : body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sendBytes(String method, String path, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder b = TestServices.request(URI.create("http://127.0.0.1:" + server.port() + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        OpenApiCheck.check(method, path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        return r;
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), () -> r.request().method() + " " + r.uri() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String type, String field) throws Exception {
        String where = r.request().method() + " " + r.uri() + " with " + r.request().headers().firstValue("Content-Type")
                .orElse("no Content-Type");
        assertEquals(status, r.statusCode(), () -> where + ": " + r.body());
        JsonNode e = JSON.readTree(r.body()).get("error");
        assertEquals(type, e.get("type").asText(), where);
        assertFalse(e.get("message").asText().isEmpty());
        if (field == null) {
            assertTrue(e.get("field").isNull(), () -> where + ": " + e);
        } else {
            assertEquals(field, e.get("field").asText(), where);
        }
        assertTrue(r.body().chars().allMatch(c -> c < 0xd800 || c > 0xdfff), "no surrogate in the error: " + r.body());
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(middle, 0, all, h.length, middle.length);
        System.arraycopy(t, 0, all, h.length + middle.length, t.length);
        return all;
    }
}
