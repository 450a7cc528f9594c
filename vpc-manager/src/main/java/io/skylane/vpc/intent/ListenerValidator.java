package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.Change;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Listeners: one per protocol and port of a load balancer; a default pool of the same load
 * balancer and protocol; the IPv4 sources admitted ({@code allowed_cidrs}, empty: any).
 */
final class ListenerValidator implements ResourceValidator<ListenerCreate, ListenerUpdate> {

    static final int MAX_CIDRS = 64;

    private final IntentContext ctx;

    ListenerValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(ListenerCreate request, UUID tenant) {
        UUID lbId = IntentContext.required(request.loadbalancerId(), "loadbalancer_id");
        LoadBalancer lb = (LoadBalancer) ctx.reference(ResourceType.LOAD_BALANCER, lbId, tenant, "loadbalancer_id");
        L4Protocol protocol = IntentContext.required(request.protocol(), "protocol");
        int port = IntentContext.required(request.protocolPort(), "protocol_port");
        if (port < 1 || port > 65535) {
            throw IntentException.invalid("protocol_port", "must be 1..65535, got " + port);
        }
        for (Resource r : ctx.children(lb.id(), ResourceType.LISTENER)) {
            Listener other = (Listener) r;
            if (other.protocol() == protocol && other.protocolPort() == port) {
                throw IntentException.conflict("protocol_port", protocol + " port " + port
                        + " of load balancer " + lb.id() + " is already listener " + other.id());
            }
        }
        ListenerUpdate s = request.settings();
        UUID pool = defaultPool(s.defaultPoolId(), lb.id(), protocol, null);
        return Change.created(new Listener(ctx.meta(s.common(), UUID.randomUUID(), tenant), lb.id(), protocol, port, pool,
                cidrs(s.allowedCidrs(), List.of()), s.adminStateUp().or(true), ProvisioningStatus.PENDING_CREATE,
                OperatingStatus.OFFLINE));
    }

    @Override
    public Resource update(ListenerUpdate request, Resource old) {
        Listener l = (Listener) old;
        return new Listener(ctx.nextMeta(request.common(), old), l.loadbalancerId(), l.protocol(), l.protocolPort(),
                defaultPool(request.defaultPoolId(), l.loadbalancerId(), l.protocol(), l.defaultPoolId()),
                cidrs(request.allowedCidrs(), l.allowedCidrs()), request.adminStateUp().or(l.adminStateUp()),
                l.provisioningStatus(), l.operatingStatus());
    }

    /** The default pool: absent keeps {@code current}; null none; else a pool of the load balancer and protocol. */
    private UUID defaultPool(Given<UUID> given, UUID lb, L4Protocol protocol, UUID current) {
        if (!given.present() || given.value() == null) {
            return given.present() ? null : current;
        }
        Resource r = ctx.store.get(ResourceType.POOL, given.value());
        if (!(r instanceof Pool p) || !p.loadbalancerId().equals(lb)) {
            throw IntentException.invalid("default_pool_id", "no pool " + given.value() + " of load balancer " + lb);
        }
        if (p.protocol() != protocol) {
            throw IntentException.invalid("default_pool_id", "pool " + p.id() + " is " + p.protocol()
                    + ", the listener " + protocol);
        }
        return p.id();
    }

    private static List<IpPrefix> cidrs(Given<List<IpPrefix>> given, List<IpPrefix> current) {
        if (!given.present()) {
            return current;
        }
        List<IpPrefix> asked = CommonValidator.atMost(given.value(), "allowed_cidrs", MAX_CIDRS);
        Set<IpPrefix> seen = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i).version() != 4) {
                throw IntentException.invalid(at("allowed_cidrs", i), asked.get(i) + " is IPv6: the VIP is IPv4");
            }
            if (!seen.add(asked.get(i))) {
                throw IntentException.invalid(at("allowed_cidrs", i), "is listed twice");
            }
        }
        return asked;
    }
}
