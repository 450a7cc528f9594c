package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.SouthboundStatus;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API over real HTTP, backed by the real core managers and fake switches. */
class RestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AppId APP = AppId.of(42, "test-app");

    private final HttpClient http = HttpClient.newHttpClient();
    private TestCore core;
    private RestServer server;

    @BeforeEach
    void start() {
        core = new TestCore();
        SouthboundServiceAdapter southbound = new SouthboundServiceAdapter() {
            @Override
            public SouthboundStatus status() {
                return new SouthboundStatus(List.of("0.0.0.0:6653"), 3, 2, Map.of("frames.malformed", 7L));
            }
        };
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test-version", TestServices.of(core, southbound));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthAnswersOk() throws Exception {
        core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        Response r = get("/v1/health");
        assertEquals(200, r.status);
        assertEquals("ok", r.json.get("status").asText());
        assertEquals("test-version", r.json.get("version").asText());
        assertEquals(1, r.json.get("devices_connected").asInt());
    }

    @Test
    void listsDevicesWithSixteenHexDigitIdsAndPorts() throws Exception {
        assertEquals(0, get("/v1/devices").json.size());
        core.connect(FakeSwitchHandle.of13(0xd1), TestCore.ports(3));
        core.connect(FakeSwitchHandle.of10(2), TestCore.ports(1));

        JsonNode list = get("/v1/devices").json;
        assertEquals(2, list.size());
        assertEquals("0000000000000002", list.get(0).get("id").asText());
        assertEquals("1.0", list.get(0).get("version").asText());
        JsonNode d1 = list.get(1);
        assertEquals("00000000000000d1", d1.get("id").asText());
        assertTrue(d1.get("connected").asBoolean());
        assertEquals("1.3", d1.get("version").asText());
        assertEquals(3, d1.get("ports").size());
        assertEquals(1, d1.get("ports").get(0).get("number").asInt());
        assertEquals("eth1", d1.get("ports").get(0).get("name").asText());
        assertEquals("up", d1.get("ports").get(0).get("state").asText());

        Response one = get("/v1/devices/00000000000000d1");
        assertEquals(200, one.status);
        assertEquals("00000000000000d1", one.json.get("id").asText());
        assertEquals(3, get("/v1/devices/d1/ports").json.size());
    }

    @Test
    void disconnectedDeviceStaysListedAsNotConnected() throws Exception {
        FakeSwitchHandle sw = core.connect(FakeSwitchHandle.of13(5), TestCore.ports(1));
        core.disconnect(sw, "test");
        JsonNode d = get("/v1/devices/0000000000000005").json;
        assertFalse(d.get("connected").asBoolean());
        Response actual = get("/v1/devices/0000000000000005/flows?actual=true");
        assertError(actual, 409, "conflict", null);
    }

    @Test
    void unknownAndMalformedDeviceIdsAreJsonErrors() throws Exception {
        assertError(get("/v1/devices/00000000000000ff"), 404, "not_found", null);
        assertError(get("/v1/devices/not-a-dpid"), 400, "bad_request", "dpid");
        assertError(get("/v1/devices/00000000000000000001"), 400, "bad_request", "dpid");
    }

    @Test
    void flowsShowDesiredRulesAndOnRequestTheSwitchTable() throws Exception {
        FakeSwitchHandle sw = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        FlowRule rule = FlowRule.builder().device(sw.deviceId()).table(0).priority(100).app(APP)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(1)))
                        .add(Criterion.ethType(EthType.IPV4))
                        .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/24"))).build())
                .apply(Action.output(PortNumber.of(2))).build();
        assertTrue(core.flows().apply(APP, List.of(rule), List.of()).get().isSuccess());

        JsonNode flows = get("/v1/devices/0000000000000001/flows").json;
        assertEquals("0000000000000001", flows.get("device").asText());
        assertFalse(flows.has("actual"));
        JsonNode desired = flows.get("desired");
        assertEquals(2, desired.size(), "table-miss and the app's rule");
        JsonNode appRule = find(desired, 100);
        assertEquals("0x2a000000000000", appRule.get("cookie").asText());
        assertEquals(1, appRule.get("match").get("in_port").asInt());
        assertEquals("0x800", appRule.get("match").get("eth_type").asText());
        assertEquals("10.0.0.0/24", appRule.get("match").get("ipv4_dst").asText());
        JsonNode out = appRule.get("instructions").get(0).get("actions").get(0);
        assertEquals("output", out.get("type").asText());
        assertEquals(2, out.get("port").asInt());
        JsonNode miss = find(desired, 0);
        assertEquals("CONTROLLER", miss.get("instructions").get(0).get("actions").get(0).get("port").asText());

        JsonNode withActual = get("/v1/devices/0000000000000001/flows?actual=true").json;
        assertEquals(2, withActual.get("actual").size());
        assertTrue(find(withActual.get("actual"), 100).has("packets"));

        assertError(get("/v1/devices/0000000000000001/flows?actual=maybe"), 400, "bad_request", "actual");
    }

    @Test
    void groupsShowDesiredAndActual() throws Exception {
        core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        JsonNode g = get("/v1/devices/0000000000000001/groups?actual=true").json;
        assertEquals(0, g.get("desired").size());
        assertEquals(0, g.get("actual").size());
    }

    @Test
    void openflowStatusShowsListenerAndCounters() throws Exception {
        JsonNode s = get("/v1/openflow").json;
        assertEquals("0.0.0.0:6653", s.get("listening").get(0).asText());
        assertEquals(3, s.get("channels").asInt());
        assertEquals(2, s.get("ready").asInt());
        assertEquals(7, s.get("counters").get("frames.malformed").asLong());
    }

    @Test
    void unknownRoutesAndMethodsAreJsonErrors() throws Exception {
        assertError(get("/v1/nothing-here"), 404, "not_found", null);
        HttpResponse<String> post = http.send(TestServices.request(uri("/v1/devices"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(new Response(post.statusCode(), JSON.readTree(post.body())), 405, "method_not_allowed", null);
        // A client that asks for JSON (as the skylane client does) got Javalin's own 404 body
        HttpResponse<String> json = http.send(TestServices.request(uri("/v1/nothing-here"))
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(new Response(json.statusCode(), JSON.readTree(json.body())), 404, "not_found", null);
    }

    private static JsonNode find(JsonNode rules, int priority) {
        for (JsonNode r : rules) {
            if (r.get("priority").asInt() == priority) {
                return r;
            }
        }
        throw new AssertionError("no rule with priority " + priority + " in " + rules);
    }

    private static void assertError(Response r, int status, String type, String field) {
        assertEquals(status, r.status, () -> "status of " + r.json);
        JsonNode e = r.json.get("error");
        assertEquals(type, e.get("type").asText());
        assertFalse(e.get("message").asText().isEmpty());
        if (field == null) {
            assertTrue(e.get("field").isNull(), () -> "field of " + e);
        } else {
            assertEquals(field, e.get("field").asText());
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private Response get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(TestServices.request(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse("").split(";")[0],
                () -> "content type of " + path);
        OpenApiCheck.check("GET", path, r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        return new Response(r.statusCode(), JSON.readTree(r.body()));
    }

    private record Response(int status, JsonNode json) {
    }
}
