package io.skylane.core.testing;

import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;

/** A {@link PacketService} that ignores processors and drops packet-outs. Override what a test needs. */
public class PacketServiceAdapter implements PacketService {

    @Override
    public void addProcessor(PacketProcessor processor, int order) {
    }

    @Override
    public void removeProcessor(PacketProcessor processor) {
    }

    @Override
    public void emit(OutboundPacket packet) {
    }
}
