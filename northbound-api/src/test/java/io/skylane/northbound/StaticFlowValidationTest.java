package io.skylane.northbound;

import static io.skylane.northbound.StaticFlowApiTest.assertError;
import static io.skylane.northbound.StaticFlowApiTest.q;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request to the static flow API is refused whole, with the status, the error type and
 * the exact path of the field to blame, and leaves the device's desired rules and its switch alone.
 * Device 1 speaks OpenFlow 1.3, device 2 OpenFlow 1.0; both hold one static rule beforehand.
 */
class StaticFlowValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A valid rule, to put bad ones at an index other than 0. */
    private static final String OK = "{'priority': 1, 'match': {'in_port': 1}, 'actions': []}";
    private static final String OK2 = "{'priority': 2, 'match': {'in_port': 1}, 'actions': []}";
    private static final String OK3 = "{'priority': 3, 'match': {'in_port': 1}, 'actions': []}";
    private static final String IP = "'eth_type': '0x800'";
    private static final String TCP = IP + ", 'ip_proto': 6";

    private final HttpClient http = HttpClient.newHttpClient();
    private TestCore core;
    private RestServer server;
    private FakeSwitchHandle s1;
    private FakeSwitchHandle s2;

    static Stream<Arguments> badRequests() {
        return Stream.of(
                // the body
                badPost(1, "malformed JSON", "{\"flows\": [", null),
                bad(1, "duplicate JSON key", "{'flows': [{'priority': 1, 'priority': 2}]}", null),
                bad(1, "trailing content", "{'flows': []} {}", null),
                bad(1, "empty body", "", null),
                bad(1, "body not an object", "[]", null),
                bad(1, "unknown top-level key", "{'flows': [], 'rules': []}", "rules"),
                bad(1, "flows missing", "{}", "flows"),
                bad(1, "flows not a list", "{'flows': {}}", "flows"),
                bad(1, "rule not an object", "{'flows': [" + OK + ", 7]}", "flows[1]"),
                // rule fields
                bad(1, "priority missing", "{'flows': [{'table': 0}]}", "flows[0].priority"),
                bad(1, "priority out of range", rule("{'priority': 70000}"), "flows[0].priority"),
                bad(1, "priority as a string", rule("{'priority': '10'}"), "flows[0].priority"),
                bad(1, "priority not integral", rule("{'priority': 1.5}"), "flows[0].priority"),
                bad(1, "table out of range", rule("{'table': 255, 'priority': 1}"), "flows[0].table"),
                bad(1, "unknown rule key", "{'flows': [" + OK + ", {'priority': 1, 'actionz': []}]}",
                        "flows[1].actionz"),
                bad(1, "idle timeout", rule("{'priority': 1, 'idle_timeout': 10}"), "flows[0].idle_timeout"),
                bad(1, "hard timeout", rule("{'priority': 1, 'hard_timeout': 5}"), "flows[0].hard_timeout"),
                bad(1, "cookie of another app", rule("{'priority': 1, 'cookie': '0x1000000000001'}"),
                        "flows[0].cookie"),
                bad(1, "cookie not hex", rule("{'priority': 1, 'cookie': 'zz'}"), "flows[0].cookie"),
                bad(1, "notify_removal not a boolean", rule("{'priority': 1, 'notify_removal': 'yes'}"),
                        "flows[0].notify_removal"),
                badPost(1, "same key twice", "{'flows': [" + OK + ", " + OK2 + ", {'priority': 1, 'match':"
                        + " {'in_port': 1}, 'actions': [{'type': 'output', 'port': 2}]}]}", "flows[2]"),
                // match
                bad(1, "match not an object", rule("{'priority': 1, 'match': []}"), "flows[0].match"),
                badPost(1, "unknown match field", "{'flows': [" + OK + ", {'priority': 1, 'match': {'ip_dst': "
                        + "'10.0.0.1'}}]}", "flows[1].match.ip_dst"),
                bad(1, "short MAC", match("'eth_dst': '00:11:22:33:44'"), "flows[0].match.eth_dst"),
                bad(1, "zero MAC mask", match("'eth_src': '00:11:22:33:44:55/00:00:00:00:00:00'"),
                        "flows[0].match.eth_src"),
                bad(1, "bad IPv4 address", match(IP + ", 'ipv4_dst': '10.0.0.300'"), "flows[0].match.ipv4_dst"),
                bad(1, "prefix too long", match(IP + ", 'ipv4_src': '10.0.0.0/33'"), "flows[0].match.ipv4_src"),
                bad(1, "zero-length prefix", match(IP + ", 'ipv4_src': '0.0.0.0/0'"), "flows[0].match.ipv4_src"),
                badPost(1, "IPv4 field without eth_type", "{'flows': [" + OK + ", " + OK2 + ", " + OK3
                        + ", {'priority': 9, 'match': {'ipv4_dst': '10.0.0.1'}}]}", "flows[3].match.ipv4_dst"),
                bad(1, "TCP port without ip_proto", match(IP + ", 'tcp_dst': 80"), "flows[0].match.tcp_dst"),
                bad(1, "ip_proto without eth_type", match("'ip_proto': 6, 'tcp_dst': 80"),
                        "flows[0].match.ip_proto"),
                bad(1, "ARP field with IPv4 eth_type", match(IP + ", 'arp_op': 1"), "flows[0].match.arp_op"),
                bad(1, "TCP port out of range", match(TCP + ", 'tcp_dst': 70000"), "flows[0].match.tcp_dst"),
                bad(1, "VLAN id out of range", match("'vlan_vid': 5000"), "flows[0].match.vlan_vid"),
                bad(1, "VLAN id as text", match("'vlan_vid': 'ten'"), "flows[0].match.vlan_vid"),
                bad(1, "VLAN PCP without VLAN id", match("'vlan_pcp': 3"), "flows[0].match.vlan_pcp"),
                bad(1, "eth_type wider than 16 bits", match("'eth_type': '0x10000'"), "flows[0].match.eth_type"),
                bad(1, "eth_type hex without 0x", match("'eth_type': '800'"), "flows[0].match.eth_type"),
                bad(1, "unknown port name", match("'in_port': 'BOGUS'"), "flows[0].match.in_port"),
                bad(1, "port zero", match("'in_port': 0"), "flows[0].match.in_port"),
                bad(1, "ip_proto as hex text", match(IP + ", 'ip_proto': '0x6'"), "flows[0].match.ip_proto"),
                bad(1, "metadata zero mask", match("'metadata': '0x1/0x0'"), "flows[0].match.metadata"),
                // instructions and actions
                bad(1, "actions and instructions", rule("{'priority': 1, 'actions': [], 'instructions': []}"),
                        "flows[0].actions"),
                bad(1, "actions not a list", rule("{'priority': 1, 'actions': {}}"), "flows[0].actions"),
                bad(1, "unknown action type", actions("{'type': 'output', 'port': 1}, {'type': 'flood'}"),
                        "flows[0].actions[1].type"),
                bad(1, "action without type", actions("{'port': 1}"), "flows[0].actions[0].type"),
                bad(1, "unknown action key", actions("{'type': 'output', 'port': 1, 'queue': 2}"),
                        "flows[0].actions[0].queue"),
                bad(1, "output without port", actions("{'type': 'output'}"), "flows[0].actions[0].port"),
                bad(1, "output to ANY", actions("{'type': 'output', 'port': 'ANY'}"), "flows[0].actions[0].port"),
                bad(1, "port beyond the physical range", actions("{'type': 'output', 'port': 4294967041}"),
                        "flows[0].actions[0].port"),
                bad(1, "max_len on a physical port", actions("{'type': 'output', 'port': 1, 'max_len': 128}"),
                        "flows[0].actions[0].max_len"),
                bad(1, "set_field with two fields", actions("{'type': 'set_field', 'tcp_dst': 1, 'tcp_src': 2}"),
                        "flows[0].actions[0]"),
                badPost(1, "set_field masked", actions("{'type': 'set_field', 'eth_dst':"
                        + " '02:00:00:00:00:01/ff:ff:ff:00:00:00'}"), "flows[0].actions[0].eth_dst"),
                bad(1, "set_field in_port", actions("{'type': 'set_field', 'in_port': 2}"),
                        "flows[0].actions[0].in_port"),
                bad(1, "set_field VLAN none", actions("{'type': 'set_field', 'vlan_vid': 'none'}"),
                        "flows[0].actions[0].vlan_vid"),
                bad(1, "push_vlan with IPv4 eth_type", actions("{'type': 'push_vlan', 'eth_type': '0x800'}"),
                        "flows[0].actions[0].eth_type"),
                bad(1, "group id reserved", actions("{'type': 'group', 'group_id': 4294967292}"),
                        "flows[0].actions[0].group_id"),
                bad(1, "goto an earlier table", rule("{'table': 3, 'priority': 1, 'instructions':"
                        + " [{'type': 'goto_table', 'table': 2}]}"), "flows[0].instructions[0].table"),
                bad(1, "goto table 0", instructions("{'type': 'goto_table', 'table': 0}"),
                        "flows[0].instructions[0].table"),
                bad(1, "instruction twice", instructions("{'type': 'apply_actions', 'actions': []},"
                        + " {'type': 'apply_actions', 'actions': []}"), "flows[0].instructions[1]"),
                bad(1, "unknown instruction", instructions("{'type': 'write_action', 'actions': []}"),
                        "flows[0].instructions[0].type"),
                bad(1, "apply_actions without actions", instructions("{'type': 'apply_actions'}"),
                        "flows[0].instructions[0].actions"),
                badPost(1, "bad action inside an instruction", instructions("{'type': 'write_actions', 'actions':"
                        + " [{'type': 'output', 'port': 'NOWHERE'}]}"), "flows[0].instructions[0].actions[0].port"),
                bad(1, "meter id zero", instructions("{'type': 'meter', 'meter_id': 0}"),
                        "flows[0].instructions[0].meter_id"),
                bad(1, "write_metadata zero mask", instructions("{'type': 'write_metadata', 'metadata': '0x1',"
                        + " 'mask': '0x0'}"), "flows[0].instructions[0].mask"),
                // what OpenFlow 1.0 cannot express
                bad(2, "1.0: table 1", rule("{'table': 1, 'priority': 1}"), "flows[0].table"),
                badPost(2, "1.0: goto", instructions("{'type': 'apply_actions', 'actions': []},"
                        + " {'type': 'goto_table', 'table': 1}"), "flows[0].instructions[1]"),
                bad(2, "1.0: group", actions("{'type': 'group', 'group_id': 1}"), "flows[0].actions[0]"),
                badPost(2, "1.0: metadata", match("'metadata': '0x1'"), "flows[0].match.metadata"),
                bad(2, "1.0: masked MAC", match("'eth_dst': '01:00:00:00:00:00/01:00:00:00:00:00'"),
                        "flows[0].match.eth_dst"),
                bad(2, "1.0: set ARP op", actions("{'type': 'set_field', 'arp_op': 2}"),
                        "flows[0].actions[0].arp_op"),
                bad(2, "1.0: port beyond 16 bits", match("'in_port': 70000"), "flows[0].match.in_port"),
                bad(2, "1.0: dec_nw_ttl", actions("{'type': 'dec_nw_ttl'}"), "flows[0].actions[0]"),
                // not the request's own fault
                Arguments.of(1, "PUT", "key held by the core's table-miss",
                        q("{'flows': [" + OK + ", {'priority': 0}]}"), 409, "conflict", "flows[1]"),
                Arguments.of(1, "PUT?table=1", "query parameter", q("{'flows': []}"), 400, "bad_request", "table"));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource("badRequests")
    void badRequestChangesNothing(int dpid, String methodAndQuery, String name, String body, int status,
                                  String type, String field) throws Exception {
        FakeSwitchHandle sw = dpid == 1 ? s1 : s2;
        String path = "/v1/devices/000000000000000" + dpid + "/flows";
        int q = methodAndQuery.indexOf('?');
        String method = q < 0 ? methodAndQuery : methodAndQuery.substring(0, q);
        String query = q < 0 ? "" : methodAndQuery.substring(q);
        JsonNode before = desired(path);
        int batches = sw.batches().size();

        HttpResponse<String> r = http.send(TestServices.request(URI.create(base() + path + query))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check(method, path + query, r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        assertError(new StaticFlowApiTest.Response(r.statusCode(), JSON.readTree(r.body())), status, type, field);

        assertEquals(before, desired(path), "desired rules changed");
        assertEquals(batches, sw.batches().size(), "something was sent to the switch");
    }

    @BeforeEach
    void start() throws Exception {
        core = new TestCore();
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test",
                TestServices.of(core, new SouthboundServiceAdapter()));
        server.start();
        s1 = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(2));
        s2 = core.connect(FakeSwitchHandle.of10(2), TestCore.ports(2));
        for (int dpid = 1; dpid <= 2; dpid++) {
            HttpResponse<String> r = http.send(TestServices.request(URI.create(base() + "/v1/devices/000000000000000"
                    + dpid + "/flows")).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(q("{'flows': [" + OK + "]}"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r::body);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode desired(String path) throws Exception {
        HttpResponse<String> r = http.send(TestServices.request(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        JsonNode d = JSON.readTree(r.body()).get("desired");
        assertEquals(1, staticRules(d), "the static rule set up beforehand");
        return d;
    }

    private static int staticRules(JsonNode desired) {
        int n = 0;
        for (JsonNode rule : desired) {
            if (rule.get("app_id").asInt() == RestServer.STATIC_FLOWS_APP.id()) {
                n++;
            }
        }
        return n;
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A 400 bad_request for a PUT of {@code body} (single quotes) to device {@code dpid}; null field for none. */
    private static Arguments bad(int dpid, String name, String body, String field) {
        return Arguments.of(dpid, "PUT", name, q(body), 400, "bad_request", field);
    }

    /** The same for a POST. */
    private static Arguments badPost(int dpid, String name, String body, String field) {
        return Arguments.of(dpid, "POST", name, q(body), 400, "bad_request", field);
    }

    private static String rule(String rule) {
        return "{'flows': [" + rule + "]}";
    }

    private static String match(String fields) {
        return rule("{'priority': 1, 'match': {" + fields + "}}");
    }

    private static String actions(String actions) {
        return rule("{'priority': 1, 'match': {'in_port': 2}, 'actions': [" + actions + "]}");
    }

    private static String instructions(String instructions) {
        return rule("{'priority': 1, 'match': {'in_port': 2}, 'instructions': [" + instructions + "]}");
    }
}
