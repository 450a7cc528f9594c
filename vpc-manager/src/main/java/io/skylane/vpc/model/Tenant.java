package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

/** A tenant: owns everything else; its {@code tenant_id} is its own id. */
public record Tenant(Meta meta) implements Resource {

    public Tenant {
        requireNonNull(meta, "meta");
        if (!meta.id().equals(meta.tenantId())) {
            throw new IllegalArgumentException("a tenant's tenant_id is its own id");
        }
        if (meta.id().equals(Meta.PROVIDER)) {
            throw new IllegalArgumentException("the nil UUID is the provider's, never a tenant's id");
        }
    }

    @Override
    public Tenant withMeta(Meta m) {
        return new Tenant(m);
    }

    @Override
    public ResourceType type() {
        return ResourceType.TENANT;
    }
}
