package io.skylane.southbound.channel;

import io.netty.handler.codec.CorruptedFrameException;
import io.skylane.southbound.channel.SouthboundCounters.Counter;

/**
 * Broken framing: bytes that cannot be split into acceptable OpenFlow messages. The connection is
 * closed; the subclass says which counter to bump. (A well-framed message the reader cannot parse
 * is an {@link UnparsedMessage} instead.) Extends {@link CorruptedFrameException} so Netty passes it on as is.
 */
class FrameException extends CorruptedFrameException {

    private final transient Counter counter;

    FrameException(Counter counter, String message, Throwable cause) {
        super(message, cause);
        this.counter = counter;
    }

    /** The counter that counts this kind of bad frame. */
    Counter counter() {
        return counter;
    }

    /** The bytes are not OpenFlow framing (a length below the header's, not OpenFlow at all). */
    static final class Malformed extends FrameException {
        Malformed(String message, Throwable cause) {
            super(Counter.FRAMES_MALFORMED, message, cause);
        }
    }

    /** The frame is longer than the configured maximum. */
    static final class Oversize extends FrameException {
        Oversize(String message) {
            super(Counter.FRAMES_OVERSIZE, message, null);
        }
    }

    /** The frame's version is not the negotiated one. */
    static final class WrongVersion extends FrameException {
        WrongVersion(String message) {
            super(Counter.FRAMES_WRONG_VERSION, message, null);
        }
    }
}
