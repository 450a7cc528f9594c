package io.skylane.core.testing;

import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.southbound.SwitchHandle;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A {@link DeviceService} that knows no device and ignores listeners. Override what a test needs. */
public class DeviceServiceAdapter implements DeviceService {

    @Override
    public Collection<Device> devices() {
        return List.of();
    }

    @Override
    public Optional<Device> device(DeviceId id) {
        return Optional.empty();
    }

    @Override
    public boolean isConnected(DeviceId id) {
        return false;
    }

    @Override
    public Collection<Port> ports(DeviceId id) {
        return List.of();
    }

    @Override
    public Optional<SwitchHandle> handle(DeviceId id) {
        return Optional.empty();
    }

    @Override
    public void addListener(DeviceListener listener) {
    }

    @Override
    public void removeListener(DeviceListener listener) {
    }
}
