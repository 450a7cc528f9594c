package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * A tenant's router: it routes between the subnets it has an interface on ({@code subnetIds}, in the
 * order they were attached, each at most once), including subnets of different VPCs. A VPC already
 * routes its own subnets to each other; a router is what joins subnets of two VPCs (Neutron's router
 * joining two networks). The hosts of a subnet on the router reach the addresses of the router's other
 * subnets, and only those: routers do not chain (as in Neutron without static routes).
 */
public record Router(Meta meta, List<UUID> subnetIds) implements Resource {

    public Router {
        requireNonNull(meta, "meta");
        subnetIds = List.copyOf(subnetIds);
        if (new HashSet<>(subnetIds).size() != subnetIds.size()) {
            throw new IllegalArgumentException("a router has at most one interface per subnet: " + subnetIds);
        }
        if (meta.tenantId().equals(Meta.PROVIDER)) {
            throw new IllegalArgumentException("a router belongs to a tenant");
        }
    }

    /** The same router with these interfaces. */
    public Router withSubnets(List<UUID> subnets) {
        return new Router(meta, subnets);
    }

    @Override
    public Router withMeta(Meta m) {
        return new Router(m, subnetIds);
    }

    @Override
    public ResourceType type() {
        return ResourceType.ROUTER;
    }
}
