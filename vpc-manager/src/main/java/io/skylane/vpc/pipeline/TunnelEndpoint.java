package io.skylane.vpc.pipeline;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;

/**
 * A hypervisor as the overlay sees it: its integration bridge, its tunnel endpoint address on the
 * underlay, and the bridge's flow-based tunnel port ({@code remote_ip=flow, key=flow,
 * local_ip=address}).
 */
public record TunnelEndpoint(DeviceId device, Ip4Address address, PortNumber tunnelPort) {

    public TunnelEndpoint {
        requireNonNull(device, "device");
        requireNonNull(address, "address");
        requireNonNull(tunnelPort, "tunnelPort");
    }
}
