package io.skylane.core.packet;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.List;
import java.util.OptionalInt;

/**
 * A packet the controller sends out of a switch (PACKET_OUT).
 *
 * @param deviceId the switch
 * @param inPort   the port the packet is considered to come from ({@link PortNumber#CONTROLLER} if none)
 * @param bufferId the switch buffer to release, or empty to send {@code data}
 * @param actions  what to do with the packet
 * @param data     the frame; empty when a buffer id is given
 */
public record OutboundPacket(DeviceId deviceId, PortNumber inPort, OptionalInt bufferId, List<Action> actions,
                             byte[] data) {

    private static final byte[] NONE = new byte[0];

    public OutboundPacket {
        checkNotNull(deviceId, "deviceId");
        checkNotNull(inPort, "inPort");
        checkNotNull(bufferId, "bufferId");
        actions = ImmutableList.copyOf(checkNotNull(actions, "actions"));
        checkNotNull(data, "data");
        checkArgument(bufferId.isPresent() || data.length > 0, "a packet-out needs a buffer id or data");
    }

    /** Sends a frame the controller built (LLDP, ARP reply, ...). */
    public static OutboundPacket of(DeviceId deviceId, List<Action> actions, byte[] data) {
        return new OutboundPacket(deviceId, PortNumber.CONTROLLER, OptionalInt.empty(), actions, data);
    }

    /** Sends a received packet on: releases the switch's buffer if it has one, else resends the data. */
    public static OutboundPacket forward(InboundPacket in, List<Action> actions) {
        return new OutboundPacket(in.deviceId(), in.inPort(), in.bufferId(), actions,
                in.bufferId().isPresent() ? NONE : in.data());
    }
}
