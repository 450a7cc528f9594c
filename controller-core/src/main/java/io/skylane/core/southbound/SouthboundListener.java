package io.skylane.core.southbound;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.Port;
import io.skylane.core.packet.InboundPacket;
import java.util.List;

/**
 * What the southbound tells the core. Called on the connection's I/O thread, in the order the
 * messages arrived for that switch: implementations must return quickly and never block.
 */
public interface SouthboundListener {

    /** Why a port was reported. */
    enum PortChange { ADDED, MODIFIED, DELETED }

    /** Why a switch removed a flow. */
    enum RemovalReason { IDLE_TIMEOUT, HARD_TIMEOUT, DELETE, GROUP_DELETE, OTHER }

    /** The handshake finished; the switch is ready. A handle for the same datapath replaces the old one. */
    void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports);

    /** The switch answered the DESCRIPTION request (which some switches never do). */
    void descriptionChanged(SwitchHandle sw, DeviceDescription description);

    /** The connection of a ready switch closed. */
    void switchDisconnected(SwitchHandle sw, String reason);

    void portChanged(SwitchHandle sw, PortChange change, Port port);

    /**
     * Ports a ready switch listed late (a PORT_DESC reply that missed set-up): each as an added
     * port, in order. Implementations may log the list once rather than port by port.
     */
    default void portsListed(SwitchHandle sw, List<Port> ports) {
        for (Port p : ports) {
            portChanged(sw, PortChange.ADDED, p);
        }
    }

    /** A PACKET_IN. The hot path. */
    void packetIn(SwitchHandle sw, InboundPacket packet);

    /** A FLOW_REMOVED for a rule that asked for it. */
    void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes);

    /** An ERROR not answering an operation of a batch (a transient flow, a packet-out, ...). */
    void errorReceived(SwitchHandle sw, SwitchError error);
}
