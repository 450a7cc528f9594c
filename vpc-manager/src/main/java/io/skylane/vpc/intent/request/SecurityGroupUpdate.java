package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** A security group's names and tags (its rules are resources of their own). */
public record SecurityGroupUpdate(Common common) implements UpdateRequest {

    public SecurityGroupUpdate {
        java.util.Objects.requireNonNull(common, "common");
    }

    @Override
    public ResourceType type() {
        return ResourceType.SECURITY_GROUP;
    }
}
