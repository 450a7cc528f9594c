package io.skylane.southbound.channel;

import io.skylane.core.southbound.SwitchError;
import io.skylane.southbound.translate.ErrorTranslator;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFlowRemoved;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFStatsReply;

/** The switch is ready: asynchronous messages go to the core, replies to the pending requests. */
final class ReadyState extends ConnectionState {

    static final ReadyState INSTANCE = new ReadyState();

    private ReadyState() {
    }

    @Override
    String name() {
        return "READY";
    }

    @Override
    void process(OFConnection c, OFMessage m) {
        switch (m.getType()) {
            case PACKET_IN:
                c.events().packetIn((OFPacketIn) m);
                break;
            case PORT_STATUS:
                c.events().portStatus((OFPortStatus) m);
                break;
            case FLOW_REMOVED:
                c.events().flowRemoved((OFFlowRemoved) m);
                break;
            case ERROR:
                if (!c.requests().onError((OFErrorMsg) m)) {
                    c.events().error((OFErrorMsg) m);
                }
                break;
            case BARRIER_REPLY:
                c.requests().onBarrierReply(m);
                break;
            case STATS_REPLY:
                c.requests().onStatsReply((OFStatsReply) m);
                break;
            case FEATURES_REPLY:
            case GET_CONFIG_REPLY:
            case ROLE_REPLY:
            case EXPERIMENTER:
                c.ignore(m);
                break;
            default:
                c.illegal(m);
        }
    }

    /** An ERROR openflowj cannot read still fails the request it answers (or reaches the core). */
    @Override
    void unparsed(OFConnection c, UnparsedMessage u) {
        c.carryOn(u);
        if (u.isReadableError()) {
            SwitchError error = ErrorTranslator.toCore(u.version(), u.errorType(), u.errorCode(), u.xid(),
                    u.errorData());
            if (!c.requests().onError(error)) {
                c.events().error(error);
            }
        }
    }
}
