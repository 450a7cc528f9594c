package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The static flow API ({@code PUT/POST/DELETE /v1/devices/{dpid}/flows}) over real HTTP, backed by
 * the real core managers and fake switches. Bad input is covered by {@link StaticFlowValidationTest}.
 */
class StaticFlowApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final AppId REST = RestServer.STATIC_FLOWS_APP;
    static final String S1 = "/v1/devices/0000000000000001/flows";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestCore core;
    private RestServer server;
    private WatchedSwitch s1;

    /** A switch that hands the test every batch it gets, once it holds (or answered) its barrier. */
    private static final class WatchedSwitch extends FakeSwitchHandle {
        final BlockingQueue<List<SwitchOp>> batchesIn = new LinkedBlockingQueue<>();

        WatchedSwitch(long dpid) {
            super(DeviceId.of(dpid), ProtocolVersion.OF_13);
        }

        @Override
        public CompletableFuture<BatchResult> apply(List<SwitchOp> ops) {
            CompletableFuture<BatchResult> barrier = super.apply(ops);
            batchesIn.add(ops);
            return barrier;
        }
    }

    @BeforeEach
    void start() {
        core = new TestCore();
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test",
                TestServices.of(core, new SouthboundServiceAdapter()));
        server.start();
        s1 = new WatchedSwitch(1);
        core.connect(s1, TestCore.ports(4));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void putInstallsTheRulesAndAnswersOnceTheSwitchConfirmed() throws Exception {
        Response r = send("PUT", S1, json("{'flows': [" + WEB + ", {'priority': 5, 'match': {'in_port': 3}}]}"));
        assertEquals(201, r.status);
        assertEquals(json("{'device': '0000000000000001', 'rules': 2, 'status': 'confirmed'}"), r.json);
        assertTrue(s1.hasFlow(webRule()), () -> "flow table " + s1.flows());
        FlowRule drop = FlowRule.builder().device(s1.deviceId()).priority(5).app(REST)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(3))).build()).build();
        assertTrue(s1.hasFlow(drop));
        assertEquals(3, s1.flowTable().size(), "table-miss and the two static rules");
        assertEquals(2, staticRules().size());
        assertEquals(2, staticRules().get(0).get("app_id").asInt());
    }

    @Test
    void putWaitsForTheBarrier() throws Exception {
        s1.answerBarriers(FakeSwitchHandle.Answer.LATER);
        s1.batchesIn.clear(); // the audit's, at connect
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(request("PUT", S1, "{\"flows\": [" + q(WEB) + "]}"),
                HttpResponse.BodyHandlers.ofString());

        List<SwitchOp> batch = s1.batchesIn.poll(5, TimeUnit.SECONDS);
        assertEquals(1, batch == null ? 0 : batch.size(), "the PUT's rule reached the switch, which holds the barrier");
        assertFalse(f.isDone(), "answered before the switch confirmed");
        assertEquals(1, s1.releaseBarriers());
        assertEquals(201, f.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void secondPutSendsOnlyTheDifference() throws Exception {
        String a = "{'priority': 10, 'match': {'in_port': 1}, 'actions': [{'type': 'output', 'port': 2}]}";
        String b = "{'priority': 10, 'match': {'in_port': 2}, 'actions': [{'type': 'output', 'port': 1}]}";
        String bChanged = "{'priority': 10, 'match': {'in_port': 2}, 'actions': [{'type': 'output', 'port': 3}]}";
        String c = "{'priority': 10, 'match': {'in_port': 3}, 'actions': [{'type': 'output', 'port': 1}]}";
        String d = "{'priority': 10, 'match': {'in_port': 4}, 'actions': [{'type': 'output', 'port': 1}]}";
        assertEquals(201, send("PUT", S1, flows(a, b, c)).status);
        s1.clearRecords();

        Response r = send("PUT", S1, flows(a, bChanged, d));
        assertEquals(201, r.status);
        assertEquals(3, r.json.get("rules").asInt());
        assertEquals(1, s1.batches().size());
        List<SwitchOp> ops = s1.lastBatch().orElseThrow();
        assertEquals(3, ops.size(), () -> "ops " + ops);
        assertEquals(1, count(ops, SwitchOp.Kind.DELETE, 3), "c deleted");
        assertEquals(1, count(ops, SwitchOp.Kind.MODIFY, 2), "b modified");
        assertEquals(1, count(ops, SwitchOp.Kind.ADD, 4), "d added");

        s1.clearRecords();
        assertEquals(201, send("PUT", S1, flows(a, bChanged, d)).status);
        assertEquals(0, s1.batches().size(), "nothing changed, nothing sent");
    }

    @Test
    void postAddsAndReplacesByKey() throws Exception {
        String a = "{'priority': 10, 'match': {'in_port': 1}, 'actions': [{'type': 'output', 'port': 2}]}";
        String aChanged = "{'priority': 10, 'match': {'in_port': 1}, 'actions': [{'type': 'output', 'port': 4}]}";
        String b = "{'priority': 20, 'match': {'in_port': 2}, 'actions': []}";
        assertEquals(201, send("PUT", S1, flows(a)).status);
        Response r = send("POST", S1, flows(aChanged, b));
        assertEquals(201, r.status);
        assertEquals(json("{'device': '0000000000000001', 'rules': 2, 'status': 'confirmed'}"), r.json);
        JsonNode rules = staticRules();
        assertEquals(2, rules.size());
        assertEquals(4, find(rules, 10).get("instructions").get(0).get("actions").get(0).get("port").asInt());
        assertEquals(0, find(rules, 20).get("instructions").get(0).get("actions").size());
        assertEquals(3, s1.flowTable().size());
    }

    @Test
    void deleteRemovesEveryStaticRuleAndNothingElse() throws Exception {
        AppId other = AppId.of(42, "other");
        FlowRule otherRule = FlowRule.builder().device(s1.deviceId()).priority(7).app(other)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(4))).build()).build();
        assertTrue(core.flows().apply(other, List.of(otherRule), List.of()).get().isSuccess());
        assertEquals(201, send("PUT", S1, flows(WEB, "{'priority': 5}")).status);
        assertEquals(4, s1.flowTable().size());

        Response r = send("DELETE", S1, null);
        assertEquals(204, r.status);
        assertNull(r.json);
        assertEquals(0, staticRules().size());
        assertEquals(2, s1.flowTable().size(), "table-miss and the other app's rule stay");
        assertTrue(s1.hasFlow(otherRule));

        assertError(send("DELETE", S1 + "?table=1", null), 400, "bad_request", "table");
        assertError(send("DELETE", "/v1/devices/00000000000000ff/flows", null), 404, "not_found", null);
    }

    @Test
    void disconnectedDeviceKeepsTheRulesAndGetsThemWhenItConnects() throws Exception {
        core.disconnect(s1, "test");
        Response r = send("PUT", S1, flows(WEB));
        assertEquals(202, r.status);
        assertEquals(json("{'device': '0000000000000001', 'rules': 1, 'status': 'pending'}"), r.json);
        assertEquals(1, staticRules().size());
        assertEquals(202, send("POST", S1, flows("{'priority': 5}")).status);

        FakeSwitchHandle again = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(4));
        assertTrue(again.hasFlow(webRule()), () -> "flow table " + again.flows());
        assertEquals(3, again.flowTable().size());
    }

    @Test
    void unknownDeviceIsNotFound() throws Exception {
        assertError(send("PUT", "/v1/devices/00000000000000ff/flows", flows(WEB)), 404, "not_found", null);
        assertError(send("POST", "/v1/devices/00000000000000ff/flows", flows(WEB)), 404, "not_found", null);
        assertError(send("PUT", "/v1/devices/zz/flows", flows(WEB)), 400, "bad_request", "dpid");
    }

    @Test
    void switchRefusingARuleIsAConflictNamingIt() throws Exception {
        String a = "{'priority': 10, 'match': {'in_port': 1}}";
        String b = "{'priority': 10, 'match': {'in_port': 2}}";
        String c = "{'priority': 10, 'match': {'in_port': 3}}";
        s1.failOn(FlowRule.builder().device(s1.deviceId()).priority(10).app(REST)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(2))).build()).build().key());
        Response r = send("PUT", S1, flows(a, b, c));
        assertError(r, 409, "switch_refused", "flows[1]");
        String message = r.json.get("error").get("message").asText();
        assertTrue(message.startsWith("FLOW_MOD_FAILED/TABLE_FULL for flows[1]"), message);
        assertTrue(message.contains("stay desired"), message);
        assertEquals(3, staticRules().size(), "refused rules stay desired");
        assertEquals(3, s1.flowTable().size(), "table-miss and the two accepted rules");

        s1.failOn(FlowRule.builder().device(s1.deviceId()).priority(10).app(REST)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(4))).build()).build().key());
        String d = "{'priority': 10, 'match': {'in_port': 4}}";
        Response post = send("POST", S1, flows("{'priority': 11, 'match': {'in_port': 1}}", d));
        assertError(post, 409, "switch_refused", "flows[1]");
        assertEquals(5, staticRules().size());
    }

    @Test
    void ruleKeyHeldByAnotherAppIsAConflict() throws Exception {
        assertError(send("PUT", S1, flows("{'priority': 5}", "{'table': 0, 'priority': 0}")), 409, "conflict",
                "flows[1]");
        assertEquals(0, staticRules().size());
    }

    @Test
    void getDesiredRoundTripsThroughPut() throws Exception {
        Response put = send("PUT", S1, json("{'flows': [" + String.join(", ", RICH) + "]}"));
        assertEquals(201, put.status, () -> "answer " + put.json);
        JsonNode desired = get(S1).get("desired");
        ArrayNode mine = JSON.createArrayNode();
        desired.forEach(n -> {
            if (n.get("app_id").asInt() == REST.id()) {
                mine.add(n);
            }
        });
        assertEquals(RICH.size(), mine.size());
        s1.clearRecords();

        ObjectNode body = JSON.createObjectNode();
        body.set("flows", mine);
        Response again = send("PUT", S1, body);
        assertEquals(201, again.status, () -> "answer " + again.json);
        assertEquals(0, s1.batches().size(), "the rules read back are the rules already desired");
        assertEquals(desired, get(S1).get("desired"));
    }

    @Test
    void tenThousandRulesInOnePut() throws Exception {
        ArrayNode list = JSON.createArrayNode();
        for (int i = 0; i < 10_000; i++) {
            ObjectNode r = list.addObject();
            r.put("table", 0);
            r.put("priority", 1000);
            ObjectNode m = r.putObject("match");
            m.put("eth_type", "0x800");
            m.put("ipv4_dst", "10." + (i >> 8) + "." + (i & 0xff) + ".1");
            r.putArray("actions").addObject().put("type", "output").put("port", 1 + i % 4);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("flows", list);
        Response r = send("PUT", S1, body);
        assertEquals(201, r.status, () -> "answer " + r.json);
        assertEquals(10_000, r.json.get("rules").asInt());
        assertEquals(10_001, s1.flowTable().size());
        assertEquals(10_000, staticRules().size());
    }

    @Test
    void bodiesBeyondTheLimitAreRefused() throws Exception {
        byte[] big = new byte[(int) RestServer.MAX_REQUEST_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        HttpResponse<String> sized = http.send(TestServices.request(URI.create("http://127.0.0.1:" + server.port() + S1))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(new Response(sized.statusCode(), JSON.readTree(sized.body())), 413, "too_large", null);
        HttpResponse<String> chunked = http.send(TestServices.request(URI.create("http://127.0.0.1:" + server.port() + S1))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertError(new Response(chunked.statusCode(), JSON.readTree(chunked.body())), 413, "too_large", null);
        assertEquals(0, staticRules().size());
    }

    @Test
    void openFlow10DeviceTakesWhatItCanExpress() throws Exception {
        FakeSwitchHandle s2 = core.connect(FakeSwitchHandle.of10(2), TestCore.ports(2));
        Response r = send("PUT", "/v1/devices/0000000000000002/flows", flows(WEB,
                "{'priority': 9, 'match': {'eth_type': '0x806', 'arp_tpa': '10.0.0.0/8'},"
                        + " 'actions': [{'type': 'set_field', 'vlan_vid': 7}, {'type': 'output', 'port': 'FLOOD'}]}"));
        assertEquals(201, r.status, () -> "answer " + r.json);
        assertEquals(2, s2.flowTable().size());
    }

    // ---- fixtures ---------------------------------------------------------------------------

    /** TCP to 10.0.0.0/24 port 80 goes out of port 2. */
    static final String WEB = "{'table': 0, 'priority': 100, 'match': {'in_port': 1, 'eth_type': '0x800',"
            + " 'ipv4_dst': '10.0.0.0/24', 'ip_proto': 6, 'tcp_dst': 80},"
            + " 'actions': [{'type': 'output', 'port': 2}]}";

    private FlowRule webRule() {
        return FlowRule.builder().device(s1.deviceId()).table(0).priority(100).app(REST)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).add(Criterion.ethType(EthType.IPV4))
                        .add(Criterion.ipv4Dst(Ip4Prefix.parse("10.0.0.0/24")))
                        .add(Criterion.ipProto(IpProtocol.TCP)).add(Criterion.exact(Criterion.Type.TCP_DST, 80))
                        .build())
                .apply(Action.output(PortNumber.of(2))).build();
    }

    /** Rules using every match field format, instruction and (group-free) action. */
    static final List<String> RICH = List.of(
            WEB,
            "{'priority': 99, 'match': {'in_port': 2, 'eth_type': '0x800', 'ip_proto': 6, 'tcp_src': 22},"
                    + " 'actions': [{'type': 'set_field', 'eth_dst': '02:00:00:00:00:01'},"
                    + " {'type': 'set_field', 'ipv4_src': '10.1.2.3'}, {'type': 'output', 'port': 3}],"
                    + " 'cookie': '0x1234', 'notify_removal': true}",
            "{'priority': 90, 'match': {'eth_type': 2054, 'arp_op': 1, 'arp_tpa': '10.0.0.1',"
                    + " 'arp_sha': '02:00:00:00:00:02', 'arp_spa': '10.0.0.0/8', 'arp_tha': '02:00:00:00:00:03'},"
                    + " 'actions': [{'type': 'output', 'port': 'CONTROLLER', 'max_len': 128}]}",
            "{'priority': 80, 'match': {'eth_dst': '01:00:00:00:00:00/01:00:00:00:00:00',"
                    + " 'eth_src': '02:00:00:00:00:09', 'vlan_vid': 100, 'vlan_pcp': 3},"
                    + " 'instructions': [{'type': 'goto_table', 'table': 1}, {'type': 'apply_actions',"
                    + " 'actions': [{'type': 'pop_vlan'}]}, {'type': 'write_metadata', 'metadata': '0x5',"
                    + " 'mask': '0xff'}]}",
            "{'table': 1, 'priority': 10, 'match': {'metadata': '0x5/0xff', 'vlan_vid': 'none',"
                    + " 'eth_type': '0x8847', 'mpls_label': 17}, 'instructions': [{'type': 'clear_actions'},"
                    + " {'type': 'write_actions', 'actions': [{'type': 'pop_mpls', 'eth_type': '0x800'},"
                    + " {'type': 'dec_nw_ttl'}, {'type': 'output', 'port': 4}]}]}",
            "{'table': 1, 'priority': 5, 'match': {'tunnel_id': '0x64', 'eth_type': '0x800', 'ip_proto': 17,"
                    + " 'udp_src': 53, 'udp_dst': 5353, 'ip_dscp': 46, 'ipv4_src': '192.168.1.1'},"
                    + " 'actions': [{'type': 'push_vlan', 'eth_type': '0x8100'}, {'type': 'set_field',"
                    + " 'vlan_vid': 10}, {'type': 'push_mpls', 'eth_type': 34887}, {'type': 'set_field',"
                    + " 'mpls_label': 99}, {'type': 'output', 'port': 'IN_PORT'}]}",
            "{'table': 2, 'priority': 1, 'match': {'eth_type': '0x800', 'ip_proto': 1, 'icmpv4_type': 8,"
                    + " 'icmpv4_code': 0}, 'instructions': [{'type': 'meter', 'meter_id': 1},"
                    + " {'type': 'apply_actions', 'actions': [{'type': 'set_field', 'tunnel_id': '0xabc'},"
                    + " {'type': 'output', 'port': 'FLOOD'}]}], 'idle_timeout': 0, 'hard_timeout': 0}",
            "{'priority': 3, 'match': {'tunnel_id': '0x10/0xf0'}}");

    // ---- helpers ----------------------------------------------------------------------------

    private JsonNode staticRules() throws Exception {
        ArrayNode mine = JSON.createArrayNode();
        get(S1).get("desired").forEach(n -> {
            if (n.get("app_id").asInt() == REST.id()) {
                mine.add(n);
            }
        });
        return mine;
    }

    private static long count(List<SwitchOp> ops, SwitchOp.Kind kind, long inPort) {
        return ops.stream().filter(o -> o instanceof SwitchOp.FlowOp f && f.kind() == kind
                && f.rule().match().get(Criterion.Type.IN_PORT)
                .map(c -> ((Criterion.InPort) c).port().value() == inPort).orElse(false)).count();
    }

    private static JsonNode find(JsonNode rules, int priority) {
        for (JsonNode r : rules) {
            if (r.get("priority").asInt() == priority) {
                return r;
            }
        }
        throw new AssertionError("no rule with priority " + priority + " in " + rules);
    }

    /** JSON written with single quotes, for readable fixtures. */
    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(q(singleQuoted));
        } catch (Exception e) {
            throw new AssertionError("bad fixture: " + singleQuoted, e);
        }
    }

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static JsonNode flows(String... rules) {
        return json("{'flows': [" + String.join(", ", rules) + "]}");
    }

    static void assertError(Response r, int status, String type, String field) {
        assertEquals(status, r.status, () -> "status of " + r.json);
        JsonNode e = r.json.get("error");
        assertEquals(type, e.get("type").asText(), () -> "type of " + e);
        assertFalse(e.get("message").asText().isEmpty());
        if (field == null) {
            assertTrue(e.get("field").isNull(), () -> "field of " + e);
        } else {
            assertEquals(field, e.get("field").asText(), () -> "field of " + e);
        }
    }

    private HttpRequest request(String method, String path, String body) {
        return TestServices.request(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    Response send(String method, String path, JsonNode body) throws Exception {
        return sendText(method, path, body == null ? null : JSON.writeValueAsString(body));
    }

    Response sendText(String method, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(method, path, r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    JsonNode get(String path) throws Exception {
        Response r = sendText("GET", path, null);
        assertEquals(200, r.status, () -> "GET " + path + ": " + r.json);
        return r.json;
    }

    record Response(int status, JsonNode json) {
    }
}
