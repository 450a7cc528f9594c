package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** A new port in a VPC, with the settings an update may change later (absent ones take defaults). */
public record PortCreate(UUID tenantId, UUID vpcId, PortUpdate settings) implements CreateRequest {

    public PortCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    /** A port with the defaults: an address from the VPC's first IPv4 subnet, the default group. */
    public static PortCreate of(UUID tenantId, UUID vpcId) {
        return new PortCreate(tenantId, vpcId, PortUpdate.NONE);
    }

    public PortCreate withSettings(PortUpdate v) {
        return new PortCreate(tenantId, vpcId, v);
    }

    @Override
    public ResourceType type() {
        return ResourceType.PORT;
    }
}
