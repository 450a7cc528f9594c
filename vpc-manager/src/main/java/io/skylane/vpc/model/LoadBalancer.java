package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.UUID;

/**
 * A virtual IP address in a tenant's subnet ({@code vipSubnetId}, in VPC {@code vpcId}), which
 * listeners make reachable on a protocol and port. The VIP is reserved in its subnet: no port can
 * take it.
 */
public record LoadBalancer(Meta meta, UUID vpcId, UUID vipSubnetId, InetAddress vipAddress, boolean adminStateUp,
                           ProvisioningStatus provisioningStatus, OperatingStatus operatingStatus) implements Resource {

    public LoadBalancer {
        requireNonNull(meta, "meta");
        requireNonNull(vpcId, "vpcId");
        requireNonNull(vipSubnetId, "vipSubnetId");
        requireNonNull(vipAddress, "vipAddress");
        requireNonNull(provisioningStatus, "provisioningStatus");
        requireNonNull(operatingStatus, "operatingStatus");
    }

    @Override
    public LoadBalancer withMeta(Meta m) {
        return new LoadBalancer(m, vpcId, vipSubnetId, vipAddress, adminStateUp, provisioningStatus, operatingStatus);
    }

    /** The same resource with other statuses (the data plane's and the monitors' view), as a next revision at {@code now}. */
    public LoadBalancer withLbStatus(ProvisioningStatus provisioning, OperatingStatus operating, java.time.Instant now) {
        return new LoadBalancer(meta.touch(now), vpcId, vipSubnetId, vipAddress, adminStateUp, provisioning, operating);
    }

    @Override
    public ResourceType type() {
        return ResourceType.LOAD_BALANCER;
    }
}
