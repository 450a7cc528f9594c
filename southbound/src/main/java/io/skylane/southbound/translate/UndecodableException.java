package io.skylane.southbound.translate;

/**
 * A switch reported something the core's types cannot express (a match field, action or
 * instruction the controller never installs, or a non-prefix IPv4 mask).
 */
public class UndecodableException extends RuntimeException {

    public UndecodableException(String message) {
        super(message);
    }

    public UndecodableException(String message, Throwable cause) {
        super(message, cause);
    }
}
