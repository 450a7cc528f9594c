package io.skylane.server.cli;

/** An error answer of the API: its HTTP status and its {@code {"error": {type, message, field}}}. */
final class ApiError extends Exception {

    private final int status;
    private final String type;
    private final String field;

    ApiError(int status, String type, String message, String field) {
        super(message);
        this.status = status;
        this.type = type;
        this.field = field;
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    /** The request field to blame, or null. */
    String field() {
        return field;
    }

    /** One line for stderr: {@code skylane: 409 conflict: <message> (field: cidr)}. */
    String describe() {
        return "skylane: " + status + " " + type + ": " + getMessage() + (field == null ? "" : " (field: " + field + ")");
    }
}
