package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.UUID;

/**
 * A protocol and port on a load balancer's VIP. New connections go to {@code defaultPoolId} (none
 * while it is null); {@code allowedCidrs}, when not empty, are the only sources admitted.
 */
public record Listener(Meta meta, UUID loadbalancerId, L4Protocol protocol, int protocolPort, UUID defaultPoolId,
                       List<IpPrefix> allowedCidrs, boolean adminStateUp, ProvisioningStatus provisioningStatus,
                       OperatingStatus operatingStatus) implements Resource {

    public Listener {
        requireNonNull(meta, "meta");
        requireNonNull(loadbalancerId, "loadbalancerId");
        requireNonNull(protocol, "protocol");
        requireNonNull(provisioningStatus, "provisioningStatus");
        requireNonNull(operatingStatus, "operatingStatus");
        allowedCidrs = List.copyOf(allowedCidrs);
        if (protocolPort < 1 || protocolPort > 65535) {
            throw new IllegalArgumentException("protocol port out of range: " + protocolPort);
        }
    }

    @Override
    public Listener withMeta(Meta m) {
        return new Listener(m, loadbalancerId, protocol, protocolPort, defaultPoolId, allowedCidrs, adminStateUp,
                provisioningStatus, operatingStatus);
    }

    /** The same resource with other statuses (the data plane's and the monitors' view), as a next revision at {@code now}. */
    public Listener withLbStatus(ProvisioningStatus provisioning, OperatingStatus operating, java.time.Instant now) {
        return new Listener(meta.touch(now), loadbalancerId, protocol, protocolPort, defaultPoolId, allowedCidrs, adminStateUp,
                provisioning, operating);
    }

    /** The same listener with another default pool (null: none), as a next revision at {@code now}. */
    public Listener withDefaultPool(UUID pool, java.time.Instant now) {
        return new Listener(meta.touch(now), loadbalancerId, protocol, protocolPort, pool, allowedCidrs, adminStateUp,
                provisioningStatus, operatingStatus);
    }

    @Override
    public ResourceType type() {
        return ResourceType.LISTENER;
    }
}
