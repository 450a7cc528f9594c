package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/** What may change of a listener: its default pool (null: none), the sources it admits, its admin state. */
public record ListenerUpdate(Common common, Given<UUID> defaultPoolId, Given<List<IpPrefix>> allowedCidrs,
                             Given<Boolean> adminStateUp) implements UpdateRequest {

    public static final ListenerUpdate NONE = new ListenerUpdate(Common.NONE, Given.absent(), Given.absent(),
            Given.absent());

    public ListenerUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(defaultPoolId, "defaultPoolId");
        java.util.Objects.requireNonNull(allowedCidrs, "allowedCidrs");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.LISTENER;
    }

    public ListenerUpdate withDefaultPoolId(UUID v) {
        return new ListenerUpdate(common, Given.of(v), allowedCidrs, adminStateUp);
    }

    public ListenerUpdate withAllowedCidrs(List<IpPrefix> v) {
        return new ListenerUpdate(common, defaultPoolId, Given.of(v), adminStateUp);
    }
}
