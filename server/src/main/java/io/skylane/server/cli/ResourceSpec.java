package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the generic commands need to know of one resource type: its command name, its URL path
 * under {@code /v1}, its JSON envelope names, the columns of its list table, the options of
 * {@code create} and {@code update}, the shortcuts of {@code list} (option to filter field), how
 * {@code show} writes the fields that need more than {@link Values#text} ({@code cells}), and for a
 * resource that lives under another ({@code parent}: a pool's members), the option naming that one.
 */
record ResourceSpec(String command, String path, String singular, String plural, String description,
        List<Column> columns, List<FieldOption> fields, Map<String, String> listShortcuts, boolean updatable,
        Map<String, Function<JsonNode, String>> cells, Parent parent) {

    ResourceSpec(String command, String path, String singular, String plural, String description,
            List<Column> columns, List<FieldOption> fields, Map<String, String> listShortcuts, boolean updatable) {
        this(command, path, singular, plural, description, columns, fields, listShortcuts, updatable, Map.of(), null);
    }

    ResourceSpec(String command, String path, String singular, String plural, String description,
            List<Column> columns, List<FieldOption> fields, Map<String, String> listShortcuts, boolean updatable,
            Map<String, Function<JsonNode, String>> cells) {
        this(command, path, singular, plural, description, columns, fields, listShortcuts, updatable, cells, null);
    }

    /**
     * The option every verb of a nested resource requires, naming the resource its collection is
     * under: {@code --pool POOL_ID} for members, at {@code /v1/pools/POOL_ID/members}.
     */
    record Parent(String option, String label, String path, String description) {

        OptionSpec spec() {
            return OptionSpec.builder(option).type(String.class).arity("1").paramLabel(label).required(true)
                    .description(description).build();
        }
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

    /** {@code /v1/<parent path>/<parentId>/<path>}, or {@link #collection()} for a resource without parent. */
    String collection(String parentId) {
        return parent == null ? collection() : "/v1/" + parent.path() + "/" + ApiClient.segment(parentId) + "/" + path;
    }

    /** {@link #collection(String)} and {@code /<id>}. */
    String item(String parentId, String id) {
        return collection(parentId) + "/" + ApiClient.segment(id);
    }
}
