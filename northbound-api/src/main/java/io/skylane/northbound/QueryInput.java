package io.skylane.northbound;

import io.javalin.http.Context;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of query parameters, as {@link JsonInput} reads bodies: an unknown parameter, a
 * repeated one, an empty value or a value of the wrong form is a 400 naming the parameter, so a
 * mistyped filter never silently widens an answer.
 */
final class QueryInput {

    private QueryInput() {
    }

    /** Refuses any parameter not in {@code allowed}. */
    static void onlyParams(Context ctx, Set<String> allowed) {
        for (String k : ctx.queryParamMap().keySet()) {
            if (!allowed.contains(k)) {
                String known = allowed.isEmpty() ? "none" : String.join(", ", allowed.stream().sorted().toList());
                throw ApiException.badRequest("unknown query parameter " + k + " (known: " + known + ")", k);
            }
        }
    }

    /** The value of a parameter given at most once, not empty; empty if it is absent. */
    static Optional<String> param(Context ctx, String name) {
        Map<String, List<String>> all = ctx.queryParamMap();
        List<String> values = all.get(name);
        if (values == null || values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + " is given " + values.size() + " times: give it once", name);
        }
        String v = values.get(0).trim();
        if (v.isEmpty()) {
            throw ApiException.badRequest(name + " must not be empty", name);
        }
        return Optional.of(v);
    }

    /** A required parameter. */
    static String required(Context ctx, String name) {
        return param(ctx, name).orElseThrow(() -> ApiException.badRequest(name + " is required", name));
    }

    /** {@code true} or {@code false}; {@code dflt} if absent. */
    static boolean bool(Context ctx, String name, boolean dflt) {
        return param(ctx, name).map(v -> {
            if (v.equals("true")) {
                return true;
            }
            if (v.equals("false")) {
                return false;
            }
            throw ApiException.badRequest(name + " must be true or false, got " + v, name);
        }).orElse(dflt);
    }

    /** An integer in {@code min..max}; empty if absent. */
    static Optional<Integer> integer(Context ctx, String name, int min, int max) {
        return param(ctx, name).map(v -> {
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(name + " must be an integer " + min + ".." + max + ", got " + v, name);
            }
            if (n < min || n > max) {
                throw ApiException.badRequest(name + " must be " + min + ".." + max + ", got " + v, name);
            }
            return n;
        });
    }

    /** A datapath id (see {@link DeviceId#parse}); 400 naming {@code field} if it is not one. */
    static DeviceId deviceId(String text, String field) {
        try {
            return DeviceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": " + e.getMessage(), field);
        }
    }

    /** A MAC address, {@code aa:bb:cc:dd:ee:ff}; 400 naming {@code field} if it is not one. */
    static MacAddress mac(String text, String field) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": " + e.getMessage(), field);
        }
    }

    /** A dotted-quad IPv4 address; 400 naming {@code field} if it is not one. */
    static Ip4Address ip(String text, String field) {
        try {
            return Ip4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + ": " + e.getMessage(), field);
        }
    }
}
