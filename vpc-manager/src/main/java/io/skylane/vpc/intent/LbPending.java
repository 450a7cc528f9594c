package io.skylane.vpc.intent;

import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Octavia's rule for a change to a load balancer's tree: in the same write, the changed resource
 * and its load balancer become {@code PENDING_UPDATE} (what was never active stays
 * {@code PENDING_CREATE}), so that a client polling the load balancer's provisioning status after
 * any create, update or delete waits until the data plane has the change (it sets {@code ACTIVE}
 * once every switch involved confirmed the rules).
 */
final class LbPending {

    private static final Set<ResourceType> LB_TYPES = Set.of(ResourceType.LOAD_BALANCER, ResourceType.LISTENER,
            ResourceType.POOL, ResourceType.MEMBER, ResourceType.HEALTH_MONITOR);

    private LbPending() {
    }

    /** {@code changes} with the pending statuses applied (the first change stays first). */
    static List<Change> apply(List<Change> changes, IntentReader store, Instant now) {
        Set<UUID> roots = new HashSet<>();
        Set<UUID> touched = new HashSet<>();
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            Resource r = c.after() != null ? c.after() : c.before();
            if (!LB_TYPES.contains(c.type())) {
                out.add(c);
                continue;
            }
            touched.add(r.id());
            UUID root = root(r, store);
            if (root != null) {
                roots.add(root);
            }
            if (c.before() != null && c.after() != null) {
                out.add(Change.update(c.before(), pending(c.after(), now, false)));
            } else {
                out.add(c);
            }
        }
        for (UUID lb : roots) {
            if (!touched.contains(lb) && store.get(ResourceType.LOAD_BALANCER, lb) instanceof LoadBalancer x) {
                Resource p = pending(x, now, true);
                if (p != x) {
                    out.add(Change.update(x, p));
                }
            }
        }
        return out;
    }

    /**
     * {@code r} pending, or {@code r} itself when it already is; as a next revision, or (for a
     * resource the change already makes a next revision of) with its own.
     */
    private static Resource pending(Resource r, Instant now, boolean nextRevision) {
        LbState s = LbState.of(r);
        if (s.provisioning() == ProvisioningStatus.PENDING_CREATE || s.provisioning() == ProvisioningStatus.PENDING_UPDATE) {
            return r;
        }
        Resource p = new LbState(ProvisioningStatus.PENDING_UPDATE, s.operating()).applyTo(r, now);
        return nextRevision ? p : p.withMeta(r.meta());
    }

    /** The id of the load balancer whose tree {@code r} is in (null if its parents are gone). */
    private static UUID root(Resource r, IntentReader store) {
        if (r instanceof LoadBalancer x) {
            return x.id();
        } else if (r instanceof Listener x) {
            return x.loadbalancerId();
        } else if (r instanceof Pool x) {
            return x.loadbalancerId();
        } else if (r instanceof Member x) {
            return store.get(ResourceType.POOL, x.poolId()) instanceof Pool p ? p.loadbalancerId() : null;
        } else if (r instanceof HealthMonitor x) {
            return store.get(ResourceType.POOL, x.poolId()) instanceof Pool p ? p.loadbalancerId() : null;
        }
        return null;
    }
}
