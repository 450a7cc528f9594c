package io.skylane.southbound.channel;

import io.skylane.core.concurrent.EnumCounters;
import java.util.concurrent.atomic.LongAdder;

/**
 * Message and failure counters shared by all connections of a server. Each counter is a
 * {@link LongAdder} reached by array index, cheap enough for the per-message path.
 */
public final class SouthboundCounters extends EnumCounters<SouthboundCounters.Counter> {

    /** The counters and the names operators see in {@link io.skylane.core.southbound.SouthboundStatus#counters()}. */
    public enum Counter {
        CONNECTIONS_ACCEPTED("connections.accepted"),
        CONNECTIONS_REPLACED("connections.replaced"),
        HANDSHAKE_COMPLETED("handshake.completed"),
        HANDSHAKE_FAILED("handshake.failed"),
        HANDSHAKE_TIMEOUT("handshake.timeout"),
        PORT_DESC_TIMEOUT("handshake.port_desc_timeout"),
        PORT_DESC_LATE("handshake.port_desc_late"),
        FRAMES_MALFORMED("frames.malformed"),
        FRAMES_OVERSIZE("frames.oversize"),
        FRAMES_WRONG_VERSION("frames.wrong_version"),
        /** Well-framed messages of a type their version does not have (answered, the connection kept). */
        FRAMES_UNKNOWN_TYPE("frames.unknown_type"),
        FRAMES_TRUNCATED("frames.truncated"),
        MESSAGES_ILLEGAL("messages.illegal"),
        /** Well-framed messages whose body could not be read (answered unless an ERROR, the connection kept). */
        MESSAGES_UNPARSED("messages.unparsed"),
        MESSAGES_IN("messages.in"),
        MESSAGES_OUT("messages.out"),
        /** FLOW_MODs sent (in batches and alone), every one also counted in messages.out. */
        FLOW_MODS_OUT("flow_mod.out"),
        /** GROUP_MODs sent. */
        GROUP_MODS_OUT("group_mod.out"),
        /** Flow statistics requests sent (the audits' reads, and the REST reads of a switch's flows). */
        FLOW_STATS_REQUESTS("flow_stats.requests"),
        PACKET_IN("packet_in"),
        PACKET_IN_DROPPED("packet_in.dropped"),
        PACKET_IN_UNDECODABLE("packet_in.undecodable"),
        PACKET_OUT_DROPPED("packet_out.dropped"),
        /** Packet-outs sent as several PACKET_OUTs because one message could not carry them. */
        PACKET_OUT_SPLIT("packet_out.split"),
        /** Packet-outs dropped because no PACKET_OUT could carry them, even split. */
        PACKET_OUT_TOO_LARGE("packet_out.too_large"),
        ECHO_REQUESTS_SENT("echo.sent"),
        READ_TIMEOUT("read.timeout"),
        ERRORS_RECEIVED("errors.received"),
        REQUESTS_TIMEOUT("requests.timeout"),
        ENTRIES_UNDECODABLE("entries.undecodable"),
        LISTENER_FAILURES("listener.failures"),
        IO_ERRORS("io.errors"),
        INTERNAL_ERRORS("errors.internal");

        private final String key;

        Counter(String key) {
            this.key = key;
        }

        /** The operator-facing name ({@code frames.malformed}). */
        public String key() {
            return key;
        }
    }

    public SouthboundCounters() {
        super(Counter.class, Counter::key);
    }
}
