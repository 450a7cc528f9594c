package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;

/** A tenant's names and tags (admin only). */
public record TenantUpdate(Common common) implements UpdateRequest {

    public TenantUpdate {
        java.util.Objects.requireNonNull(common, "common");
    }

    @Override
    public ResourceType type() {
        return ResourceType.TENANT;
    }
}
