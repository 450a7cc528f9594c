package io.skylane.vpc.intent.request;

import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/**
 * A new hypervisor (admin only): its integration bridge's datapath id and its tunnel endpoint
 * (each null when the request lacks it, which the validator refuses).
 */
public record HypervisorCreate(Long datapathId, Ip4Address endpointIp, Common common) implements CreateRequest {

    public HypervisorCreate {
        java.util.Objects.requireNonNull(common, "common");
    }

    @Override
    public ResourceType type() {
        return ResourceType.HYPERVISOR;
    }

    /** Always null: a hypervisor belongs to no tenant. */
    @Override
    public UUID tenantId() {
        return null;
    }
}
