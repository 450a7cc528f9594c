package io.skylane.vpc.intent.request;

import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.ResourceType;

/** What may change of a hypervisor: its names and tags, and its tunnel endpoint (never its datapath id). */
public record HypervisorUpdate(Common common, Given<Ip4Address> endpointIp) implements UpdateRequest {

    public static final HypervisorUpdate NONE = new HypervisorUpdate(Common.NONE, Given.absent());

    public HypervisorUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(endpointIp, "endpointIp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.HYPERVISOR;
    }

    public HypervisorUpdate withEndpointIp(Ip4Address v) {
        return new HypervisorUpdate(common, Given.of(v));
    }

    public HypervisorUpdate withCommon(Common c) {
        return new HypervisorUpdate(c, endpointIp);
    }
}
