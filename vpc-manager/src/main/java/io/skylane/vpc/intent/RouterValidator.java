package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.vpc.intent.request.RouterCreate;
import io.skylane.vpc.intent.request.RouterUpdate;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Routers: the subnets they have an interface on ({@code subnet_ids}, none when absent on create; a
 * given list replaces the whole list on update). Each a subnet of the router's tenant (400 naming
 * {@code subnet_ids[i]}, as every reference), listed once (400), with a {@code gateway_ip} (400: the
 * interface takes the subnet's gateway), on no other router (409 naming it), and the CIDRs of one
 * router's subnets do not overlap each other (409 naming both, as Neutron refuses overlapping
 * interfaces). Subnets of one VPC or of several may share a router; IPv6 subnets are accepted and
 * kept, as IPv6 ports are (the data plane forwards IPv4).
 */
final class RouterValidator implements ResourceValidator<RouterCreate, RouterUpdate> {

    /** The most interfaces one router has. */
    static final int MAX_INTERFACES = 256;

    private final IntentContext ctx;

    RouterValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(RouterCreate request, UUID tenant) {
        UUID id = UUID.randomUUID();
        List<UUID> subnets = subnets(request.subnetIds().or(List.of()), tenant, id);
        return Change.created(new Router(ctx.meta(request.common(), id, tenant), subnets));
    }

    @Override
    public Resource update(RouterUpdate request, Resource old) {
        Router r = (Router) old;
        List<UUID> subnets = request.subnetIds().present()
                ? subnets(request.subnetIds().value(), r.tenantId(), r.id()) : r.subnetIds();
        return new Router(ctx.nextMeta(request.common(), old), subnets);
    }

    /** The interfaces of router {@code self} of {@code tenant}, checked whole. */
    private List<UUID> subnets(List<UUID> asked, UUID tenant, UUID self) {
        CommonValidator.atMost(asked, "subnet_ids", MAX_INTERFACES);
        Set<UUID> seen = new HashSet<>();
        List<Subnet> subnets = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String path = at("subnet_ids", i);
            UUID id = IntentContext.required(asked.get(i), path);
            if (!seen.add(id)) {
                throw IntentException.invalid(path, "subnet " + id + " is listed twice: a router has one interface per subnet");
            }
            Subnet s = (Subnet) ctx.reference(ResourceType.SUBNET, id, tenant, path);
            if (s.gatewayIp() == null) {
                throw IntentException.invalid(path, "subnet " + id + " has no gateway_ip: a router interface takes the "
                        + "subnet's gateway");
            }
            UUID other = ctx.index.routerOf(id);
            if (other != null && !other.equals(self)) {
                throw IntentException.conflict(path, "subnet " + id + " is already on router " + other
                        + "; a subnet is on at most one router");
            }
            for (Subnet earlier : subnets) {
                if (earlier.cidr().overlaps(s.cidr())) {
                    throw IntentException.conflict(path, "subnet " + id + " (" + s.cidr() + ") overlaps subnet "
                            + earlier.id() + " (" + earlier.cidr() + ") on the router: a router cannot route "
                            + "between overlapping subnets");
                }
            }
            subnets.add(s);
        }
        return List.copyOf(asked);
    }
}
