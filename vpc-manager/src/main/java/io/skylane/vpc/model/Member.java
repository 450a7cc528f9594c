package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.UUID;

/**
 * A backend of a pool: an address in a subnet of the load balancer's VPC and a port. {@code weight}
 * 0..256 is its share of new connections (0: none); {@code adminStateUp} false drains it (open
 * connections go on, no new ones); a {@code backup} member takes connections only when no other
 * member is up.
 */
public record Member(Meta meta, UUID poolId, UUID subnetId, InetAddress address, int protocolPort, int weight,
                     boolean adminStateUp, boolean backup, ProvisioningStatus provisioningStatus,
                     OperatingStatus operatingStatus) implements Resource {

    public static final int MAX_WEIGHT = 256;

    public Member {
        requireNonNull(meta, "meta");
        requireNonNull(poolId, "poolId");
        requireNonNull(subnetId, "subnetId");
        requireNonNull(address, "address");
        requireNonNull(provisioningStatus, "provisioningStatus");
        requireNonNull(operatingStatus, "operatingStatus");
        if (protocolPort < 1 || protocolPort > 65535) {
            throw new IllegalArgumentException("protocol port out of range: " + protocolPort);
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight out of range: " + weight);
        }
    }

    @Override
    public Member withMeta(Meta m) {
        return new Member(m, poolId, subnetId, address, protocolPort, weight, adminStateUp, backup, provisioningStatus,
                operatingStatus);
    }

    /** The same resource with other statuses (the data plane's and the monitors' view), as a next revision at {@code now}. */
    public Member withLbStatus(ProvisioningStatus provisioning, OperatingStatus operating, java.time.Instant now) {
        return new Member(meta.touch(now), poolId, subnetId, address, protocolPort, weight, adminStateUp, backup, provisioning, operating);
    }

    @Override
    public ResourceType type() {
        return ResourceType.MEMBER;
    }
}
