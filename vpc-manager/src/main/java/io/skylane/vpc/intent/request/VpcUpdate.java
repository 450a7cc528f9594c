package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** A VPC's names and tags (its segment never changes). */
public record VpcUpdate(Common common) implements UpdateRequest {

    public VpcUpdate {
        java.util.Objects.requireNonNull(common, "common");
    }

    @Override
    public ResourceType type() {
        return ResourceType.VPC;
    }
}
