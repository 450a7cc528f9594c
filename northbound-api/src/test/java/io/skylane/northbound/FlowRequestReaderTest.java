package io.skylane.northbound;

import static io.skylane.northbound.StaticFlowApiTest.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FlowRequestReader} streams a static flow body: it reads what {@link FlowJson} renders
 * into the same rules the tree reader ({@link FlowRuleParser#rule}) makes, and refuses bad input
 * naming the field, also where only the streaming reader sees it (the body, the list, the rule's
 * keys, strings that are not Unicode text).
 */
class FlowRequestReaderTest {

    private static final DeviceId DEV = DeviceId.of(1);
    private static final AppId REST = RestServer.STATIC_FLOWS_APP;
    private final FlowRuleParser parser = new FlowRuleParser(DEV, ProtocolVersion.OF_13, REST);
    private final FlowRequestReader reader = new FlowRequestReader(parser);

    @Test
    void everyRenderedRuleStreamsBackEqualAndAsTheTreeReadsIt() {
        List<FlowRule> rules = new ArrayList<>();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("flows");
        for (FlowRule r : FlowRuleParserTest.rules()) {
            if (rules.stream().noneMatch(o -> o.key().equals(r.key()))) {
                rules.add(r);
                list.add(FlowJson.rule(r));
            }
        }
        assertTrue(rules.size() > 5, "a varied body");
        assertEquals(rules, read(body.toString()));
        for (int i = 0; i < list.size(); i++) {
            assertEquals(parser.rule(list.get(i), "flows[" + i + "]"), rules.get(i));
        }
    }

    @Test
    void readOnlyKeysAreIgnoredAndAnEmptyListIsNoRules() {
        List<FlowRule> rules = read(q("{'flows': [{'priority': 5, 'app_id': 9, 'packets': 1, 'bytes': 2,"
                + " 'duration_seconds': 3, 'actions': [{'type': 'output', 'port': 2}]}]}"));
        assertEquals(List.of(parser.rule(StaticFlowApiTest.json("{'priority': 5, 'actions': [{'type': 'output',"
                + " 'port': 2}]}"), "flows[0]")), rules);
        assertEquals(List.of(), read("{\"flows\": []}"));
    }

    @Test
    void badInputNamesTheField() {
        String ok = "{'priority': 1, 'match': {'in_port': 1}}";
        refused("{'flows': [" + ok + ", {'priority': 2, 'match': {'in_port': 1}}, {'priority': 3, 'colour': 1}]}",
                "flows[2].colour", "unknown field");
        refused("{'flows': [], 'rules': []}", "rules", "unknown field");
        refused("{'flows': null}", "flows", "is required");
        refused("{}", "flows", "is required");
        refused("{'flows': 'all'}", "flows", "must be a list, got string \"all\"");
        refused("{'flows': [" + ok + ", [1]]}", "flows[1]", "must be an object, got an array");
        refused("{'flows': [" + ok + ", null]}", "flows[1]", "must be an object, got null");
        refused("{'flows': [{'table': 1}]}", "flows[0].priority", "is required");
        refused("{'flows': [{'priority': 99999999999999999999999}]}", "flows[0].priority", "must be 0..65535");
        refused("{'flows': [{'priority': 1, 'table': 1.0}]}", "flows[0].table", "must be an integer 0..254, got number");
        refused("{'flows': [" + ok + ", {'priority': 1, 'match': {'in_port': 1}, 'cookie': 2}]}", "flows[1]",
                "same table, priority and match as flows[0]");
        refused("{'flows': [" + ok + ", {'priority': 2, 'match': {'eth_src': '00:00:00:00:00:0\\ud800'}}]}",
                "flows[1].match.eth_src", "U+D800 (a lone surrogate)");
        refused("{'flows': [{'priority': 2, 'actions': [{'type': 'output', 'port': 1}, {'type': '\\uffff'}]}]}",
                "flows[0].actions[1].type", "a Unicode non-character");
        refused("{'flows': [{'priority': 2, 'match': {'in_\\ud800': 1}}]}", "flows[0].match", "a key holds U+D800");
        refused("{'flows': [{'priority': 2, 'x\\ud800': 1}]}", "flows[0]", "a key holds U+D800");
        refused("{'flows': [{'priority': 2, 'packets': '\\ud800'}]}", "flows[0].packets", "a lone surrogate");
    }

    /** The short ways through output ports and hex values refuse what the long ways refuse. */
    @Test
    void outputPortsAndHexValuesAreCheckedOnEveryPath() {
        refused(actionsOf("{'type': 'output', 'port': 0}"), "flows[0].actions[0].port", "must be 1..");
        refused(actionsOf("{'type': 'output', 'port': -3}"), "flows[0].actions[0].port", "must be 1..");
        refused(actionsOf("{'type': 'output', 'port': 2, 'max_len': 9}"), "flows[0].actions[0].max_len",
                "CONTROLLER port only");
        FlowRequestReader of10 = new FlowRequestReader(new FlowRuleParser(DEV, ProtocolVersion.OF_10, REST));
        ApiException e = assertThrows(ApiException.class, () -> of10.read(q(actionsOf("{'type': 'output',"
                + " 'port': 70000}")).getBytes(StandardCharsets.UTF_8)));
        assertEquals("flows[0].actions[0].port", e.field(), e.getMessage());
        assertEquals(1, of10.read(q(actionsOf("{'type': 'output', 'port': 65279}")).getBytes(StandardCharsets.UTF_8))
                .size());
        refused("{'flows': [{'priority': 1, 'match': {'eth_type': '0x'}}]}", "flows[0].match.eth_type",
                "must be \"0x\" and 1 to 16 hex digits, got \"0x\"");
        refused("{'flows': [{'priority': 1, 'match': {'metadata': '0x1/0xg'}}]}", "flows[0].match.metadata",
                "got \"0xg\"");
        refused("{'flows': [{'priority': 1, 'cookie': '0x00000000000000001'}]}", "flows[0].cookie", "hex digits");
        FlowRule r = read(q("{'flows': [{'priority': 1, 'cookie': '0XfF', 'match': {'eth_type': '0X800',"
                + " 'metadata': '0x10/0xF0'}}]}")).get(0);
        assertEquals(REST.cookie(0xff), r.cookie());
        assertEquals(new io.skylane.core.flow.Criterion.NumberField(io.skylane.core.flow.Criterion.Type.METADATA,
                0x10, 0xf0), r.match().get(io.skylane.core.flow.Criterion.Type.METADATA).orElseThrow());
    }

    private static String actionsOf(String action) {
        return "{'flows': [{'priority': 1, 'actions': [" + action + "]}]}";
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefusedWhole() {
        refused("[]", null, "must be a JSON object {\"flows\": [...]}, got an array");
        refused("7", null, "got number 7");
        refused("{'flows': [{'priority': 1, 'priority': 2}]}", null, "malformed JSON: Duplicate field 'priority'");
        refused("{'flows': [{'priority': 1, 'packets': 1, 'packets': 2}]}", null, "Duplicate field 'packets'");
        refused("{'flows': [], 'flows': []}", null, "malformed JSON: Duplicate field 'flows'");
        refused("{'flows': [{'priority': 1, 'match': {'in_port': 1, 'in_port': 2}}]}", null,
                "malformed JSON: Duplicate field 'in_port'");
        refused("{'flows': [{'priority': 1, 'actions': [{'type': 'output', 'port': 1, 'port': 1}]}]}", null,
                "malformed JSON: Duplicate field 'port'");
        refused("{'flows': [{'priority': 1, 'app_id': {'a': {'b': 1, 'b': 1}}}]}", null, "Duplicate field 'b'");
        refused("{'flows': []} {}", null, "malformed JSON: content after the JSON value (line 1, column 15)");
        refused("{'flows': [{'priority': 1}", null, "malformed JSON");
    }

    private List<FlowRule> read(String json) {
        return reader.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private void refused(String singleQuoted, String field, String message) {
        ApiException e = assertThrows(ApiException.class, () -> read(q(singleQuoted)), singleQuoted);
        assertEquals(400, e.status(), e::getMessage);
        assertEquals(field, e.field(), e::getMessage);
        assertTrue(e.getMessage().contains(message), () -> "message: " + e.getMessage());
    }
}
