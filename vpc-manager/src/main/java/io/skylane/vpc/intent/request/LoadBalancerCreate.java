package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.net.InetAddress;
import java.util.UUID;

/** A new load balancer: its VIP's subnet, and the VIP (null: allocated from the subnet). */
public record LoadBalancerCreate(UUID tenantId, UUID vipSubnetId, InetAddress vipAddress, LoadBalancerUpdate settings)
        implements CreateRequest {

    public LoadBalancerCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ResourceType type() {
        return ResourceType.LOAD_BALANCER;
    }
}
