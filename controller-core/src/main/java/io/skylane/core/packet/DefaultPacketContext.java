package io.skylane.core.packet;

import io.skylane.core.flow.Action;
import io.skylane.core.southbound.SwitchHandle;
import java.util.List;

/** The context of one packet-in: confined to the I/O thread that received it. */
final class DefaultPacketContext implements PacketContext {

    private final SwitchHandle sw;
    private final InboundPacket inbound;
    private boolean handled;

    DefaultPacketContext(SwitchHandle sw, InboundPacket inbound) {
        this.sw = sw;
        this.inbound = inbound;
    }

    @Override
    public InboundPacket inbound() {
        return inbound;
    }

    @Override
    public void block() {
        handled = true;
    }

    @Override
    public boolean isHandled() {
        return handled;
    }

    @Override
    public void send(List<Action> actions) {
        handled = true;
        sw.packetOut(OutboundPacket.forward(inbound, actions));
    }

    @Override
    public String toString() {
        return "PacketContext{" + inbound + (handled ? " handled" : "") + "}";
    }
}
