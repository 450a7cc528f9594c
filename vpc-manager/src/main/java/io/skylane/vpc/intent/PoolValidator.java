package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Pools: of a load balancer, or of a listener (then of its load balancer, with its protocol, and
 * its default pool, as Octavia does: a listener has at most one such pool).
 */
final class PoolValidator implements ResourceValidator<PoolCreate, PoolUpdate> {

    private final IntentContext ctx;

    PoolValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(PoolCreate request, UUID tenant) {
        if (request.loadbalancerId() == null && request.listenerId() == null) {
            throw IntentException.invalid("loadbalancer_id", "is required when listener_id is not given");
        }
        L4Protocol protocol = IntentContext.required(request.protocol(), "protocol");
        Listener listener = null;
        UUID lb = request.loadbalancerId();
        if (request.listenerId() != null) {
            listener = (Listener) ctx.reference(ResourceType.LISTENER, request.listenerId(), tenant, "listener_id");
            if (lb != null && !lb.equals(listener.loadbalancerId())) {
                throw IntentException.invalid("listener_id", "listener " + listener.id() + " is of load balancer "
                        + listener.loadbalancerId() + ", not " + lb);
            }
            if (listener.protocol() != protocol) {
                throw IntentException.invalid("protocol", "is " + protocol + " but listener " + listener.id() + " is "
                        + listener.protocol());
            }
            if (listener.defaultPoolId() != null) {
                throw IntentException.conflict("listener_id", "listener " + listener.id() + " already has default pool "
                        + listener.defaultPoolId());
            }
            lb = listener.loadbalancerId();
        } else {
            ctx.reference(ResourceType.LOAD_BALANCER, lb, tenant, "loadbalancer_id");
        }
        PoolUpdate s = request.settings();
        Pool.Algorithm algorithm = IntentContext.required(s.lbAlgorithm().or(null), "lb_algorithm");
        Pool pool = new Pool(ctx.meta(s.common(), UUID.randomUUID(), tenant), lb,
                listener == null ? null : listener.id(), protocol, algorithm, s.sessionPersistence().or(null),
                s.adminStateUp().or(true), ProvisioningStatus.PENDING_CREATE, OperatingStatus.OFFLINE);
        List<Change> changes = new ArrayList<>();
        changes.add(Change.create(pool));
        if (listener != null) {
            changes.add(Change.update(listener, listener.withDefaultPool(pool.id(), ctx.now())));
        }
        return changes;
    }

    @Override
    public Resource update(PoolUpdate request, Resource old) {
        Pool p = (Pool) old;
        return new Pool(ctx.nextMeta(request.common(), old), p.loadbalancerId(), p.listenerId(), p.protocol(),
                IntentContext.required(request.lbAlgorithm().or(p.lbAlgorithm()), "lb_algorithm"),
                request.sessionPersistence().or(p.sessionPersistence()), request.adminStateUp().or(p.adminStateUp()),
                p.provisioningStatus(), p.operatingStatus());
    }
}
