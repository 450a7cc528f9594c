package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import java.net.InetAddress;
import java.util.List;

/**
 * The settings of a subnet that may change, as given. On a create ({@link SubnetCreate}) an
 * absent {@code gatewayIp} is the first host and a given null means no gateway; absent pools cover
 * the CIDR but for the gateway; {@code enableDhcp} defaults to true.
 */
public record SubnetUpdate(Common common, Given<InetAddress> gatewayIp, Given<List<Subnet.AllocationPool>> allocationPools,
                           Given<List<InetAddress>> dnsNameservers, Given<Boolean> enableDhcp) implements UpdateRequest {

    /** Nothing given. */
    public static final SubnetUpdate NONE = new SubnetUpdate(Common.NONE, Given.absent(), Given.absent(),
            Given.absent(), Given.absent());

    public SubnetUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(gatewayIp, "gatewayIp");
        java.util.Objects.requireNonNull(allocationPools, "allocationPools");
        java.util.Objects.requireNonNull(dnsNameservers, "dnsNameservers");
        java.util.Objects.requireNonNull(enableDhcp, "enableDhcp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.SUBNET;
    }

    public SubnetUpdate withCommon(Common v) {
        return new SubnetUpdate(v, gatewayIp, allocationPools, dnsNameservers, enableDhcp);
    }

    /** null: no gateway. */
    public SubnetUpdate withGatewayIp(InetAddress v) {
        return new SubnetUpdate(common, Given.of(v), allocationPools, dnsNameservers, enableDhcp);
    }

    public SubnetUpdate withAllocationPools(List<Subnet.AllocationPool> v) {
        return new SubnetUpdate(common, gatewayIp, Given.of(v), dnsNameservers, enableDhcp);
    }

    public SubnetUpdate withDnsNameservers(List<InetAddress> v) {
        return new SubnetUpdate(common, gatewayIp, allocationPools, Given.of(v), enableDhcp);
    }

    public SubnetUpdate withEnableDhcp(boolean v) {
        return new SubnetUpdate(common, gatewayIp, allocationPools, dnsNameservers, Given.of(v));
    }
}
