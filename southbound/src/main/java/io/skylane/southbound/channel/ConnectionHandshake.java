package io.skylane.southbound.channel;

import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFAuxId;

/**
 * The connection handshake: HELLO (version negotiation), then FEATURES. Switch set-up (ports,
 * table clearing) follows in {@link SwitchSetup}.
 */
final class ConnectionHandshake {

    private ConnectionHandshake() {
    }

    /** We sent our HELLO on connect and wait for the switch's. */
    static final class WaitHello extends ConnectionState {

        @Override
        String name() {
            return "WAIT_HELLO";
        }

        @Override
        void process(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.HELLO) {
                Optional<OFVersion> version = VersionNegotiation.negotiate((OFHello) m);
                if (version.isPresent()) {
                    c.negotiated(version.get());
                    c.setState(new WaitFeaturesReply());
                } else {
                    c.helloFailed((OFHello) m);
                }
            } else if (m.getType() == OFType.ERROR) {
                c.closeWithError(Counter.HANDSHAKE_FAILED, "switch refused our HELLO: "
                        + c.describeError((OFErrorMsg) m), null);
            } else {
                c.illegal(m);
            }
        }

        /** Before a version is agreed nothing unreadable is tolerated: the handshake is broken. */
        @Override
        void unparsed(OFConnection c, UnparsedMessage u) {
            c.brokenHandshake(u);
        }
    }

    /** Version agreed: FEATURES_REQUEST sent, waiting for the datapath id, buffers, tables (and 1.0 ports). */
    static final class WaitFeaturesReply extends ConnectionState {

        @Override
        String name() {
            return "WAIT_FEATURES_REPLY";
        }

        @Override
        void enter(OFConnection c) {
            c.send(c.factory().buildFeaturesRequest().setXid(c.nextXid()).build());
        }

        @Override
        void process(OFConnection c, OFMessage m) {
            if (m.getType() == OFType.FEATURES_REPLY) {
                OFFeaturesReply reply = (OFFeaturesReply) m;
                if (reply.getVersion() != OFVersion.OF_10 && !reply.getAuxiliaryId().equals(OFAuxId.MAIN)) {
                    c.closeWithError(Counter.HANDSHAKE_FAILED, "auxiliary connections are not supported (aux id "
                            + reply.getAuxiliaryId() + ")", null);
                } else {
                    c.featuresReceived(reply);
                    SwitchSetup.begin(c, reply);
                }
            } else if (m.getType() == OFType.ERROR) {
                c.closeWithError(Counter.HANDSHAKE_FAILED, "switch refused FEATURES_REQUEST: "
                        + c.describeError((OFErrorMsg) m), null);
            } else if (m.getType() == OFType.PORT_STATUS) {
                c.ignore(m); // the port list that follows is newer
            } else if (!handleEarlyAsync(c, m)) {
                c.illegal(m);
            }
        }

        /** An unreadable FEATURES_REPLY (or an ERROR, which here refuses FEATURES) breaks the handshake. */
        @Override
        void unparsed(OFConnection c, UnparsedMessage u) {
            if (u.is(OFType.FEATURES_REPLY) || u.is(OFType.ERROR)) {
                c.brokenHandshake(u);
            } else {
                super.unparsed(c, u);
            }
        }
    }
}
