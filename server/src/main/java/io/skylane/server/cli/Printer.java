package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Prints answers as tables, or ({@code --output json}) as the API's JSON exactly as it came. */
final class Printer {

    private final PrintWriter out;
    private final PrintWriter err;
    private final ClientOptions.Output format;

    Printer(PrintWriter out, PrintWriter err, ClientOptions.Output format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    /** A listing {@code {"<plural>": [...], "<plural>_links": [...]}} as one row per resource. */
    void list(ApiClient.Response r, String plural, List<Column> columns) {
        if (raw(r)) {
            return;
        }
        JsonNode body = r.json();
        List<String> headers = new ArrayList<>();
        columns.forEach(c -> headers.add(c.header()));
        List<List<String>> rows = new ArrayList<>();
        JsonNode items = body.path(plural);
        for (JsonNode item : items) {
            List<String> row = new ArrayList<>();
            columns.forEach(c -> row.add(c.value().apply(item)));
            rows.add(row);
        }
        out.print(Table.render(headers, rows));
        out.flush();
        for (JsonNode link : body.path(plural + "_links")) {
            if ("next".equals(link.path("rel").asText()) && !items.isEmpty()) {
                err.println("(more: add --marker " + items.get(items.size() - 1).path("id").asText() + ")");
                err.flush();
            }
        }
    }

    /**
     * One resource {@code {"<singular>": {...}}} as field and value lines; any other object in the
     * answer (the token issued with a tenant) follows under its name.
     */
    void one(ApiClient.Response r, String singular) {
        one(r, singular, Map.of());
    }

    /** {@link #one(ApiClient.Response, String)} with its own way to write some fields. */
    void one(ApiClient.Response r, String singular, Map<String, Function<JsonNode, String>> cells) {
        if (raw(r)) {
            return;
        }
        JsonNode body = r.json();
        fields(body.path(singular), cells);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(singular) && e.getValue().isObject()) {
                out.println();
                out.println(e.getKey() + ":");
                fields(e.getValue(), Map.of());
                if (e.getValue().has("secret")) {
                    out.println("(the " + e.getKey() + " secret is shown only this once: keep it)");
                }
            }
        }
        out.flush();
    }

    /** Any other answer as a table whose rows {@code rows} makes of it (the status tree). */
    void table(ApiClient.Response r, List<String> headers, Function<JsonNode, List<List<String>>> rows) {
        if (raw(r)) {
            return;
        }
        out.print(Table.render(headers, rows.apply(r.json())));
        out.flush();
    }

    /** A deletion (204, no body): a line in table form, nothing in JSON. */
    void deleted(String what, String id) {
        if (format == ClientOptions.Output.TABLE) {
            out.println("deleted " + what + " " + id);
            out.flush();
        }
    }

    private void fields(JsonNode o, Map<String, Function<JsonNode, String>> cells) {
        List<List<String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Function<JsonNode, String> cell = cells.getOrDefault(e.getKey(), Values::text);
            rows.add(List.of(e.getKey(), cell.apply(e.getValue())));
        }
        out.print(Table.render(null, rows));
    }

    private boolean raw(ApiClient.Response r) {
        if (format != ClientOptions.Output.JSON) {
            return false;
        }
        out.println(r.body());
        out.flush();
        return true;
    }
}
