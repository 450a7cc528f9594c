package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Strict reading of request bodies: one JSON value, no duplicate keys, nothing after it, at most
 * a bounded number of bytes, sent as JSON ({@code Content-Type: application/json}), every string
 * (key or value) Unicode text ({@link UnicodeText}). Every refusal is a 400 (413 when too large,
 * 415 when not sent as JSON) with the reason.
 */
public final class JsonBodies {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Jackson's note that it leaves the source out of locations: noise in an error message. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; ");

    /** A structured syntax suffix type that is JSON (RFC 6839): {@code application/merge-patch+json}. */
    private static final Pattern JSON_SUFFIX = Pattern.compile("application/[a-z0-9!#$&^_.-]+\\+json");

    private JsonBodies() {
    }

    /**
     * The body as a JSON tree; {@code hint} says what to send when the body is empty,
     * {@code tooLargeAdvice} what to do when it is too large.
     */
    public static JsonNode read(Context ctx, long maxBodyBytes, String hint, String tooLargeAdvice) {
        return read(ctx, maxBodyBytes, hint, tooLargeAdvice, null);
    }

    /**
     * The same for a body enveloped as {@code {"<envelope>": {...}}}: a field inside the envelope
     * is named as the resource's validation names it, from inside ({@code name}, not {@code vpc.name}).
     */
    static JsonNode read(Context ctx, long maxBodyBytes, String hint, String tooLargeAdvice, String envelope) {
        return tree(bytes(ctx, maxBodyBytes, hint, tooLargeAdvice), envelope);
    }

    /** Bytes of a body as a JSON tree, every string Unicode text (see {@link #read}). */
    static JsonNode tree(byte[] bytes, String envelope) {
        JsonNode body;
        try {
            body = READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw unreadable(e);
        }
        requireText(body, "", envelope);
        return body;
    }

    /**
     * The body's bytes, checked as {@link #read} checks them before parsing: at most {@code
     * maxBodyBytes} (413), not empty, sent as JSON (415). For a reader that streams them ({@link
     * #parser}).
     */
    static byte[] bytes(Context ctx, long maxBodyBytes, String hint, String tooLargeAdvice) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, tooLargeAdvice);
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            // With a Content-Length (the usual case) the body is read into one array of its size;
            // without one (chunked), up to one byte more than allowed, to tell a body too large.
            bytes = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes((int) maxBodyBytes + 1);
        } catch (IOException e) {
            throw unreadable(e);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, tooLargeAdvice);
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request body is empty: send " + hint, null);
        }
        requireJson(ctx.header("Content-Type"));
        return bytes;
    }

    /**
     * A streaming parser over a body, as strict as {@link #read}'s: a duplicate key is a parse
     * error. The caller reads one value and then checks that nothing follows it ({@link #trailing}).
     */
    static JsonParser parser(byte[] bytes) throws IOException {
        return READER.createParser(bytes);
    }

    /** The 400 for content after the body's JSON value, at the parser's current token. */
    static ApiException trailing(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return ApiException.badRequest("malformed JSON: content after the JSON value (line " + l.getLineNr()
                + ", column " + l.getColumnNr() + ")", null);
    }

    /** The 400 for a body that is not JSON, with Jackson's reason and where. */
    static ApiException malformed(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String what = e.getOriginalMessage().startsWith("Trailing token") ? "content after the JSON value"
                : SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
        return ApiException.badRequest("malformed JSON: " + what + where, null);
    }

    static ApiException unreadable(IOException e) {
        return ApiException.badRequest("could not read the request body: " + e.getMessage(), null);
    }

    /**
     * A body must say it is JSON: {@code application/json}, or a {@code +json} type (RFC 6839, e.g.
     * {@code application/merge-patch+json}), in UTF-8 if a charset is given. Without a Content-Type a
     * body is bytes of no known type (RFC 9110 section 8.3): refused like any other type.
     */
    static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw unsupported("the request body has no Content-Type: send it as application/json");
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !JSON_SUFFIX.matcher(type).matches()) {
            throw unsupported("the request body is " + parts[0].trim() + ": send it as application/json");
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset") && param.length == 2
                    && !param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                throw unsupported("the request body is in " + param[1].trim() + ": JSON is sent in UTF-8");
            }
        }
    }

    /**
     * Refuses a string that is not Unicode text anywhere in {@code n}, the value at {@code path}: a
     * value is blamed by its path ({@code name} inside an envelope, {@code flows[0].match.eth_src}),
     * a key by the path of its object (null at the top and directly inside the envelope).
     */
    private static void requireText(JsonNode n, String path, String envelope) {
        if (n.isTextual()) {
            UnicodeText.problem(n.textValue()).ifPresent(p -> {
                throw JsonInput.bad(path, "the string holds " + p + ": only Unicode text is accepted");
            });
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                requireText(n.get(i), JsonInput.at(path, i), null);
            }
        } else if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                UnicodeText.problem(e.getKey()).ifPresent(p -> {
                    throw ApiException.badRequest((path.isEmpty() ? "the body" : path) + ": a key holds " + p
                            + ": only Unicode text is accepted", path.isEmpty() ? null : path);
                });
                boolean inside = path.isEmpty() && e.getKey().equals(envelope);
                requireText(e.getValue(), inside ? "" : JsonInput.at(path, e.getKey()), null);
            }
        }
    }

    private static ApiException unsupported(String message) {
        return new ApiException(415, "unsupported_media_type", message, "Content-Type");
    }

    static ApiException tooLarge(long maxBodyBytes, String advice) {
        return new ApiException(413, "too_large", "the request body is larger than " + maxBodyBytes
                + " bytes" + (advice == null ? "" : ": " + advice), null);
    }
}
