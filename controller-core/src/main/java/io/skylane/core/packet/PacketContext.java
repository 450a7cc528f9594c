package io.skylane.core.packet;

import io.skylane.core.flow.Action;
import java.util.List;

/**
 * A packet-in being handled by the packet processors, in order. A processor that takes care of
 * the packet calls {@link #block()}; later processors see {@link #isHandled()} and normally skip it.
 */
public interface PacketContext {

    InboundPacket inbound();

    /** Marks the packet as handled. */
    void block();

    boolean isHandled();

    /**
     * Sends the packet on with these actions (PACKET_OUT): releases the switch's buffer if it has
     * one, resends the data otherwise. Marks the packet handled.
     */
    void send(List<Action> actions);
}
