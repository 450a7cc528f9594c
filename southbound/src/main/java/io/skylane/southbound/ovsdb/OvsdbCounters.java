package io.skylane.southbound.ovsdb;

import io.skylane.core.concurrent.EnumCounters;

/** Connection, request and failure counters of the OVSDB client, shared by all its connections. */
public final class OvsdbCounters extends EnumCounters<OvsdbCounters.Counter> {

    /** The counters and the names operators see in {@link OvsdbStatus#counters()}. */
    public enum Counter {
        CONNECTIONS_ACCEPTED("connections.accepted"),
        CONNECTIONS_OPENED("connections.opened"),
        CONNECTIONS_FAILED("connections.failed"),
        CONNECTIONS_CLOSED("connections.closed"),
        /** A connection whose server has no Open_vSwitch database, or whose monitor was refused. */
        SETUP_FAILED("setup.failed"),
        FRAMES_OVERSIZE("frames.oversize"),
        FRAMES_MALFORMED("frames.malformed"),
        ECHO_ANSWERED("echo.answered"),
        ECHO_SENT("echo.sent"),
        READ_TIMEOUT("read.timeout"),
        REQUESTS_SENT("requests.sent"),
        REQUESTS_TIMEOUT("requests.timeout"),
        REQUESTS_FAILED("requests.failed"),
        UPDATES_RECEIVED("updates.received"),
        TRANSACTIONS("transactions"),
        TRANSACTIONS_FAILED("transactions.failed"),
        TUNNEL_PORTS_CREATED("tunnel_ports.created"),
        TUNNEL_PORTS_UPDATED("tunnel_ports.updated"),
        TUNNEL_PORTS_REMOVED("tunnel_ports.removed"),
        /** ovs-vswitchd refused a tunnel port we asked for (Interface.error, ofport -1). */
        TUNNEL_PORTS_REFUSED("tunnel_ports.refused"),
        /** Two connections claimed the same datapath id; the newer one won. */
        DATAPATH_ID_CONFLICTS("datapath_id.conflicts"),
        IO_ERRORS("io.errors"),
        INTERNAL_ERRORS("errors.internal");

        private final String key;

        Counter(String key) {
            this.key = key;
        }

        /** The operator-facing name ({@code transactions.failed}). */
        public String key() {
            return key;
        }
    }

    public OvsdbCounters() {
        super(Counter.class, Counter::key);
    }
}
