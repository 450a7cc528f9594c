package io.skylane.core.packet;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.OptionalInt;

/**
 * A packet a switch sent to the controller (PACKET_IN). The frame is parsed lazily, once.
 *
 * @see #ethernet()
 */
public final class InboundPacket {

    /** Why the switch sent the packet. */
    public enum Reason { NO_MATCH, ACTION, INVALID_TTL, OTHER }

    private final DeviceId deviceId;
    private final PortNumber inPort;
    private final byte[] data;
    private final OptionalInt bufferId;
    private final Reason reason;
    private final int tableId;
    private final long cookie;
    private final int totalLength;
    private Ethernet parsed;

    /**
     * @param data        the frame as received (the whole frame unless the switch truncated it)
     * @param bufferId    the switch's buffer holding the packet, if it buffered it
     * @param totalLength the frame's full length on the wire
     */
    public InboundPacket(DeviceId deviceId, PortNumber inPort, byte[] data, OptionalInt bufferId, Reason reason,
                         int tableId, long cookie, int totalLength) {
        this.deviceId = checkNotNull(deviceId, "deviceId");
        this.inPort = checkNotNull(inPort, "inPort");
        this.data = checkNotNull(data, "data");
        this.bufferId = checkNotNull(bufferId, "bufferId");
        this.reason = checkNotNull(reason, "reason");
        this.tableId = tableId;
        this.cookie = cookie;
        this.totalLength = totalLength;
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public PortNumber inPort() {
        return inPort;
    }

    public ConnectPoint receivedFrom() {
        return ConnectPoint.of(deviceId, inPort);
    }

    /** The frame bytes; do not modify. */
    public byte[] data() {
        return data;
    }

    public OptionalInt bufferId() {
        return bufferId;
    }

    public Reason reason() {
        return reason;
    }

    public int tableId() {
        return tableId;
    }

    public long cookie() {
        return cookie;
    }

    public int totalLength() {
        return totalLength;
    }

    /**
     * The parsed Ethernet header (and what follows it, parsed on demand).
     *
     * @throws MalformedPacketException if the frame is too short to be Ethernet
     */
    public Ethernet ethernet() {
        Ethernet e = parsed;
        if (e == null) {
            e = Ethernet.parse(data);
            parsed = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return "InboundPacket{" + deviceId + "/" + inPort + " len=" + data.length + " reason=" + reason + "}";
    }
}
