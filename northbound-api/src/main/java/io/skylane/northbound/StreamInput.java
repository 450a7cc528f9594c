package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Optional;

/**
 * Reading request JSON from a streaming parser, for bodies too large to hold as one tree (the
 * static flow API's bulk requests): a value is taken as a small {@link JsonNode} only when the
 * reader reaches it, and checked as {@link JsonBodies} checks a whole tree (every string and key
 * Unicode text). A refusal names the field by its path ({@code flows[3].match.ipv4_dst}), worked
 * out from the parser's position only when something is refused.
 */
final class StreamInput {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private StreamInput() {
    }

    /**
     * The value at the parser's current token as a node, the same node Jackson's tree reader makes;
     * the parser is left on the value's last token.
     */
    static JsonNode node(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                String s = p.getText();
                requireText(p, s);
                return TextNode.valueOf(s);
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> IntNode.valueOf(p.getIntValue());
                    case LONG -> LongNode.valueOf(p.getLongValue());
                    default -> BigIntegerNode.valueOf(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return DoubleNode.valueOf(p.getDoubleValue());
            case VALUE_TRUE:
                return BooleanNode.TRUE;
            case VALUE_FALSE:
                return BooleanNode.FALSE;
            case VALUE_NULL:
                return NullNode.instance;
            case START_ARRAY:
                ArrayNode a = F.arrayNode();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(node(p));
                }
                return a;
            case START_OBJECT:
                ObjectNode o = F.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    requireKeyText(p, k);
                    p.nextToken();
                    if (o.replace(k, node(p)) != null) {
                        throw duplicate(p, k);
                    }
                }
                return o;
            default:
                throw new IllegalStateException("not at a value: " + t);
        }
    }

    /** Refuses a key of the object being read that is not Unicode text (blaming the object, as a tree check does). */
    static void requireKeyText(JsonParser p, String key) {
        Optional<String> problem = UnicodeText.problem(key);
        if (problem.isPresent()) {
            String path = entryPath(p.getParsingContext().getParent());
            throw ApiException.badRequest((path.isEmpty() ? "the body" : path) + ": a key holds " + problem.get()
                    + ": only Unicode text is accepted", path.isEmpty() ? null : path);
        }
    }

    /** Refuses a key the object at the parser does not take: {@code flows[1].actionz: unknown field}. */
    static ApiException unknownKey(JsonParser p, String key) {
        requireKeyText(p, key);
        return JsonInput.bad(entryPath(p.getParsingContext()), "unknown field");
    }

    /**
     * The 400 for a key given twice in one object, as Jackson's duplicate detection words it (a
     * parser that reads with {@link #node} can leave that detection off).
     */
    static ApiException duplicate(JsonParser p, String key) {
        JsonLocation l = p.currentLocation();
        return ApiException.badRequest("malformed JSON: Duplicate field '" + key + "' (line " + l.getLineNr()
                + ", column " + l.getColumnNr() + ")", null);
    }

    /** The path of the value at the parser's current token; "" for the body itself. */
    static String path(JsonParser p) {
        JsonToken t = p.currentToken();
        JsonStreamContext c = p.getParsingContext();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            c = c.getParent();
        }
        return entryPath(c);
    }

    private static void requireText(JsonParser p, String s) {
        Optional<String> problem = UnicodeText.problem(s);
        if (problem.isPresent()) {
            throw JsonInput.bad(path(p), "the string holds " + problem.get() + ": only Unicode text is accepted");
        }
    }

    /** The path of the entry a context is at: its parent's path and its current key or index. */
    private static String entryPath(JsonStreamContext c) {
        if (c == null || c.inRoot()) {
            return "";
        }
        String parent = entryPath(c.getParent());
        if (c.inArray()) {
            return JsonInput.at(parent, c.getCurrentIndex());
        }
        return JsonInput.at(parent, c.getCurrentName());
    }
}
