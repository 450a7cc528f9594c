package io.skylane.core.packet;

import java.util.List;

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

    /**
     * Sends packets out, as {@link #emit(OutboundPacket)} does each in order; an implementation
     * may hand the packets for one switch to it together (one write for a run of packets to the
     * same switch), which is what a caller sending many packets at once (discovery's probes) wants.
     */
    default void emit(List<OutboundPacket> packets) {
        for (OutboundPacket p : packets) {
            emit(p);
        }
    }
}
