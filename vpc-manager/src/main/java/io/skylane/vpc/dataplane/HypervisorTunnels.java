package io.skylane.vpc.dataplane;

import io.skylane.core.device.DeviceService;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Port;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.pipeline.TunnelEndpoint;
import io.skylane.vpc.store.IntentStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which registered hypervisors the overlay can use: those whose bridge reports its tunnel port (by
 * name) in its OpenFlow port list. A hypervisor whose tunnel port is missing (not created yet,
 * refused by Open vSwitch, or its switch never connected) is left out until the port appears, and
 * its tenant ports reach only each other.
 */
final class HypervisorTunnels {

    /** The usable endpoints, by switch, and the tunnel ports (never tenant or LLDP ports). */
    record Found(Map<DeviceId, TunnelEndpoint> endpoints, Set<ConnectPoint> tunnelPorts) {
    }

    private HypervisorTunnels() {
    }

    /** The registered hypervisors' tunnel endpoint addresses, by their bridge. */
    static Map<DeviceId, Ip4Address> registered(IntentStore store) {
        Map<DeviceId, Ip4Address> out = new HashMap<>();
        for (Resource r : store.all(ResourceType.HYPERVISOR)) {
            Hypervisor h = (Hypervisor) r;
            out.put(h.deviceId(), h.endpointIp());
        }
        return out;
    }

    /**
     * @param registered the hypervisors' endpoint addresses, by their bridge's datapath id
     * @param devices    the switches as they report their ports
     * @param portName   the tunnel port's name
     */
    static Found find(Map<DeviceId, Ip4Address> registered, DeviceService devices, String portName) {
        Map<DeviceId, TunnelEndpoint> endpoints = new TreeMap<>();
        Set<ConnectPoint> ports = new TreeSet<>();
        registered.forEach((d, address) -> tunnelPort(devices, d, portName).ifPresent(p -> {
            endpoints.put(d, new TunnelEndpoint(d, address, p.number()));
            ports.add(ConnectPoint.of(d, p.number()));
        }));
        return new Found(endpoints, ports);
    }

    /** The switch's port named {@code portName}, if it reports one with a usable number. */
    static Optional<Port> tunnelPort(DeviceService devices, DeviceId d, String portName) {
        for (Port p : devices.ports(d)) {
            if (p.name().equals(portName) && p.number().isPhysical()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
