package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How a JSON value reads in a table cell. */
final class Values {

    private Values() {
    }

    /**
     * Text as is; numbers and booleans as written; null or absent as {@code -}; a list of values
     * comma-separated; an object as {@code k=v, k=v} without its nulls; a list of objects one per line.
     */
    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "-";
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        if (v.isObject()) {
            List<String> parts = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull() && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
                    parts.add(e.getKey() + "=" + text(e.getValue()));
                }
            }
            return String.join(", ", parts);
        }
        List<String> items = new ArrayList<>();
        boolean objects = false;
        for (JsonNode x : v) {
            objects |= x.isObject();
            items.add(text(x));
        }
        return String.join(objects ? "\n" : ", ", items);
    }

    /** {@code o.key} as text. */
    static String field(JsonNode o, String key) {
        return text(o.get(key));
    }

    /** {@code sub} of every object in the list {@code o.key}, comma-separated. */
    static String each(JsonNode o, String key, String sub) {
        List<String> out = new ArrayList<>();
        JsonNode list = o.get(key);
        if (list != null) {
            list.forEach(x -> out.add(text(x.get(sub))));
        }
        return String.join(", ", out);
    }
}
