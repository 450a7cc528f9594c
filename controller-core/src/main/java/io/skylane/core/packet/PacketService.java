package io.skylane.core.packet;

/** Delivers packet-ins to processors in order and sends packet-outs. */
public interface PacketService {

    /**
     * Adds a processor; processors run in ascending {@code order}, ties in the order added.
     *
     * @see PacketProcessor#DISCOVERY
     */
    void addProcessor(PacketProcessor processor, int order);

    void removeProcessor(PacketProcessor processor);

    /** Sends a packet out of a switch; dropped (and counted) if the switch is not connected. */
    void emit(OutboundPacket packet);
}
