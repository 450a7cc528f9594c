package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/**
 * A new pool of a load balancer, named by {@code loadbalancerId} or by {@code listenerId} (whose
 * default pool it then becomes); its {@code lbAlgorithm} is required, in the settings.
 */
public record PoolCreate(UUID tenantId, UUID loadbalancerId, UUID listenerId, L4Protocol protocol, PoolUpdate settings)
        implements CreateRequest {

    public PoolCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ResourceType type() {
        return ResourceType.POOL;
    }
}
