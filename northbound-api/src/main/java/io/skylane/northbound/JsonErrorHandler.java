package io.skylane.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own error answers, in the API's error shape {@code {"error": {"type", "message", "field"}}}
 * instead of Jetty's HTML pages. Jetty answers by itself, before any route runs, a request that is
 * not valid HTTP (a control byte in a header, a negative Content-Length, no Host, an ambiguous or
 * malformed URI: 400), whose request line or headers are too large (414, 431) or whose version it
 * does not speak (505): {@link #badMessageError}. And, should a request fail inside Jetty after it
 * was read, Jetty's error dispatch comes to {@link #handle}. The status stays Jetty's.
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/json";

    private final int maxHeaderBytes;

    /** @param maxHeaderBytes the largest request line and headers Jetty reads, for the 414 and 431 messages */
    JsonErrorHandler(int maxHeaderBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The answer to a request Jetty could not read as HTTP. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    /** An error body for every method, not only Jetty's default GET, POST and HEAD. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        byte[] body = body(response.getStatus(), message == null ? baseRequest.getResponse().getReason()
                : message.toString());
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    private byte[] body(int status, String reason) {
        try {
            return JSON.writeValueAsBytes(error(status, reason));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error body for a status Jetty chose and its reason (null: none given). */
    ErrorBody error(int status, String reason) {
        String why = reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(status))
                ? null : reason;
        return switch (status) {
            case 404 -> ErrorBody.of("not_found", "no resource here", null);
            case 405 -> ErrorBody.of("method_not_allowed", "the method is not allowed here", null);
            case 413 -> ErrorBody.of("too_large", "the request body is too large", null);
            case 414 -> ErrorBody.of("too_large", "the request URI is longer than " + maxHeaderBytes + " bytes", null);
            case 431 -> ErrorBody.of("too_large", "the request headers are larger than " + maxHeaderBytes + " bytes",
                    null);
            case 500 -> ErrorBody.of("internal", "internal error" + (why == null ? "" : ": " + why), null);
            case 503 -> ErrorBody.of("unavailable", "the controller cannot answer now", null);
            case 505 -> ErrorBody.of("bad_request", "the HTTP version is not supported: speak HTTP/1.1", null);
            default -> ErrorBody.of("bad_request", "malformed HTTP request" + (why == null ? "" : ": " + why), null);
        };
    }
}
