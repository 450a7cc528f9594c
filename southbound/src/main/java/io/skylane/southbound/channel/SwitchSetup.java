package io.skylane.southbound.channel;

import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.PortTranslator;
import io.skylane.southbound.translate.StatsRequests;
import io.skylane.core.net.Port;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsType;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Switch set-up after FEATURES: the port list (PORT_DESC in 1.3, FEATURES_REPLY in 1.0), then,
 * if configured, clearing every flow and group. Benchmark switches answer neither multipart
 * requests nor barriers, so both waits end on a timeout and the switch becomes ready anyway.
 * A PORT_DESC reply that comes after its timeout (a switch slowed by a connection storm) is
 * still taken, for as long as any request is waited for: its ports join the list if the switch
 * is not ready yet, else they reach the core as added ports.
 */
final class SwitchSetup {

    private static final Logger log = LoggerFactory.getLogger(SwitchSetup.class);

    private SwitchSetup() {
    }

    /** Goes on from a FEATURES_REPLY. */
    static void begin(OFConnection c, OFFeaturesReply reply) {
        if (reply.getVersion() == OFVersion.OF_10) {
            for (OFPortDesc p : reply.getPorts()) {
                c.putPort(PortTranslator.toCore(p));
            }
            afterPorts(c);
        } else {
            c.setState(new WaitPortDesc());
        }
    }

    static void afterPorts(OFConnection c) {
        if (c.config().clearTablesOnConnect()) {
            c.setState(new WaitClearBarrier());
        } else {
            c.becomeReady();
        }
    }

    /**
     * Takes the reply to a PORT_DESC request that set-up stopped waiting for, within the request
     * timeout: before READY its ports join the port list, after READY each reaches the core as an
     * added port (a PORT_STATUS that came in between is overwritten by the older reply; a switch
     * slow enough for this sends none during a storm). Counted when the reply comes.
     */
    static void awaitLatePorts(OFConnection c, int xid) {
        CompletableFuture<List<Port>> reply = new CompletableFuture<>();
        c.requests().expect(xid, OFStatsType.PORT_DESC, (PendingRequests.ReplyDecoder<Port>) (r, into) -> {
            for (OFPortDesc p : ((OFPortDescStatsReply) r).getEntries()) {
                into.add(PortTranslator.toCore(p));
            }
        }, reply);
        reply.whenComplete((ports, error) -> {
            if (error != null) {
                log.debug("switch {}: no late PORT_DESC reply: {}", c.deviceId(), error.toString());
                return;
            }
            c.counters().increment(Counter.PORT_DESC_LATE);
            log.info("switch {} at {} answered PORT_DESC late: {} ports", c.deviceId(), c.remote(), ports.size());
            if (c.handle() == null) {
                ports.forEach(c::putPort);
            } else {
                c.events().portsAdded(ports);
            }
        });
    }

    /**
     * A request sent on entry and waited for at most the set-up timeout. The answer, or the
     * timeout (counted and logged), leads to the same next step: set-up never stops at a switch
     * that does not answer. The timer is cancelled whenever the state is left.
     */
    abstract static class TimedWait extends ConnectionState {
        private final Counter timeoutCounter;
        private final String notAnswered;
        private ScheduledFuture<?> timer;

        /**
         * @param timeoutCounter counted when the switch does not answer in time
         * @param notAnswered    what the switch did not do, then how set-up goes on, for the log
         *                       ({@code did not answer PORT_DESC within %d ms; going on without ports})
         */
        TimedWait(Counter timeoutCounter, String notAnswered) {
            this.timeoutCounter = timeoutCounter;
            this.notAnswered = notAnswered;
        }

        /** Sends what this state waits for the answer to. */
        abstract void request(OFConnection c);

        /** The next step of set-up: after the answer, a refusal or the timeout. */
        abstract void next(OFConnection c);

        /** Handles a message of this state; false if the state does not expect it. */
        abstract boolean answer(OFConnection c, OFMessage m);

        /** Called when the timeout ends the wait, before {@link #next}. */
        void gaveUp(OFConnection c) {
        }

        @Override
        final void enter(OFConnection c) {
            request(c);
            timer = c.schedule(() -> timedOut(c), c.config().setupTimeout());
        }

        @Override
        final void exit(OFConnection c) {
            timer.cancel(false);
        }

        private void timedOut(OFConnection c) {
            if (c.state() == this) {
                c.counters().increment(timeoutCounter);
                log.warn("switch {} at {} {}", c.deviceId(), c.remote(),
                        String.format(notAnswered, c.config().setupTimeout().toMillis()));
                gaveUp(c);
                next(c);
            }
        }

        @Override
        final void process(OFConnection c, OFMessage m) {
            if (!answer(c, m) && !handleEarlyAsync(c, m)) {
                c.illegal(m);
            }
        }
    }

    /** PORT_DESC multipart request sent; replies accumulate until one without the MORE flag. */
    static final class WaitPortDesc extends TimedWait {
        private long xid;

        WaitPortDesc() {
            super(Counter.PORT_DESC_TIMEOUT,
                    "did not answer PORT_DESC within %d ms; going on without ports until the reply comes");
        }

        @Override
        String name() {
            return "WAIT_PORT_DESC";
        }

        @Override
        void request(OFConnection c) {
            xid = c.nextXid();
            c.send(StatsRequests.portDesc(c.factory(), xid));
        }

        @Override
        void next(OFConnection c) {
            afterPorts(c);
        }

        /** The reply may still come: wait for it as for any request (see {@link #awaitLatePorts}). */
        @Override
        void gaveUp(OFConnection c) {
            awaitLatePorts(c, (int) xid);
        }

        @Override
        boolean answer(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.STATS_REPLY && m.getXid() == xid
                    && ((OFStatsReply) m).getStatsType() == OFStatsType.PORT_DESC) {
                OFPortDescStatsReply reply = (OFPortDescStatsReply) m;
                for (OFPortDesc p : reply.getEntries()) {
                    c.putPort(PortTranslator.toCore(p));
                }
                if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                    next(c);
                }
            } else if (m.getType() == OFType.ERROR && m.getXid() == xid) {
                log.warn("switch {} at {} refused PORT_DESC ({}); going on without ports", c.deviceId(), c.remote(),
                        c.describeError((OFErrorMsg) m));
                next(c);
            } else if (m.getType() == OFType.PORT_STATUS) {
                c.ignore(m); // the PORT_DESC reply that follows is newer
            } else {
                return false;
            }
            return true;
        }

        /**
         * An unreadable answer to PORT_DESC breaks the handshake, unless it is an ERROR, which
         * refuses PORT_DESC as a readable one does.
         */
        @Override
        void unparsed(OFConnection c, UnparsedMessage u) {
            if (u.xid() != xid) {
                super.unparsed(c, u);
            } else if (u.is(OFType.ERROR)) {
                c.carryOn(u);
                log.warn("switch {} at {} refused PORT_DESC ({}); going on without ports", c.deviceId(), c.remote(),
                        u.describe());
                next(c);
            } else {
                c.brokenHandshake(u);
            }
        }
    }

    /** Flow (and group) delete-all sent, then a BARRIER; waiting for its reply. */
    static final class WaitClearBarrier extends TimedWait {
        private long barrierXid;

        WaitClearBarrier() {
            super(Counter.REQUESTS_TIMEOUT, "did not confirm clearing its tables within %d ms; going on");
        }

        @Override
        String name() {
            return "WAIT_CLEAR_BARRIER";
        }

        @Override
        void request(OFConnection c) {
            List<OFMessage> clear = FlowModEncoder.clearAll(c.factory(), c.nextXid(), c.nextXid());
            clear.forEach(c::write);
            barrierXid = c.nextXid();
            c.send(c.factory().buildBarrierRequest().setXid(barrierXid).build());
        }

        @Override
        void next(OFConnection c) {
            c.becomeReady();
        }

        @Override
        boolean answer(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.BARRIER_REPLY && m.getXid() == barrierXid) {
                log.debug("switch {} cleared its tables", c.deviceId());
                next(c);
            } else if (m.getType() == OFType.ERROR) {
                log.warn("switch {} at {} refused clearing its tables: {}", c.deviceId(), c.remote(),
                        c.describeError((OFErrorMsg) m));
            } else if (m.getType() == OFType.PORT_STATUS) {
                c.portStatusDuringSetup((OFPortStatus) m);
            } else if (m.getType() == OFType.STATS_REPLY) {
                c.requests().onStatsReply((OFStatsReply) m); // a late PORT_DESC reply
            } else {
                return false;
            }
            return true;
        }
    }
}
