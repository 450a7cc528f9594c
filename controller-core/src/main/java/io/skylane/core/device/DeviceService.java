package io.skylane.core.device;

import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.southbound.SwitchHandle;
import java.util.Collection;
import java.util.Optional;

/** The switches the controller knows, connected or not. */
public interface DeviceService {

    Collection<Device> devices();

    Optional<Device> device(DeviceId id);

    /** True while the switch has a ready connection. */
    boolean isConnected(DeviceId id);

    /** The switch's ports, empty if the device is unknown. */
    Collection<Port> ports(DeviceId id);

    /** The connection of a connected switch (for core services; apps use the services). */
    Optional<SwitchHandle> handle(DeviceId id);

    void addListener(DeviceListener listener);

    void removeListener(DeviceListener listener);
}
