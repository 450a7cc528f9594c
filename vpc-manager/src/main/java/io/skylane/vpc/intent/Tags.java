package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The orchestrator's free-form {@code tags} (strings) and {@code external_ids} (string map). */
final class Tags {

    static final int MAX = 64;

    private Tags() {
    }

    static List<String> tags(Fields f, List<String> current) {
        List<JsonNode> given = f.list("tags", MAX);
        if (given == null) {
            return current == null ? List.of() : current;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = Fields.at("tags", i);
            String t = Fields.text(given.get(i), path, 255);
            if (t.isEmpty()) {
                throw IntentException.invalid(path, "must not be empty");
            }
            if (out.contains(t)) {
                throw IntentException.invalid(path, "\"" + t + "\" is listed twice");
            }
            out.add(t);
        }
        return out;
    }

    static Map<String, String> externalIds(Fields f, Map<String, String> current) {
        if (!f.has("external_ids")) {
            return current == null ? Map.of() : current;
        }
        JsonNode v = f.raw("external_ids");
        if (!v.isObject()) {
            throw IntentException.invalid("external_ids", "must be an object of strings, got " + Fields.describe(v));
        }
        if (v.size() > MAX) {
            throw IntentException.invalid("external_ids", "must have at most " + MAX + " keys");
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = "external_ids." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > 255) {
                throw IntentException.invalid(path, "keys must have 1..255 characters");
            }
            out.put(e.getKey(), Fields.text(e.getValue(), path, 1024));
        }
        return out;
    }
}
