package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the generic commands need to know of one resource type: its command name, its URL path
 * under {@code /v1}, its JSON envelope names, the columns of its list table, the options of
 * {@code create} and {@code update}, the shortcuts of {@code list} (option to filter field), and how
 * {@code show} writes the fields that need more than {@link Values#text} ({@code cells}).
 */
record ResourceSpec(String command, String path, String singular, String plural, String description,
        List<Column> columns, List<FieldOption> fields, Map<String, String> listShortcuts, boolean updatable,
        Map<String, Function<JsonNode, String>> cells) {

    ResourceSpec(String command, String path, String singular, String plural, String description,
            List<Column> columns, List<FieldOption> fields, Map<String, String> listShortcuts, boolean updatable) {
        this(command, path, singular, plural, description, columns, fields, listShortcuts, updatable, Map.of());
    }

    ResourceSpec {
        columns = List.copyOf(columns);
        fields = List.copyOf(fields);
        listShortcuts = Collections.unmodifiableMap(new LinkedHashMap<>(listShortcuts));
        cells = Map.copyOf(cells);
    }

    /** The fields {@code update} takes: all but the create-only ones. */
    List<FieldOption> updateFields() {
        return fields.stream().filter(f -> !f.createOnly()).toList();
    }

    /** {@code /v1/<path>}. */
    String collection() {
        return "/v1/" + path;
    }

    /** {@code /v1/<path>/<id>}. */
    String item(String id) {
        return collection() + "/" + ApiClient.segment(id);
    }
}
