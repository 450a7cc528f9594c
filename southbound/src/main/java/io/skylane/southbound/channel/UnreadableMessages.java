package io.skylane.southbound.channel;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one connection does with a well-framed message it could not read, when its state carries
 * on: logs it, at WARN at most once per {@link #WARN_INTERVAL_NANOS} (saying how many went to
 * DEBUG since), and answers it as OpenFlow asks: an ERROR of type BAD_REQUEST with the
 * {@link UnparsedMessage#code() code that fits}, carrying the message's first 64 bytes. An ERROR
 * is never answered with an ERROR (two ends that cannot read each other's errors would bounce
 * them forever). Confined to the connection's event loop.
 */
final class UnreadableMessages {

    private static final Logger log = LoggerFactory.getLogger(UnreadableMessages.class);

    static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoTime;
    private boolean warned;
    private long lastWarn;
    private long notWarned;

    UnreadableMessages(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Logs that {@code u} was not read.
     *
     * @param who the switch or connection, for the log
     * @return true if it was logged at WARN
     */
    boolean log(String who, UnparsedMessage u) {
        long now = nanoTime.getAsLong();
        if (!warned || now - lastWarn >= WARN_INTERVAL_NANOS) {
            log.warn("{}: cannot read {}; carrying on{}", who, u.describe(),
                    notWarned == 0 ? "" : " (" + notWarned + " more since the last warning, at DEBUG)");
            warned = true;
            lastWarn = now;
            notWarned = 0;
            return true;
        }
        notWarned++;
        log.debug("{}: cannot read {}; carrying on", who, u.describe());
        return false;
    }

    /** Whether OpenFlow wants {@code u} answered: anything but an ERROR. */
    static boolean wantsAnswer(UnparsedMessage u) {
        return !u.is(OFType.ERROR);
    }

    /** The BAD_REQUEST ERROR that answers {@code u}, in its version, with its xid and first bytes. */
    static OFErrorMsg answer(UnparsedMessage u) {
        return OFFactories.getFactory(u.version()).errorMsgs().buildBadRequestErrorMsg()
                .setXid(u.xid())
                .setCode(u.code())
                .setData(OFErrorCauseData.of(u.head(), u.version()))
                .build();
    }

    /** A reason for closing, for a state that cannot go on without the message. */
    static String closeReason(UnparsedMessage u, String state) {
        return "cannot read " + u.describe() + " in state " + state;
    }
}
