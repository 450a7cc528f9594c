package io.skylane.northbound;

import static io.skylane.northbound.JsonInput.at;
import static io.skylane.northbound.JsonInput.bad;
import static io.skylane.northbound.JsonInput.integer;
import static io.skylane.northbound.JsonInput.object;
import static io.skylane.northbound.JsonInput.onlyKeys;
import static io.skylane.northbound.JsonInput.required;
import static io.skylane.northbound.JsonInput.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.Ip4Address;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the parts of the Open vSwitch actions that are more than numbers, in the shape
 * {@link FlowJson} renders them: a ct action's {@code nat} and multipath's names and destination.
 */
final class FlowActionFields {

    private static final Set<String> NAT_KEYS = Set.of("type", "address", "port");
    private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern METADATA_BITS = Pattern.compile("metadata\\[(\\d{1,2})\\.\\.(\\d{1,2})]");

    private FlowActionFields() {
    }

    /**
     * {@code {"type": "existing"}} or {@code {"type": "src"|"dst", "address": "A[-B]", "port": P | "P-Q"}}.
     */
    static Nat nat(JsonNode node, String path) {
        ObjectNode o = object(node, path);
        onlyKeys(o, path, NAT_KEYS, Set.of());
        String typePath = at(path, "type");
        Nat.Type type = named(required(o, path, "type"), typePath, Nat.Type.values(), t -> t.name().toLowerCase(java.util.Locale.ROOT));
        if (type == Nat.Type.EXISTING) {
            for (String k : new String[] {"address", "port"}) {
                if (o.has(k)) {
                    throw bad(at(path, k), "nat of type existing takes no " + k);
                }
            }
            return Nat.existing();
        }
        String addressPath = at(path, "address");
        String address = text(required(o, path, "address"), addressPath);
        int dash = address.indexOf('-');
        Ip4Address min = ip4(dash < 0 ? address : address.substring(0, dash), addressPath);
        Ip4Address max = dash < 0 ? min : ip4(address.substring(dash + 1), addressPath);
        int minPort = 0;
        int maxPort = 0;
        if (o.has("port")) {
            String portPath = at(path, "port");
            JsonNode p = o.get("port");
            if (p.isTextual()) {
                Matcher m = PORT_RANGE.matcher(p.textValue());
                if (!m.matches()) {
                    throw bad(portPath, "must be a port 1..65535 or a range \"1024-65279\", got " + JsonInput.describe(p));
                }
                minPort = Integer.parseInt(m.group(1));
                maxPort = Integer.parseInt(m.group(2));
                if (minPort < 1 || maxPort > 0xffff || maxPort < minPort) {
                    throw bad(portPath, "must be a range of ports 1..65535 that does not end before it starts");
                }
            } else {
                minPort = (int) integer(p, portPath, 1, 0xffff);
                maxPort = minPort;
            }
        }
        try {
            return new Nat(type, min, max, minPort, maxPort);
        } catch (IllegalArgumentException e) {
            throw bad(addressPath, e.getMessage());
        }
    }

    /** One of {@code values} by the name {@code name} gives it. */
    static <E> E named(JsonNode node, String path, E[] values, Function<E, String> name) {
        String given = text(node, path);
        for (E v : values) {
            if (name.apply(v).equals(given)) {
                return v;
            }
        }
        throw bad(path, "must be one of " + Arrays.stream(values).map(name).collect(Collectors.joining(", "))
                + ", got \"" + given + "\"");
    }

    /** {@code "metadata[32..47]"}: the offset and the number of bits. */
    static int[] metadataBits(JsonNode node, String path) {
        Matcher m = METADATA_BITS.matcher(text(node, path));
        if (!m.matches()) {
            throw bad(path, "must be a bit range of metadata, \"metadata[32..47]\", got " + JsonInput.describe(node));
        }
        int from = Integer.parseInt(m.group(1));
        int to = Integer.parseInt(m.group(2));
        if (to < from || to > 63) {
            throw bad(path, "bits must lie within metadata[0..63], first to last");
        }
        return new int[] {from, to - from + 1};
    }

    private static Ip4Address ip4(String text, String path) {
        try {
            return Ip4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(path, "must be an IPv4 address or a range \"10.0.0.21-10.0.0.23\", got \"" + text + "\"");
        }
    }
}
