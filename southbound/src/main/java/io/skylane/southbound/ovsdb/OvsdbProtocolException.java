package io.skylane.southbound.ovsdb;

/**
 * The peer sent something that is not the OVSDB protocol as RFC 7047 describes it (a message
 * that is not a JSON object, a value of the wrong shape). Closes the connection it came from.
 */
final class OvsdbProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OvsdbProtocolException(String message) {
        super(message);
    }
}
