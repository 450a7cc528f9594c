package io.skylane.northbound;

/**
 * A request the API refuses, with the HTTP status, an error type and, where one field is to
 * blame, its name. Rendered as {@code {"error": {"type", "message", "field"}}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String field;

    public ApiException(int status, String type, String message, String field) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    public static ApiException badRequest(String message, String field) {
        return new ApiException(400, "bad_request", message, field);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message, null);
    }

    /** A 404 for what a request field names (a query parameter naming an unknown host). */
    public static ApiException notFound(String message, String field) {
        return new ApiException(404, "not_found", message, field);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The request field to blame, or null. */
    public String field() {
        return field;
    }
}
