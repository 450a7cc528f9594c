package io.skylane.southbound.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The OVSDB wire notation of values (RFC 7047 §5.1): an atom is a JSON string, number or boolean,
 * or {@code ["uuid", "..."]} / {@code ["named-uuid", "..."]}; a set is one atom or
 * {@code ["set", [atoms]]}; a map is {@code ["map", [[key, value], ...]]}. Readers are strict:
 * a value of another shape is a {@link OvsdbProtocolException}, never silently empty.
 */
final class OvsdbData {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private OvsdbData() {
    }

    // ---- reading ------------------------------------------------------------------------------

    /** The members of a set column (a bare atom is a one-member set). */
    static ImmutableList<JsonNode> setMembers(JsonNode value, String column) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return ImmutableList.of();
        }
        if (value.isArray() && value.size() == 2 && "set".equals(value.get(0).asText()) && value.get(1).isArray()) {
            return ImmutableList.copyOf(value.get(1));
        }
        if (value.isArray() && !isUuidPair(value)) {
            throw new OvsdbProtocolException("column " + column + " is not an OVSDB set: " + value);
        }
        return ImmutableList.of(value);
    }

    /** A set of UUIDs (a reference column such as {@code Bridge.ports}). */
    static ImmutableSet<String> uuidSet(JsonNode value, String column) {
        ImmutableSet.Builder<String> b = ImmutableSet.builder();
        for (JsonNode m : setMembers(value, column)) {
            b.add(uuid(m, column));
        }
        return b.build();
    }

    /** The UUID of a {@code ["uuid", "..."]} atom. */
    static String uuid(JsonNode atom, String column) {
        if (!isUuidPair(atom) || !"uuid".equals(atom.get(0).asText())) {
            throw new OvsdbProtocolException("column " + column + " holds no uuid: " + atom);
        }
        return atom.get(1).asText();
    }

    /** A map of strings to strings ({@code options}, {@code external_ids}, {@code other_config}). */
    static ImmutableMap<String, String> stringMap(JsonNode value, String column) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return ImmutableMap.of();
        }
        if (!value.isArray() || value.size() != 2 || !"map".equals(value.get(0).asText()) || !value.get(1).isArray()) {
            throw new OvsdbProtocolException("column " + column + " is not an OVSDB map: " + value);
        }
        ImmutableMap.Builder<String, String> b = ImmutableMap.builder();
        for (JsonNode pair : value.get(1)) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isTextual() || !pair.get(1).isTextual()) {
                throw new OvsdbProtocolException("column " + column + " has a pair that is not two strings: " + pair);
            }
            b.put(pair.get(0).asText(), pair.get(1).asText());
        }
        return b.buildKeepingLast();
    }

    /** A string column, or an optional one (a set of 0 or 1 strings). */
    static Optional<String> optionalString(JsonNode value, String column) {
        ImmutableList<JsonNode> members = setMembers(value, column);
        if (members.isEmpty()) {
            return Optional.empty();
        }
        if (members.size() > 1 || !members.get(0).isTextual()) {
            throw new OvsdbProtocolException("column " + column + " is not one string: " + value);
        }
        return Optional.of(members.get(0).asText());
    }

    /** An integer column, or an optional one (a set of 0 or 1 integers). */
    static OptionalLong optionalLong(JsonNode value, String column) {
        ImmutableList<JsonNode> members = setMembers(value, column);
        if (members.isEmpty()) {
            return OptionalLong.empty();
        }
        if (members.size() > 1 || !members.get(0).isIntegralNumber()) {
            throw new OvsdbProtocolException("column " + column + " is not one integer: " + value);
        }
        return OptionalLong.of(members.get(0).asLong());
    }

    static OptionalInt optionalInt(JsonNode value, String column) {
        OptionalLong l = optionalLong(value, column);
        return l.isPresent() ? OptionalInt.of((int) l.getAsLong()) : OptionalInt.empty();
    }

    private static boolean isUuidPair(JsonNode n) {
        return n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()
                && ("uuid".equals(n.get(0).asText()) || "named-uuid".equals(n.get(0).asText()));
    }

    // ---- writing ------------------------------------------------------------------------------

    static ArrayNode uuidAtom(String uuid) {
        return JSON.arrayNode().add("uuid").add(uuid);
    }

    static ArrayNode namedUuid(String name) {
        return JSON.arrayNode().add("named-uuid").add(name);
    }

    /** {@code ["set", [atom...]]}. */
    static ArrayNode set(JsonNode... atoms) {
        ArrayNode members = JSON.arrayNode();
        for (JsonNode a : atoms) {
            members.add(a);
        }
        return JSON.arrayNode().add("set").add(members);
    }

    /** An optional integer: the number, or the empty set. */
    static JsonNode optionalInt(OptionalInt value) {
        return value.isPresent() ? JSON.numberNode(value.getAsInt()) : set();
    }

    /** {@code ["map", [[k, v], ...]]}, in the map's order. */
    static ArrayNode map(Map<String, String> map) {
        ArrayNode pairs = JSON.arrayNode();
        for (Map.Entry<String, String> e : map.entrySet()) {
            pairs.add(JSON.arrayNode().add(e.getKey()).add(e.getValue()));
        }
        return JSON.arrayNode().add("map").add(pairs);
    }

    /** The condition {@code [column, "==", value]} of a where clause. */
    static ArrayNode equal(String column, JsonNode value) {
        return JSON.arrayNode().add(column).add("==").add(value);
    }

    /** A where clause selecting one row by its UUID. */
    static ArrayNode whereUuid(String uuid) {
        return JSON.arrayNode().add(equal("_uuid", uuidAtom(uuid)));
    }
}
