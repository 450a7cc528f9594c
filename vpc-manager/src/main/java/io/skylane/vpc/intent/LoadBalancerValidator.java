package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Load balancers: a VIP in an IPv4 subnet of the tenant, asked for or allocated like a port's
 * address, and reserved there (no port can take it). Each starts {@code PENDING_CREATE} and
 * {@code OFFLINE}: the data plane moves its statuses.
 */
final class LoadBalancerValidator implements ResourceValidator<LoadBalancerCreate, LoadBalancerUpdate> {

    private final IntentContext ctx;

    LoadBalancerValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(LoadBalancerCreate request, UUID tenant) {
        UUID subnetId = IntentContext.required(request.vipSubnetId(), "vip_subnet_id");
        Subnet subnet = (Subnet) ctx.reference(ResourceType.SUBNET, subnetId, tenant, "vip_subnet_id");
        if (subnet.ipVersion() != 4) {
            throw IntentException.invalid("vip_subnet_id", "subnet " + subnetId + " is IPv6: VIPs are IPv4 for now");
        }
        InetAddress vip = request.vipAddress();
        if (vip == null) {
            vip = ctx.addresses.allocate(subnet, Set.of(), "vip_address");
        } else {
            ctx.addresses.check(subnet, vip, null, "vip_address");
        }
        return Change.created(new LoadBalancer(ctx.meta(request.settings().common(), UUID.randomUUID(), tenant),
                subnet.vpcId(), subnetId, vip, request.settings().adminStateUp().or(true),
                ProvisioningStatus.PENDING_CREATE, OperatingStatus.OFFLINE));
    }

    @Override
    public Resource update(LoadBalancerUpdate request, Resource old) {
        LoadBalancer lb = (LoadBalancer) old;
        return new LoadBalancer(ctx.nextMeta(request.common(), old), lb.vpcId(), lb.vipSubnetId(), lb.vipAddress(),
                request.adminStateUp().or(lb.adminStateUp()), lb.provisioningStatus(), lb.operatingStatus());
    }
}
