package io.skylane.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checked-in OpenAPI document ({@code openapi.json}) as tests use it: finding the operation of a
 * request, and checking an answer against it (the status is documented for the operation, the body
 * conforms to the documented schema). The schema check is a small JSON Schema subset, the one the
 * document uses: {@code $ref}, {@code type} (one or several), {@code properties}, {@code required},
 * {@code additionalProperties}, {@code items}, {@code enum}, {@code oneOf}, {@code minimum}/{@code maximum},
 * {@code minLength}/{@code maxLength}, {@code maxItems}, {@code pattern}, {@code propertyNames}.
 */
final class OpenApiCheck {

    static final JsonNode DOC;

    static {
        try {
            DOC = new ObjectMapper().readTree(SystemRoutes.openApiDocument());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OpenApiCheck() {
    }

    /** The path template of the document matching a request path (query left out), or null. */
    static String template(String path) {
        String best = null;
        for (Iterator<String> it = DOC.get("paths").fieldNames(); it.hasNext(); ) {
            String t = it.next();
            String regex = Pattern.quote(t).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (path.matches(regex) && (best == null || !t.contains("{"))) {
                best = t;
            }
        }
        return best;
    }

    /**
     * Checks one answer: its status must be documented for the operation (or be what the document's
     * {@code default} covers: 405, 500, 503; 404 for an unknown route, 401 before routing), its body must
     * conform.
     *
     * @throws AssertionError naming the operation, the status and the first mismatch
     */
    static void check(String method, String pathAndQuery, int status, String contentType, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String t = template(path);
        String where = method + " " + pathAndQuery + " -> " + status;
        JsonNode response;
        JsonNode op = t == null ? null : DOC.get("paths").get(t).get(method.toLowerCase(Locale.ROOT));
        if (op == null) {
            if (status != (t == null ? 404 : 405) && status != 401) {
                throw new AssertionError(where + ": no such operation in the OpenAPI document");
            }
            response = resolve(DOC.at("/components/responses/Error"));
        } else {
            JsonNode r = op.get("responses").get(Integer.toString(status));
            if (r == null && (status == 405 || status == 500 || status == 503)) {
                r = op.get("responses").get("default");
            }
            if (r == null) {
                throw new AssertionError(where + ": status " + status + " is not documented for " + method + " " + t);
            }
            response = resolve(r);
        }
        JsonNode content = response.get("content");
        if (content == null) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(where + ": documented without a body, got " + body);
            }
            return;
        }
        String media = content.fieldNames().next();
        if (!contentType.startsWith(media)) {
            throw new AssertionError(where + ": documented as " + media + ", got " + contentType);
        }
        if (!media.equals("application/json")) {
            return;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new AssertionError(where + ": not JSON: " + body, e);
        }
        List<String> problems = new ArrayList<>();
        validate(content.get(media).get("schema"), json, "", problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(where + ": the body does not conform to the OpenAPI document: "
                    + String.join("; ", problems) + "\n  body: " + body);
        }
    }

    static JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new AssertionError("only local references are used: " + ref);
            }
            JsonNode target = DOC.at(ref.substring(1));
            if (target.isMissingNode()) {
                throw new AssertionError("unresolved reference " + ref);
            }
            node = target;
        }
        return node;
    }

    /** Appends to {@code problems} what in {@code value} (at {@code at}) does not conform to {@code schema}. */
    static void validate(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema = resolve(schema);
        String where = at.isEmpty() ? "(body)" : at;
        if (schema.has("oneOf")) {
            int matching = 0;
            List<String> why = new ArrayList<>();
            for (JsonNode alt : schema.get("oneOf")) {
                List<String> p = new ArrayList<>();
                validate(alt, value, at, p);
                if (p.isEmpty()) {
                    matching++;
                } else {
                    why.addAll(p);
                }
            }
            if (matching != 1) {
                problems.add(where + ": matches " + matching + " of the oneOf alternatives " + why);
            }
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(where + ": expected " + schema.get("type") + ", got " + value);
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isNumber()) {
            if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
                problems.add(where + ": " + value + " < minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
                problems.add(where + ": " + value + " > maximum " + schema.get("maximum"));
            }
        }
        if (value.isTextual()) {
            int len = value.asText().codePointCount(0, value.asText().length());
            if (schema.has("minLength") && len < schema.get("minLength").asInt()
                    || schema.has("maxLength") && len > schema.get("maxLength").asInt()) {
                problems.add(where + ": length " + len + " out of bounds");
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(value.asText()).find()) {
                problems.add(where + ": " + value + " does not match " + schema.get("pattern"));
            }
        }
        if (value.isArray()) {
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                problems.add(where + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    validate(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
        }
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asText())) {
                    problems.add(where + ": " + r.asText() + " is required");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String child = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
                if (schema.has("propertyNames")) {
                    validate(schema.get("propertyNames"), new TextNode(f.getKey()), child + " (name)", problems);
                }
                if (props.has(f.getKey())) {
                    validate(props.get(f.getKey()), f.getValue(), child, problems);
                } else if (schema.has("additionalProperties")) {
                    JsonNode extra = schema.get("additionalProperties");
                    if (extra.isBoolean()) {
                        if (!extra.asBoolean()) {
                            problems.add(child + ": not in the document");
                        }
                    } else {
                        validate(extra, f.getValue(), child, problems);
                    }
                }
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        switch (type.asText()) {
            case "object":
                return value.isObject();
            case "array":
                return value.isArray();
            case "string":
                return value.isTextual();
            case "integer":
                return value.isIntegralNumber();
            case "number":
                return value.isNumber();
            case "boolean":
                return value.isBoolean();
            case "null":
                return value.isNull();
            default:
                throw new AssertionError("unknown type " + type);
        }
    }
}
