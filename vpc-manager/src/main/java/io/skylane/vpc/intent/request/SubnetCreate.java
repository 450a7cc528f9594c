package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/**
 * A new subnet of a VPC: its CIDR (and, if given, an {@code ipVersion} that must agree with it)
 * and the settings an update may change later.
 */
public record SubnetCreate(UUID tenantId, UUID vpcId, IpPrefix cidr, Integer ipVersion, SubnetUpdate settings)
        implements CreateRequest {

    public SubnetCreate {
        java.util.Objects.requireNonNull(settings, "settings");
    }

    /** A subnet with the defaults for everything but its VPC and CIDR. */
    public static SubnetCreate of(UUID tenantId, UUID vpcId, IpPrefix cidr) {
        return new SubnetCreate(tenantId, vpcId, cidr, null, SubnetUpdate.NONE);
    }

    public SubnetCreate withSettings(SubnetUpdate v) {
        return new SubnetCreate(tenantId, vpcId, cidr, ipVersion, v);
    }

    @Override
    public ResourceType type() {
        return ResourceType.SUBNET;
    }
}
