package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * Members: an IPv4 address in a subnet of the load balancer's VPC and a port, once per pool;
 * weight 0..256 (default 1), admin state (default up), backup (default no).
 */
final class MemberValidator implements ResourceValidator<MemberCreate, MemberUpdate> {

    private final IntentContext ctx;

    MemberValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(MemberCreate request, UUID tenant) {
        UUID poolId = IntentContext.required(request.poolId(), "pool_id");
        Pool pool = (Pool) ctx.reference(ResourceType.POOL, poolId, tenant, "pool_id");
        LoadBalancer lb = (LoadBalancer) ctx.store.get(ResourceType.LOAD_BALANCER, pool.loadbalancerId());
        InetAddress address = IntentContext.required(request.address(), "address");
        int port = IntentContext.required(request.protocolPort(), "protocol_port");
        if (port < 1 || port > 65535) {
            throw IntentException.invalid("protocol_port", "must be 1..65535, got " + port);
        }
        Subnet subnet = subnet(request, tenant, lb.vpcId(), address);
        for (Resource r : ctx.children(pool.id(), ResourceType.MEMBER)) {
            Member other = (Member) r;
            if (other.address().equals(address) && other.protocolPort() == port) {
                throw IntentException.conflict("address", IpAddresses.format(address) + " port " + port
                        + " is already member " + other.id() + " of pool " + pool.id());
            }
        }
        MemberUpdate s = request.settings();
        return Change.created(new Member(ctx.meta(s.common(), UUID.randomUUID(), tenant), pool.id(), subnet.id(), address,
                port, weight(s.weight(), 1), s.adminStateUp().or(true), s.backup().or(false),
                ProvisioningStatus.PENDING_CREATE, OperatingStatus.OFFLINE));
    }

    @Override
    public Resource update(MemberUpdate request, Resource old) {
        Member m = (Member) old;
        return new Member(ctx.nextMeta(request.common(), old), m.poolId(), m.subnetId(), m.address(), m.protocolPort(),
                weight(request.weight(), m.weight()), request.adminStateUp().or(m.adminStateUp()),
                request.backup().or(m.backup()), m.provisioningStatus(), m.operatingStatus());
    }

    /** The subnet of the VPC the address is in: the one named, or the one that holds it. */
    private Subnet subnet(MemberCreate request, UUID tenant, UUID vpc, InetAddress address) {
        if (IpAddresses.version(address) != 4) {
            throw IntentException.invalid("address", IpAddresses.format(address) + " is IPv6: members are IPv4 for now");
        }
        if (request.subnetId() != null) {
            Subnet s = (Subnet) ctx.reference(ResourceType.SUBNET, request.subnetId(), tenant, "subnet_id");
            if (!s.vpcId().equals(vpc)) {
                throw IntentException.invalid("subnet_id", "subnet " + s.id() + " is not in the load balancer's VPC " + vpc);
            }
            if (!s.cidr().contains(address)) {
                throw IntentException.invalid("address", IpAddresses.format(address) + " is outside subnet " + s.cidr());
            }
            return s;
        }
        return SubnetValidator.subnetsOf(ctx, vpc).stream().filter(s -> s.cidr().contains(address)).findFirst()
                .orElseThrow(() -> IntentException.invalid("address", IpAddresses.format(address)
                        + " is in no subnet of the load balancer's VPC " + vpc));
    }

    private static int weight(Given<Integer> given, int current) {
        int w = given.or(current);
        if (w < 0 || w > Member.MAX_WEIGHT) {
            throw IntentException.invalid("weight", "must be 0.." + Member.MAX_WEIGHT + ", got " + w);
        }
        return w;
    }
}
