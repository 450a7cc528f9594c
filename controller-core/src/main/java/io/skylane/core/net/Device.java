package io.skylane.core.net;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * A switch as the controller knows it. Immutable: a change makes a new {@code Device}.
 *
 * @param id           datapath id
 * @param version      the OpenFlow version negotiated on the (last) connection
 * @param address      the switch's address on the (last) connection
 * @param description  DESCRIPTION and FEATURES
 * @param ports        the ports by number
 * @param connected    true while the switch has a ready OpenFlow connection
 * @param since        when the device last connected or disconnected
 */
public record Device(DeviceId id, ProtocolVersion version, InetSocketAddress address,
                     DeviceDescription description, ImmutableSortedMap<PortNumber, Port> ports,
                     boolean connected, Instant since) {

    public Device {
        checkNotNull(id, "id");
        checkNotNull(version, "version");
        checkNotNull(address, "address");
        checkNotNull(description, "description");
        checkNotNull(ports, "ports");
        checkNotNull(since, "since");
    }

    public Optional<Port> port(PortNumber number) {
        return Optional.ofNullable(ports.get(number));
    }

    public Device withPorts(Collection<Port> newPorts) {
        ImmutableSortedMap.Builder<PortNumber, Port> b = ImmutableSortedMap.naturalOrder();
        newPorts.forEach(p -> b.put(p.number(), p));
        return new Device(id, version, address, description, b.build(), connected, since);
    }

    public Device withPort(Port port) {
        ImmutableSortedMap.Builder<PortNumber, Port> b = ImmutableSortedMap.naturalOrder();
        ports.forEach((n, p) -> {
            if (!n.equals(port.number())) {
                b.put(n, p);
            }
        });
        b.put(port.number(), port);
        return new Device(id, version, address, description, b.build(), connected, since);
    }

    public Device withoutPort(PortNumber number) {
        ImmutableSortedMap.Builder<PortNumber, Port> b = ImmutableSortedMap.naturalOrder();
        ports.forEach((n, p) -> {
            if (!n.equals(number)) {
                b.put(n, p);
            }
        });
        return new Device(id, version, address, description, b.build(), connected, since);
    }

    public Device withDescription(DeviceDescription d) {
        return new Device(id, version, address, d, ports, connected, since);
    }

    public Device withConnected(boolean isConnected, Instant when) {
        return new Device(id, version, address, description, ports, isConnected, when);
    }
}
