package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/**
 * A router's names and tags, and its interfaces: a given {@code subnet_ids} replaces the whole list
 * (attach or detach is a read-modify-write of it, with If-Match).
 */
public record RouterUpdate(Common common, Given<List<UUID>> subnetIds) implements UpdateRequest {

    public static final RouterUpdate NONE = new RouterUpdate(Common.NONE, Given.absent());

    public RouterUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(subnetIds, "subnetIds");
    }

    @Override
    public ResourceType type() {
        return ResourceType.ROUTER;
    }

    public RouterUpdate withSubnetIds(List<UUID> v) {
        return new RouterUpdate(common, Given.of(v));
    }

    public RouterUpdate withCommon(Common c) {
        return new RouterUpdate(c, subnetIds);
    }
}
