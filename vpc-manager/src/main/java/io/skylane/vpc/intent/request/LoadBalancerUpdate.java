package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** What may change of a load balancer: its names and tags, and its admin state. */
public record LoadBalancerUpdate(Common common, Given<Boolean> adminStateUp) implements UpdateRequest {

    public static final LoadBalancerUpdate NONE = new LoadBalancerUpdate(Common.NONE, Given.absent());

    public LoadBalancerUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.LOAD_BALANCER;
    }
}
