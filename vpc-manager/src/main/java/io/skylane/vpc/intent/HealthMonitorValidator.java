package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.Change;
import java.util.List;
import java.util.UUID;

/**
 * Health monitors: one per pool; {@code delay} and {@code timeout} 1..86400 s with the timeout at
 * most the delay; {@code max_retries} and {@code max_retries_down} 1..10 (the latter 3 by default).
 */
final class HealthMonitorValidator implements ResourceValidator<HealthMonitorCreate, HealthMonitorUpdate> {

    private final IntentContext ctx;

    HealthMonitorValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(HealthMonitorCreate request, UUID tenant) {
        UUID poolId = IntentContext.required(request.poolId(), "pool_id");
        Pool pool = (Pool) ctx.reference(ResourceType.POOL, poolId, tenant, "pool_id");
        List<Resource> existing = ctx.children(pool.id(), ResourceType.HEALTH_MONITOR);
        if (!existing.isEmpty()) {
            throw IntentException.conflict("pool_id", "pool " + pool.id() + " already has health monitor "
                    + existing.get(0).id());
        }
        HealthMonitor.Type type = IntentContext.required(request.monitorType(), "type");
        HealthMonitorUpdate s = request.settings();
        int delay = range(IntentContext.required(s.delay().or(null), "delay"), "delay", HealthMonitor.MAX_SECONDS);
        int timeout = timeout(IntentContext.required(s.timeout().or(null), "timeout"), delay);
        return Change.created(new HealthMonitor(ctx.meta(s.common(), UUID.randomUUID(), tenant), pool.id(), type, delay,
                timeout, retries(s.maxRetries(), null, "max_retries"), retries(s.maxRetriesDown(), 3, "max_retries_down"),
                s.adminStateUp().or(true), ProvisioningStatus.PENDING_CREATE, OperatingStatus.OFFLINE));
    }

    @Override
    public Resource update(HealthMonitorUpdate request, Resource old) {
        HealthMonitor h = (HealthMonitor) old;
        int delay = range(request.delay().or(h.delay()), "delay", HealthMonitor.MAX_SECONDS);
        int timeout = timeout(request.timeout().or(h.timeout()), delay);
        return new HealthMonitor(ctx.nextMeta(request.common(), old), h.poolId(), h.monitorType(), delay, timeout,
                retries(request.maxRetries(), h.maxRetries(), "max_retries"),
                retries(request.maxRetriesDown(), h.maxRetriesDown(), "max_retries_down"),
                request.adminStateUp().or(h.adminStateUp()), h.provisioningStatus(), h.operatingStatus());
    }

    private static int timeout(int timeout, int delay) {
        range(timeout, "timeout", HealthMonitor.MAX_SECONDS);
        if (timeout > delay) {
            throw IntentException.invalid("timeout", "must be at most the delay (" + delay + " s), got " + timeout);
        }
        return timeout;
    }

    private static int retries(Given<Integer> given, Integer current, String field) {
        return range(IntentContext.required(given.or(current), field), field, HealthMonitor.MAX_RETRIES);
    }

    private static int range(int v, String field, int max) {
        if (v < 1 || v > max) {
            throw IntentException.invalid(field, "must be 1.." + max + ", got " + v);
        }
        return v;
    }
}
