package io.skylane.core.device;

import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Holds the devices the controller knows. Every update returns the event the change caused, or
 * {@code null} when nothing changed; the {@link DeviceManager} posts it. Implementations are
 * thread-safe; updates of one device are applied in the order they are made.
 */
public interface DeviceStore {

    /**
     * Records that a switch connected (for the first time or again); its ports are replaced by
     * {@code ports}. Always returns a {@link DeviceEvent.Type#DEVICE_CONNECTED} event.
     */
    DeviceEvent connected(DeviceId id, ProtocolVersion version, InetSocketAddress address,
                          DeviceDescription description, List<Port> ports, Instant now);

    /** Returns {@code DEVICE_UPDATED}, or null if the device is unknown or the description is the same. */
    DeviceEvent updateDescription(DeviceId id, DeviceDescription description, Instant now);

    /** Returns {@code DEVICE_DISCONNECTED}, or null if the device is unknown or already disconnected. */
    DeviceEvent disconnected(DeviceId id, Instant now);

    /**
     * Adds or updates a port. Returns {@code PORT_ADDED} for a new port, {@code PORT_UPDATED} for a
     * changed one, null if the device is unknown or the port is unchanged.
     */
    DeviceEvent updatePort(DeviceId id, Port port, Instant now);

    /** Returns {@code PORT_REMOVED} with the removed port, or null if there was no such port. */
    DeviceEvent removePort(DeviceId id, PortNumber number, Instant now);

    Optional<Device> device(DeviceId id);

    /** A snapshot of every device, ordered by id. */
    Collection<Device> devices();
}
