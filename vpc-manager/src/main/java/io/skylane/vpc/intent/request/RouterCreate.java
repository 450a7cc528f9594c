package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/**
 * A new router and the subnets it has an interface on ({@code subnet_ids}, in that order); absent
 * gives a router without interfaces.
 */
public record RouterCreate(UUID tenantId, Common common, Given<List<UUID>> subnetIds) implements CreateRequest {

    public RouterCreate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(subnetIds, "subnetIds");
    }

    /** A router of {@code tenant} (null: the caller's own) on these subnets. */
    public static RouterCreate of(UUID tenant, Common common, List<UUID> subnetIds) {
        return new RouterCreate(tenant, common, Given.of(subnetIds));
    }

    @Override
    public ResourceType type() {
        return ResourceType.ROUTER;
    }
}
