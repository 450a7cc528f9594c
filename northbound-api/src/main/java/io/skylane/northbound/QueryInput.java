package io.skylane.northbound;

import io.javalin.http.Context;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict reading of query parameters, as {@link JsonInput} reads bodies: an unknown parameter, a
 * repeated one, an empty value or a value of the wrong form is a 400 naming the parameter, so a
 * mistyped filter never silently widens an answer. Every route declares its parameters here
 * ({@link #onlyParams}), those that take none too; and before any route runs, the query string
 * must decode to Unicode text ({@link #requireText}).
 */
final class QueryInput {

    private static final String HEX = "0123456789abcdef";

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

    /** Refuses every parameter, saying {@code why} the route takes none. */
    static void noParams(Context ctx, String why) {
        for (String k : ctx.queryParamMap().keySet()) {
            throw ApiException.badRequest("query parameter " + k + " is not supported here: " + why, k);
        }
    }

    /**
     * Refuses a query string that does not decode to Unicode text: a malformed escape ({@code %zz}),
     * bytes that are not UTF-8 (a lone surrogate has no UTF-8 form, so {@code %ED%A0%80} is such
     * bytes), a non-character ({@link UnicodeText}). Runs before every route, the tenant resource
     * lists included (they read their filters themselves); a 400 naming the parameter, or naming
     * none when it is the parameter's name that is bad.
     */
    static void requireText(Context ctx) {
        String query = ctx.queryString();
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), null);
            if (eq >= 0) {
                decode(pair.substring(eq + 1), name);
            }
        }
    }

    /** One name or value of a query string, percent-decoded as UTF-8 ({@code +} is a space); 400 blaming {@code field}. */
    private static String decode(String raw, String field) {
        String what = field == null ? "a query parameter name" : "query parameter " + field;
        StringBuilder out = new StringBuilder(raw.length());
        ByteBuffer bytes = ByteBuffer.allocate(raw.length() / 3 + 1);
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c == '+' ? ' ' : c);
                i++;
                continue;
            }
            bytes.clear();
            for (; i < raw.length() && raw.charAt(i) == '%'; i += 3) {
                int hi = i + 2 < raw.length() ? HEX.indexOf(Character.toLowerCase(raw.charAt(i + 1))) : -1;
                int lo = hi < 0 ? -1 : HEX.indexOf(Character.toLowerCase(raw.charAt(i + 2)));
                if (lo < 0) {
                    throw ApiException.badRequest(what + " has a malformed escape: % must be followed by two hex"
                            + " digits", field);
                }
                bytes.put((byte) (hi << 4 | lo));
            }
            bytes.flip();
            try {
                out.append(StandardCharsets.UTF_8.newDecoder().decode(bytes));
            } catch (CharacterCodingException e) {
                throw ApiException.badRequest(what + " is not UTF-8 once percent-decoded (a lone surrogate has no"
                        + " UTF-8 form): only Unicode text is accepted", field);
            }
        }
        UnicodeText.problem(out.toString()).ifPresent(p -> {
            throw ApiException.badRequest(what + " holds " + p + ": only Unicode text is accepted", field);
        });
        return out.toString();
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
