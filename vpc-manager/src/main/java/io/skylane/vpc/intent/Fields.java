package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict reading of one request object (Jackson tree). Every accessor names the field it refuses
 * by its path in the request and throws a 400 {@link IntentException}; nothing is coerced (a
 * number in a string is not a number). {@code null} in JSON is "absent" only where a method says so.
 */
final class Fields {

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    private final ObjectNode body;
    private final String path;

    Fields(ObjectNode body, String path) {
        this.body = body;
        this.path = path;
    }

    static Fields of(JsonNode v, String path) {
        if (v == null || !v.isObject()) {
            throw IntentException.invalid(path, "must be an object, got " + describe(v));
        }
        return new Fields((ObjectNode) v, path);
    }

    String at(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    /** Refuses keys not in {@code allowed}; {@code readOnly} keys get a clearer message. */
    Fields only(Set<String> allowed, Set<String> readOnly) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw IntentException.invalid(at(k), readOnly.contains(k) ? "is read only here" : "unknown field");
            }
        }
        return this;
    }

    boolean has(String key) {
        return body.has(key);
    }

    /** Present and not JSON null. */
    boolean hasValue(String key) {
        return body.hasNonNull(key);
    }

    JsonNode raw(String key) {
        return body.get(key);
    }

    String text(String key, int maxLength, String dflt) {
        JsonNode v = body.get(key);
        if (v == null) {
            return dflt;
        }
        return text(v, at(key), maxLength);
    }

    static String text(JsonNode v, String path, int maxLength) {
        if (v == null || !v.isTextual()) {
            throw IntentException.invalid(path, "must be a string, got " + describe(v));
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw IntentException.invalid(path, "must be at most " + maxLength + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw IntentException.invalid(path, "must not contain control characters");
            }
        }
        return s;
    }

    boolean bool(String key, boolean dflt) {
        JsonNode v = body.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw IntentException.invalid(at(key), "must be true or false, got " + describe(v));
        }
        return v.booleanValue();
    }

    /** An integer in min..max; {@code null} (or absent) gives null when {@code nullable}. */
    Integer integer(String key, long min, long max, boolean nullable) {
        JsonNode v = body.get(key);
        if (v == null || v.isNull()) {
            if (nullable || v == null) {
                return null;
            }
        }
        return (int) integer(v, at(key), min, max);
    }

    static long integer(JsonNode v, String path, long min, long max) {
        if (v == null || !v.isIntegralNumber()) {
            throw IntentException.invalid(path, "must be an integer " + min + ".." + max + ", got " + describe(v));
        }
        if (!v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
            throw IntentException.invalid(path, "must be " + min + ".." + max + ", got " + v.asText());
        }
        return v.longValue();
    }

    UUID uuid(String key) {
        JsonNode v = body.get(key);
        return v == null || v.isNull() ? null : uuid(v, at(key));
    }

    static UUID uuid(JsonNode v, String path) {
        String s = text(v, path, 36);
        try {
            UUID u = UUID.fromString(s);
            if (!u.toString().equals(s.toLowerCase(java.util.Locale.ROOT)) || s.length() != 36) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw IntentException.invalid(path, "must be a UUID, got \"" + s + "\"");
        }
    }

    static InetAddress ip(JsonNode v, String path) {
        String s = text(v, path, 64);
        try {
            return IpAddresses.parse(s);
        } catch (IllegalArgumentException e) {
            throw IntentException.invalid(path, "must be an IP address, got \"" + s + "\"");
        }
    }

    static IpPrefix prefix(JsonNode v, String path) {
        String s = text(v, path, 64);
        try {
            return IpPrefix.parse(s);
        } catch (IllegalArgumentException e) {
            throw IntentException.invalid(path, "must be a prefix with zero host bits (10.0.0.0/24), got \""
                    + s + "\": " + e.getMessage());
        }
    }

    static MacAddress mac(JsonNode v, String path) {
        String s = text(v, path, 17);
        if (!MAC.matcher(s).matches()) {
            throw IntentException.invalid(path, "must be a MAC address xx:xx:xx:xx:xx:xx, got \"" + s + "\"");
        }
        MacAddress m = MacAddress.parse(s);
        if (m.isMulticast() || m.equals(MacAddress.ZERO)) {
            throw IntentException.invalid(path, "must be a unicast MAC address, got \"" + s + "\"");
        }
        return m;
    }

    /** The elements of a list field; absent gives null, JSON null is refused. */
    List<JsonNode> list(String key, int maxElements) {
        JsonNode v = body.get(key);
        if (v == null) {
            return null;
        }
        return list(v, at(key), maxElements);
    }

    static List<JsonNode> list(JsonNode v, String path, int maxElements) {
        if (!v.isArray()) {
            throw IntentException.invalid(path, "must be a list, got " + describe(v));
        }
        if (v.size() > maxElements) {
            throw IntentException.invalid(path, "must have at most " + maxElements + " elements");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
