package io.skylane.northbound;

import static io.skylane.northbound.JsonInput.at;
import static io.skylane.northbound.JsonInput.bad;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of a static flow request, {@code {"flows": [rule, ...]}}, from its bytes with
 * Jackson's streaming parser: no tree of the whole body is built, each rule's keys are read as they
 * come and only the values of its keys become (small) nodes, which {@link FlowRuleParser} checks.
 * The whole body is read and checked before anything is returned; a refusal is a 400 naming the
 * first bad field in the body's order ({@code flows[3].match.ipv4_dst}), as the tree reader did
 * for a body with one problem.
 */
final class FlowRequestReader {

    private static final String BODY = "{\"flows\": [...]}";
    /** Room for the rules of a bulk request before the lists grow. */
    private static final int INITIAL_RULES = 1024;

    private final FlowRuleParser rules;

    FlowRequestReader(FlowRuleParser rules) {
        this.rules = rules;
    }

    /** The rules of the body, in request order, all checked; no two with the same key. */
    List<FlowRule> read(byte[] body) {
        try (JsonParser p = JsonBodies.parser(body)) {
            // each object's keys are checked for duplicates here (and by StreamInput.node), without
            // the set of names Jackson's own check keeps per object
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            List<FlowRule> out = body(p);
            if (p.nextToken() != null) {
                throw JsonBodies.trailing(p);
            }
            return out;
        } catch (JsonProcessingException e) {
            throw JsonBodies.malformed(e);
        } catch (IOException e) {
            throw JsonBodies.unreadable(e);
        }
    }

    private List<FlowRule> body(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            JsonNode n = StreamInput.node(p);
            throw ApiException.badRequest("the request body must be a JSON object " + BODY + ", got "
                    + JsonInput.describe(n), null);
        }
        List<FlowRule> out = null;
        boolean given = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (!key.equals("flows")) {
                throw StreamInput.unknownKey(p, key);
            }
            if (given) {
                throw StreamInput.duplicate(p, key);
            }
            given = true;
            p.nextToken();
            out = p.currentToken() == JsonToken.VALUE_NULL ? null : flows(p);
        }
        if (out == null) {
            throw bad("flows", "is required");
        }
        return out;
    }

    private List<FlowRule> flows(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw bad("flows", "must be a list, got " + JsonInput.describe(StreamInput.node(p)));
        }
        List<FlowRule> out = new ArrayList<>(INITIAL_RULES);
        Map<FlowKey, Integer> seen = new HashMap<>(INITIAL_RULES * 2);
        for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
            String path = at("flows", i);
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(path, "must be an object, got " + JsonInput.describe(StreamInput.node(p)));
            }
            FlowRule r = rules.rule(rule(p), path);
            Integer first = seen.putIfAbsent(r.key(), i);
            if (first != null) {
                throw bad(path, "same table, priority and match as flows[" + first + "]");
            }
            out.add(r);
        }
        return out;
    }

    /** The fields of the rule object the parser is at; the parser is left on its end. */
    private static FlowRuleParser.RuleInput rule(JsonParser p) throws IOException {
        JsonNode table = null;
        JsonNode priority = null;
        JsonNode match = null;
        JsonNode instructions = null;
        JsonNode actions = null;
        JsonNode idle = null;
        JsonNode hard = null;
        JsonNode cookie = null;
        JsonNode notify = null;
        int given = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int index = FlowRuleParser.ruleKeyIndex(key);
            if (index < 0) {
                throw StreamInput.unknownKey(p, key);
            }
            int bit = 1 << index;
            if ((given & bit) != 0) {
                throw StreamInput.duplicate(p, key);
            }
            given |= bit;
            p.nextToken();
            JsonNode v = StreamInput.node(p);
            switch (key) {
                case "table" -> table = v;
                case "priority" -> priority = v;
                case "match" -> match = v;
                case "instructions" -> instructions = v;
                case "actions" -> actions = v;
                case "idle_timeout" -> idle = v;
                case "hard_timeout" -> hard = v;
                case "cookie" -> cookie = v;
                case "notify_removal" -> notify = v;
                default -> {
                    // read-only (what GET renders): checked as text, then ignored
                }
            }
        }
        return new FlowRuleParser.RuleInput(table, priority, match, instructions, actions, idle, hard, cookie,
                notify);
    }
}
