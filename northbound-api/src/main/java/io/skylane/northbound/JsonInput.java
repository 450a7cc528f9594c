package io.skylane.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import java.net.InetAddress;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict reading of request JSON (Jackson tree model). Every check names the field it refuses by
 * its path in the request ({@code flows[3].match.ipv4_dst}) and throws a 400
 * {@link ApiException}; nothing is coerced (a number in a string is not a number).
 */
final class JsonInput {

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    private JsonInput() {
    }

    /** The path of a key inside the object at {@code path}. */
    static String at(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The path of an element of the array at {@code path}. */
    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    /** A 400 error blaming {@code path}; the message starts with the path. */
    static ApiException bad(String path, String message) {
        return ApiException.badRequest(path + ": " + message, path);
    }

    static ObjectNode object(JsonNode v, String path) {
        if (v == null || !v.isObject()) {
            throw bad(path, "must be an object, got " + describe(v));
        }
        return (ObjectNode) v;
    }

    static ArrayNode array(JsonNode v, String path) {
        if (v == null || !v.isArray()) {
            throw bad(path, "must be a list, got " + describe(v));
        }
        return (ArrayNode) v;
    }

    static String text(JsonNode v, String path) {
        if (v == null || !v.isTextual()) {
            throw bad(path, "must be a string, got " + describe(v));
        }
        return v.textValue();
    }

    static boolean bool(JsonNode v, String path) {
        if (v == null || !v.isBoolean()) {
            throw bad(path, "must be true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** An integral JSON number in {@code min..max}. */
    static long integer(JsonNode v, String path, long min, long max) {
        if (v == null || !v.isIntegralNumber()) {
            throw bad(path, "must be an integer " + min + ".." + max + ", got " + describe(v));
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw bad(path, "must be " + min + ".." + max + ", got " + v.asText());
        }
        return v.longValue();
    }

    /** Refuses a key of {@code o} that is neither in {@code allowed} nor in {@code ignored}. */
    static void onlyKeys(ObjectNode o, String path, Set<String> allowed, Set<String> ignored) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k) && !ignored.contains(k)) {
                throw bad(at(path, k), "unknown field");
            }
        }
    }

    /** The value of a required key. */
    static JsonNode required(ObjectNode o, String path, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            throw bad(at(path, key), "is required");
        }
        return v;
    }

    /** A UUID in its canonical form (36 characters, any case). */
    static UUID uuid(JsonNode v, String path) {
        String s = text(v, path);
        try {
            UUID u = UUID.fromString(s);
            if (s.length() == 36 && u.toString().equals(s.toLowerCase(Locale.ROOT))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw bad(path, "must be a UUID, got " + describe(v));
    }

    /** An IPv4 or IPv6 address. */
    static InetAddress ip(JsonNode v, String path) {
        String s = text(v, path);
        try {
            return IpAddresses.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be an IP address, got " + describe(v));
        }
    }

    /** A prefix with zero host bits, {@code 10.0.0.0/24}. */
    static IpPrefix prefix(JsonNode v, String path) {
        String s = text(v, path);
        try {
            return IpPrefix.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be a prefix with zero host bits (10.0.0.0/24), got " + describe(v) + ": "
                    + e.getMessage());
        }
    }

    /** A MAC address {@code xx:xx:xx:xx:xx:xx}. */
    static MacAddress mac(JsonNode v, String path) {
        String s = text(v, path);
        if (!MAC.matcher(s).matches()) {
            throw bad(path, "must be a MAC address xx:xx:xx:xx:xx:xx, got " + describe(v));
        }
        return MacAddress.parse(s);
    }

    /** A short description of a value for messages: its JSON type and (short) text. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        String type = v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        if (v.isContainerNode()) {
            return "an " + (v.isArray() ? "array" : "object");
        }
        String text = v.isTextual() ? "\"" + v.textValue() + "\"" : v.asText();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return type + " " + text;
    }
}
