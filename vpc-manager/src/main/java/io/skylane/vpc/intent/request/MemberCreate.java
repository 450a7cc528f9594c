package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.net.InetAddress;
import java.util.UUID;

/**
 * A new member of a pool: an address in the load balancer's VPC (in {@code subnetId} when given,
 * else in whichever of the VPC's subnets holds it) and a port.
 */
public record MemberCreate(UUID tenantId, UUID poolId, InetAddress address, Integer protocolPort, UUID subnetId,
                           MemberUpdate settings) implements CreateRequest {

    public MemberCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ResourceType type() {
        return ResourceType.MEMBER;
    }
}
