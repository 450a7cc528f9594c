package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** A new listener: a protocol and port on a load balancer's VIP. */
public record ListenerCreate(UUID tenantId, UUID loadbalancerId, L4Protocol protocol, Integer protocolPort,
                             ListenerUpdate settings) implements CreateRequest {

    public ListenerCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ResourceType type() {
        return ResourceType.LISTENER;
    }
}
