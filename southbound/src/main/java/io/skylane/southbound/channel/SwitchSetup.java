package io.skylane.southbound.channel;

import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.PortTranslator;
import io.skylane.southbound.translate.StatsRequests;
import java.util.List;
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

    /** PORT_DESC multipart request sent; replies accumulate until one without the MORE flag. */
    static final class WaitPortDesc extends ConnectionState {
        private long xid;
        private ScheduledFuture<?> timer;

        @Override
        String name() {
            return "WAIT_PORT_DESC";
        }

        @Override
        void enter(OFConnection c) {
            xid = c.nextXid();
            c.send(StatsRequests.portDesc(c.factory(), xid));
            timer = c.schedule(() -> timedOut(c), c.config().setupTimeout());
        }

        @Override
        void exit(OFConnection c) {
            timer.cancel(false);
        }

        private void timedOut(OFConnection c) {
            if (c.state() == this) {
                c.counters().increment(Counter.PORT_DESC_TIMEOUT);
                log.warn("switch {} at {} did not answer PORT_DESC within {} ms; going on without ports",
                        c.deviceId(), c.remote(), c.config().setupTimeout().toMillis());
                afterPorts(c);
            }
        }

        @Override
        void process(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.STATS_REPLY && m.getXid() == xid
                    && ((OFStatsReply) m).getStatsType() == OFStatsType.PORT_DESC) {
                OFPortDescStatsReply reply = (OFPortDescStatsReply) m;
                for (OFPortDesc p : reply.getEntries()) {
                    c.putPort(PortTranslator.toCore(p));
                }
                if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
                    afterPorts(c);
                }
            } else if (m.getType() == OFType.ERROR && m.getXid() == xid) {
                log.warn("switch {} at {} refused PORT_DESC ({}); going on without ports", c.deviceId(), c.remote(),
                        c.describeError((OFErrorMsg) m));
                afterPorts(c);
            } else if (m.getType() == OFType.PORT_STATUS) {
                c.ignore(m); // the PORT_DESC reply that follows is newer
            } else if (!handleEarlyAsync(c, m)) {
                c.illegal(m);
            }
        }
    }

    /** Flow (and group) delete-all sent, then a BARRIER; waiting for its reply. */
    static final class WaitClearBarrier extends ConnectionState {
        private long barrierXid;
        private ScheduledFuture<?> timer;

        @Override
        String name() {
            return "WAIT_CLEAR_BARRIER";
        }

        @Override
        void enter(OFConnection c) {
            List<OFMessage> clear = FlowModEncoder.clearAll(c.factory(), c.nextXid(), c.nextXid());
            clear.forEach(c::write);
            barrierXid = c.nextXid();
            c.send(c.factory().buildBarrierRequest().setXid(barrierXid).build());
            timer = c.schedule(() -> timedOut(c), c.config().setupTimeout());
        }

        @Override
        void exit(OFConnection c) {
            timer.cancel(false);
        }

        private void timedOut(OFConnection c) {
            if (c.state() == this) {
                c.counters().increment(Counter.REQUESTS_TIMEOUT);
                log.warn("switch {} at {} did not confirm clearing its tables within {} ms; going on",
                        c.deviceId(), c.remote(), c.config().setupTimeout().toMillis());
                c.becomeReady();
            }
        }

        @Override
        void process(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.BARRIER_REPLY && m.getXid() == barrierXid) {
                log.debug("switch {} cleared its tables", c.deviceId());
                c.becomeReady();
            } else if (m.getType() == OFType.ERROR) {
                log.warn("switch {} at {} refused clearing its tables: {}", c.deviceId(), c.remote(),
                        c.describeError((OFErrorMsg) m));
            } else if (m.getType() == OFType.PORT_STATUS) {
                c.portStatusDuringSetup((OFPortStatus) m);
            } else if (!handleEarlyAsync(c, m)) {
                c.illegal(m);
            }
        }
    }
}
