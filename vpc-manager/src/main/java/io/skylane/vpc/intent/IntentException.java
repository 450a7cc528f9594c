package io.skylane.vpc.intent;

/**
 * A request the intent service refuses, with the kind of refusal (which the API maps to an HTTP
 * status), an error type, a message and, where one request field is to blame, its path
 * ({@code fixed_ips[1].ip_address}).
 */
public class IntentException extends RuntimeException {

    /** Why: bad input (400), not visible (404), conflict with stored state (409), stale revision (412). */
    public enum Kind {
        INVALID(400, "bad_request"),
        UNAUTHORIZED(401, "unauthorized"),
        FORBIDDEN(403, "forbidden"),
        NOT_FOUND(404, "not_found"),
        CONFLICT(409, "conflict"),
        PRECONDITION_FAILED(412, "precondition_failed");

        private final int status;
        private final String type;

        Kind(int status, String type) {
            this.status = status;
            this.type = type;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }
    }

    private final Kind kind;
    private final String field;

    public IntentException(Kind kind, String message, String field) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    /** 400 blaming {@code field}; the message starts with the field's path. */
    public static IntentException invalid(String field, String message) {
        return new IntentException(Kind.INVALID, field + ": " + message, field);
    }

    public static IntentException notFound(String what) {
        return new IntentException(Kind.NOT_FOUND, what + " not found", null);
    }

    public static IntentException conflict(String field, String message) {
        return new IntentException(Kind.CONFLICT, message, field);
    }

    public Kind kind() {
        return kind;
    }

    /** The request field to blame, or null. */
    public String field() {
        return field;
    }
}
