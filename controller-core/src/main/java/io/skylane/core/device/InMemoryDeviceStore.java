package io.skylane.core.device;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The single-machine device store: a concurrent map of immutable {@link Device} values. Reads are
 * lock-free; updates are serialised (they are rare: connects, port changes).
 */
public final class InMemoryDeviceStore implements DeviceStore {

    private final ConcurrentMap<DeviceId, Device> devices = new ConcurrentHashMap<>();

    @Override
    public synchronized DeviceEvent connected(DeviceId id, ProtocolVersion version, InetSocketAddress address,
                                              DeviceDescription description, List<Port> ports, Instant now) {
        checkNotNull(id, "id");
        checkNotNull(ports, "ports");
        Map<PortNumber, Port> byNumber = new TreeMap<>();
        ports.forEach(p -> byNumber.put(p.number(), p));
        Device d = new Device(id, version, address, description, ImmutableSortedMap.copyOf(byNumber), true, now);
        devices.put(id, d);
        return new DeviceEvent(DeviceEvent.Type.DEVICE_CONNECTED, d, now);
    }

    @Override
    public synchronized DeviceEvent updateDescription(DeviceId id, DeviceDescription description, Instant now) {
        checkNotNull(description, "description");
        Device old = devices.get(id);
        if (old == null || old.description().equals(description)) {
            return null;
        }
        Device d = old.withDescription(description);
        devices.put(id, d);
        return new DeviceEvent(DeviceEvent.Type.DEVICE_UPDATED, d, now);
    }

    @Override
    public synchronized DeviceEvent disconnected(DeviceId id, Instant now) {
        Device old = devices.get(id);
        if (old == null || !old.connected()) {
            return null;
        }
        Device d = old.withConnected(false, now);
        devices.put(id, d);
        return new DeviceEvent(DeviceEvent.Type.DEVICE_DISCONNECTED, d, now);
    }

    @Override
    public synchronized DeviceEvent updatePort(DeviceId id, Port port, Instant now) {
        checkNotNull(port, "port");
        Device old = devices.get(id);
        if (old == null) {
            return null;
        }
        Optional<Port> before = old.port(port.number());
        if (before.isPresent() && before.get().equals(port)) {
            return null;
        }
        Device d = old.withPort(port);
        devices.put(id, d);
        return new DeviceEvent(before.isPresent() ? DeviceEvent.Type.PORT_UPDATED : DeviceEvent.Type.PORT_ADDED,
                d, port, now);
    }

    @Override
    public synchronized DeviceEvent removePort(DeviceId id, PortNumber number, Instant now) {
        Device old = devices.get(id);
        if (old == null) {
            return null;
        }
        Optional<Port> before = old.port(number);
        if (before.isEmpty()) {
            return null;
        }
        Device d = old.withoutPort(number);
        devices.put(id, d);
        return new DeviceEvent(DeviceEvent.Type.PORT_REMOVED, d, before.get(), now);
    }

    @Override
    public Optional<Device> device(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    @Override
    public Collection<Device> devices() {
        return ImmutableList.sortedCopyOf(Comparator.comparing(Device::id), devices.values());
    }
}
