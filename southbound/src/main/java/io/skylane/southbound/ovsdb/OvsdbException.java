package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.DeviceId;

/**
 * Why an OVSDB operation failed. Futures of the client complete exceptionally with one of these
 * subclasses (or with a {@link java.util.concurrent.TimeoutException} when the server did not
 * answer in time).
 */
public class OvsdbException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OvsdbException(String message) {
        super(message);
    }

    /** No connected hypervisor has a bridge with this datapath id. */
    public static final class NotConnected extends OvsdbException {
        private static final long serialVersionUID = 1L;
        private final transient DeviceId datapathId;

        public NotConnected(DeviceId datapathId) {
            super("no OVSDB connection has a bridge with datapath id " + datapathId);
            this.datapathId = checkNotNull(datapathId, "datapathId");
        }

        public DeviceId datapathId() {
            return datapathId;
        }
    }

    /** The connection closed before the server answered. */
    public static final class Disconnected extends OvsdbException {
        private static final long serialVersionUID = 1L;

        public Disconnected(String remote) {
            super("OVSDB connection to " + remote + " closed");
        }
    }

    /**
     * The server answered with an error: a JSON-RPC error, or an operation of a transaction that
     * failed ({@code error} and {@code details} as the server wrote them; RFC 7047 §4.1.3).
     */
    public static final class ServerError extends OvsdbException {
        private static final long serialVersionUID = 1L;
        private final String error;

        public ServerError(String what, String error, String details) {
            super(what + ": " + error + (details == null || details.isEmpty() ? "" : " (" + details + ")"));
            this.error = error;
        }

        /** The server's error name ({@code "constraint violation"}, {@code "timed out"}, ...). */
        public String error() {
            return error;
        }
    }

    /**
     * The request cannot be carried out on what the hypervisor holds: a port of that name exists
     * on another bridge, or it is not a single-interface port. Nothing was changed.
     */
    public static final class Conflict extends OvsdbException {
        private static final long serialVersionUID = 1L;

        public Conflict(String message) {
            super(message);
        }
    }
}
