package io.skylane.southbound.channel;

import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;

/**
 * One phase of a connection's life (Floodlight style): each state says which messages it expects;
 * anything else is illegal and closes the connection. ECHO_REQUEST is answered by the connection
 * before any state sees it. A message that could not be read goes to {@link #unparsed}. States run on the connection's event loop only.
 */
abstract class ConnectionState {

    /** The state's name, for logs ({@code WAIT_FEATURES_REPLY}). */
    abstract String name();

    /** Called when the connection enters this state (send the request the state waits for). */
    void enter(OFConnection c) {
    }

    /** Called when the connection leaves this state or closes (cancel timers). */
    void exit(OFConnection c) {
    }

    /** Handles a message from the switch. */
    abstract void process(OFConnection c, OFMessage m);

    /**
     * Handles a well-framed message that could not be read. By default the connection carries on
     * (logged, answered with an ERROR unless it is one); a state that cannot go on without the
     * message (a broken handshake) closes instead.
     */
    void unparsed(OFConnection c, UnparsedMessage u) {
        c.carryOn(u);
    }

    /**
     * What any state after HELLO accepts from a switch that is not ready yet: PACKET_INs are kept
     * for delivery after READY, FLOW_REMOVED (e.g. for flows deleted when tables are cleared) and
     * EXPERIMENTER messages are ignored.
     *
     * @return true if the message was handled
     */
    static boolean handleEarlyAsync(OFConnection c, OFMessage m) {
        switch (m.getType()) {
            case PACKET_IN:
                c.events().queueEarlyPacketIn((OFPacketIn) m);
                return true;
            case FLOW_REMOVED:
            case EXPERIMENTER:
                c.ignore(m);
                return true;
            default:
                return false;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
