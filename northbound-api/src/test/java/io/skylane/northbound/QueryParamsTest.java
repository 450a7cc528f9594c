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
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
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

    /** Every route but the tenant resources' (which take their fields as filters) refuses what it does not know. */
    @Test
    void everyRouteRefusesAnUnknownParameter() throws Exception {
        List<String> routes = server.routes().stream().filter(r -> !isIntentRoute(r)).toList();
        assertTrue(routes.size() > 15 && routes.contains("DELETE /v1/devices/{dpid}/flows"), routes::toString);
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replace("{dpid}", "0000000000000001")
                    .replace("{mac}", "00:00:00:00:00:01").replace("{module}", "skylane-types");
            HttpResponse<String> r = send(method, path + "?actaul=true");
            assertError(r, 400, "actaul");
            assertTrue(JSON.readTree(r.body()).at("/error/message").asText().contains("actaul"), r::body);
        }
    }

    @Test
    void aParameterGivenTwiceOrEmptyIsRefused() throws Exception {
        String flows = "/v1/devices/0000000000000001/flows";
        assertError(get(flows + "?actual=true&actual=false"), 400, "actual");
        assertError(get(flows + "?actual=true&actual=true"), 400, "actual");
        assertError(get(flows + "?table=1&table=1"), 400, "table");
        assertError(get(flows + "?actual"), 400, "actual");
        assertError(get(flows + "?actual="), 400, "actual");
        assertError(get("/v1/devices/0000000000000001/groups?actual=false&actual=false"), 400, "actual");
        assertError(get("/v1/devices/0000000000000001/groups?table=0"), 400, "table");
        assertError(get("/v1/health?x=1"), 400, "x");
        assertError(get("/v1/openflow?verbose=true"), 400, "verbose");
        assertError(get("/v1/devices?connected=true"), 400, "connected");
        assertEquals(200, get(flows + "?actual=false").statusCode());
    }

    @Test
    void flowsFilterByTableAndApp() throws Exception {
        FakeSwitchHandle sw = core.connect(FakeSwitchHandle.of13(2), TestCore.ports(2));
        AppId mine = AppId.of(42, "test-app");
        assertTrue(core.flows().apply(mine, List.of(rule(sw, mine, 3, 10), rule(sw, mine, 0, 11)), List.of()).get()
                .isSuccess());
        assertTrue(core.flows().apply(RestServer.STATIC_FLOWS_APP, List.of(rule(sw, RestServer.STATIC_FLOWS_APP, 3,
                12)), List.of()).get().isSuccess());
        String flows = "/v1/devices/0000000000000002/flows";
        assertEquals(List.of(0, 10, 11, 12), priorities(flows, "desired"), "no filter: every rule");
        assertEquals(List.of(10, 12), priorities(flows + "?table=3", "desired"));
        assertEquals(List.of(), priorities(flows + "?table=8", "desired"));
        assertEquals(List.of(12), priorities(flows + "?app=rest", "desired"));
        assertEquals(List.of(12), priorities(flows + "?app=2", "desired"));
        assertEquals(List.of(0), priorities(flows + "?app=core", "desired"), "the table-miss entry");
        assertEquals(List.of(10, 11), priorities(flows + "?app=42", "desired"));
        assertEquals(List.of(10), priorities(flows + "?app=42&table=3", "desired"));
        assertEquals(List.of(), priorities(flows + "?app=0", "desired"), "every desired rule is an app's");
        // the switch's table, filtered alike
        assertEquals(List.of(0, 10, 11, 12), priorities(flows + "?actual=true", "actual"));
        assertEquals(List.of(10, 12), priorities(flows + "?actual=true&table=3", "actual"));
        assertEquals(List.of(10), priorities(flows + "?table=3&actual=true&app=42", "actual"));
        assertEquals(List.of(0), priorities(flows + "?actual=true&app=core", "actual"));
        for (String app : FlowFilter.APPS.stream().map(AppId::name).toList()) {
            assertEquals(200, get(flows + "?app=" + app).statusCode(), app);
        }
        assertError(get(flows + "?app=vpc-manager"), 400, "app");
        assertError(get(flows + "?app=65536"), 400, "app");
        assertError(get(flows + "?app=-1"), 400, "app");
        assertError(get(flows + "?table=255"), 400, "table");
        assertError(get(flows + "?table=-1"), 400, "table");
        assertError(get(flows + "?table=x"), 400, "table");
    }

    @Test
    void theOpenApiDocumentNamesTheAppsTheFilterKnows() {
        List<String> documented = new ArrayList<>();
        OpenApiCheck.DOC.at("/components/parameters/App/schema/oneOf/1/enum").forEach(n -> documented.add(n.asText()));
        assertEquals(FlowFilter.APPS.stream().map(AppId::name).toList(), documented);
    }

    private List<Integer> priorities(String pathAndQuery, String which) throws Exception {
        HttpResponse<String> r = get(pathAndQuery);
        assertEquals(200, r.statusCode(), r::body);
        List<Integer> out = new ArrayList<>();
        JSON.readTree(r.body()).get(which).forEach(rule -> out.add(rule.get("priority").asInt()));
        out.sort(null);
        return out;
    }

    private static FlowRule rule(FakeSwitchHandle sw, AppId app, int table, int priority) {
        return FlowRule.builder().device(sw.deviceId()).table(table).priority(priority).app(app)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).build())
                .apply(Action.output(PortNumber.of(2))).build();
    }

    private static boolean isIntentRoute(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        return IntentRoutes.paths().keySet().stream().anyMatch(p -> path.startsWith("/v1/" + p));
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(TestServices.request(URI.create("http://127.0.0.1:" + server.port()
                + pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(method, pathAndQuery, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.body());
        return r;
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
