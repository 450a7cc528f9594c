package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * Strict reading of request bodies: one JSON value, no duplicate keys, nothing after it, at most
 * a bounded number of bytes. Every refusal is a 400 (413 when too large) with the reason.
 */
final class JsonBodies {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Jackson's note that it leaves the source out of locations: noise in an error message. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; ");

    private JsonBodies() {
    }

    /**
     * The body as a JSON tree; {@code hint} says what to send when the body is empty,
     * {@code tooLargeAdvice} what to do when it is too large.
     */
    static JsonNode read(Context ctx, long maxBodyBytes, String hint, String tooLargeAdvice) {
        if (ctx.req().getContentLengthLong() > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, tooLargeAdvice);
        }
        byte[] bytes;
        try (InputStream in = ctx.bodyInputStream()) {
            bytes = in.readNBytes((int) maxBodyBytes + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage(), null);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge(maxBodyBytes, tooLargeAdvice);
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the request body is empty: send " + hint, null);
        }
        try {
            return READER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            String what = e.getOriginalMessage().startsWith("Trailing token") ? "content after the JSON value"
                    : SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
            throw ApiException.badRequest("malformed JSON: " + what + where, null);
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage(), null);
        }
    }

    static ApiException tooLarge(long maxBodyBytes, String advice) {
        return new ApiException(413, "too_large", "the request body is larger than " + maxBodyBytes
                + " bytes" + (advice == null ? "" : ": " + advice), null);
    }
}
