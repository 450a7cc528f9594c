package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** A new VPC; its segment id is allocated. */
public record VpcCreate(UUID tenantId, Common common) implements CreateRequest {

    public VpcCreate {
        java.util.Objects.requireNonNull(common, "common");
    }

    @Override
    public ResourceType type() {
        return ResourceType.VPC;
    }
}
