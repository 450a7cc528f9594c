package io.skylane.core.device;

import io.skylane.core.event.Event;
import io.skylane.core.net.Device;
import io.skylane.core.net.Port;
import java.time.Instant;
import java.util.Optional;

/** A change of a device or one of its ports. The subject is the device after the change. */
public final class DeviceEvent extends Event<DeviceEvent.Type, Device> {

    public enum Type {
        /** The switch finished its handshake (first time or again). */
        DEVICE_CONNECTED,
        /** The switch's connection closed; the device stays known, unavailable. */
        DEVICE_DISCONNECTED,
        /** The switch's description changed. */
        DEVICE_UPDATED,
        PORT_ADDED,
        PORT_UPDATED,
        PORT_REMOVED
    }

    private final Port port;

    public DeviceEvent(Type type, Device device, Instant time) {
        this(type, device, null, time);
    }

    public DeviceEvent(Type type, Device device, Port port, Instant time) {
        super(type, device, time);
        this.port = port;
    }

    /** The port, for port events. */
    public Optional<Port> port() {
        return Optional.ofNullable(port);
    }

    @Override
    public String toString() {
        return "DeviceEvent{" + type() + " " + subject().id() + (port == null ? "" : " port " + port.number()) + "}";
    }
}
