package io.skylane.vpc.intent;

import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What deleting a resource takes with it. Without cascade, a resource still in use (a VPC with
 * subnets or ports, a subnet with ports or on a router, a group used by ports or other groups' rules,
 * a router with interfaces, a tenant with anything but its default group and tokens) is a 409. With
 * cascade: ports and subnets go with their VPC or subnet, a deleted subnet's interface goes from its
 * router (the router stays), a deleted router takes its interfaces (the subnets stay), a deleted
 * group is removed from its ports and rules naming it go, a tenant goes with everything it owns. A
 * group's own rules always go with it.
 */
final class Deletion {

    private final IntentReader store;
    private final IntentIndex index;
    private final Instant now;
    private final Map<UUID, Change> changes = new LinkedHashMap<>();
    private final List<Change> out;

    Deletion(IntentReader store, IntentIndex index, Instant now, List<Change> out) {
        this.store = store;
        this.index = index;
        this.now = now;
        this.out = out;
    }

    void delete(Resource r, boolean cascade) {
        switch (r.type()) {
            case TENANT:
                tenant(r, cascade);
                break;
            case VPC:
                parent(r, cascade, "vpc", ResourceType.PORT, ResourceType.LOAD_BALANCER, ResourceType.SUBNET);
                break;
            case SUBNET: {
                UUID router = index.routerOf(r.id());
                if (router != null && !cascade) {
                    throw IntentException.conflict(null, "subnet " + r.id() + " is in use by router " + router
                            + " (an interface); remove it from the router's subnet_ids first or ask for cascade=true");
                }
                parent(r, cascade, "subnet", ResourceType.PORT, ResourceType.LOAD_BALANCER, ResourceType.MEMBER);
                detach(r);
                break;
            }
            case ROUTER:
                if (!((Router) r).subnetIds().isEmpty() && !cascade) {
                    throw IntentException.conflict(null, "router " + r.id() + " has " + ((Router) r).subnetIds().size()
                            + " interface(s), e.g. on subnet " + ((Router) r).subnetIds().get(0)
                            + "; remove them (subnet_ids: []) first or ask for cascade=true");
                }
                remove(r);
                break;
            case LOAD_BALANCER:
                parent(r, cascade, "load balancer", ResourceType.LISTENER, ResourceType.POOL);
                break;
            case LISTENER:
                parent(r, cascade, "listener", ResourceType.POOL);
                break;
            case POOL:
                pool(r, cascade);
                break;
            case SECURITY_GROUP:
                if (r.meta().name().equals(SecurityGroup.DEFAULT_NAME)) {
                    throw IntentException.conflict(null, "the default security group goes only with its tenant");
                }
                group(r, cascade);
                break;
            default:
                remove(r);
        }
        out.addAll(changes.values());
    }

    /** A VPC and its subnets; 409 while ports or load balancers are in it, or a router is on one of its subnets. */
    void vpcWithSubnets(Resource vpc) {
        for (Resource s : children(vpc.id(), ResourceType.SUBNET)) {
            UUID router = index.routerOf(s.id());
            if (router != null) {
                throw IntentException.conflict(null, "vpc " + vpc.id() + " has subnet " + s.id() + " on router "
                        + router + "; remove the router's interface first");
            }
        }
        for (ResourceType type : List.of(ResourceType.PORT, ResourceType.LOAD_BALANCER)) {
            List<Resource> users = children(vpc.id(), type);
            if (!users.isEmpty()) {
                throw IntentException.conflict(null, "vpc " + vpc.id() + " has " + users.size() + " "
                        + (users.size() == 1 ? type.singular() : type.plural()) + " in use, e.g. "
                        + users.get(0).id() + "; delete them first");
            }
        }
        children(vpc.id(), ResourceType.SUBNET).forEach(this::remove);
        remove(vpc);
        out.addAll(changes.values());
    }

    private void tenant(Resource t, boolean cascade) {
        List<Resource> owned = new ArrayList<>();
        for (ResourceType type : List.of(ResourceType.ROUTER, ResourceType.HEALTH_MONITOR, ResourceType.MEMBER, ResourceType.POOL,
                ResourceType.LISTENER, ResourceType.LOAD_BALANCER, ResourceType.PORT, ResourceType.SUBNET,
                ResourceType.VPC, ResourceType.SECURITY_GROUP_RULE, ResourceType.SECURITY_GROUP, ResourceType.TOKEN)) {
            owned.addAll(children(t.id(), type));
        }
        if (!cascade) {
            for (Resource r : owned) {
                boolean inUse = r.type() != ResourceType.TOKEN && r.type() != ResourceType.SECURITY_GROUP_RULE
                        && !(r.type() == ResourceType.SECURITY_GROUP && r.meta().name().equals(SecurityGroup.DEFAULT_NAME));
                if (inUse) {
                    throw IntentException.conflict(null, "tenant " + t.id() + " still owns " + r.type().singular() + " "
                            + r.id() + "; delete it first or ask for cascade=true");
                }
            }
        }
        owned.forEach(this::remove);
        remove(t);
    }

    private void parent(Resource r, boolean cascade, String what, ResourceType... childTypes) {
        List<Resource> kids = new ArrayList<>();
        for (ResourceType type : childTypes) {
            kids.addAll(children(r.id(), type));
        }
        if (!kids.isEmpty() && !cascade) {
            Resource k = kids.get(0);
            throw IntentException.conflict(null, what + " " + r.id() + " is in use by " + kids.size() + " resource(s), e.g. "
                    + k.type().singular() + " " + k.id() + "; delete them first or ask for cascade=true");
        }
        kids.forEach(this::removeTree);
        remove(r);
    }

    /**
     * A pool: its members and health monitor go with it; a listener naming it as its default pool
     * makes it in use (409) unless cascade, which leaves that listener without a default pool.
     */
    private void pool(Resource p, boolean cascade) {
        List<Resource> listeners = new ArrayList<>();
        for (Resource l : children(p.id(), ResourceType.LISTENER)) {
            if (p.id().equals(((Listener) l).defaultPoolId())) {
                listeners.add(l);
            }
        }
        if (!listeners.isEmpty() && !cascade) {
            throw IntentException.conflict(null, "pool " + p.id() + " is the default pool of listener "
                    + listeners.get(0).id() + "; ask for cascade=true to detach it");
        }
        for (Resource l : listeners) {
            changes.put(l.id(), Change.update(l, ((Listener) l).withDefaultPool(null, now)));
        }
        removeTree(p);
    }

    /**
     * A resource and what cannot live without it: a load balancer's listeners and pools, a
     * listener's own pools, a pool's members and health monitor (a listener naming a pool that goes
     * as its default keeps no default pool).
     */
    private void removeTree(Resource r) {
        switch (r.type()) {
            case LOAD_BALANCER:
                children(r.id(), ResourceType.LISTENER).forEach(this::removeTree);
                children(r.id(), ResourceType.POOL).forEach(this::removeTree);
                break;
            case LISTENER:
                for (Resource p : children(r.id(), ResourceType.POOL)) {
                    if (r.id().equals(((Pool) p).listenerId())) {
                        removeTree(p);
                    }
                }
                break;
            case POOL:
                children(r.id(), ResourceType.MEMBER).forEach(this::remove);
                children(r.id(), ResourceType.HEALTH_MONITOR).forEach(this::remove);
                for (Resource l : children(r.id(), ResourceType.LISTENER)) {
                    if (r.id().equals(((Listener) l).defaultPoolId()) && !changes.containsKey(l.id())) {
                        changes.put(l.id(), Change.update(l, ((Listener) l).withDefaultPool(null, now)));
                    }
                }
                break;
            case SUBNET:
                detach(r);
                break;
            default:
                break;
        }
        remove(r);
    }

    /** A subnet that goes leaves its router (if any), which stays with its other interfaces. */
    private void detach(Resource subnet) {
        UUID id = index.routerOf(subnet.id());
        if (id == null) {
            return;
        }
        Change c = changes.get(id);
        if (c != null && c.after() == null) {
            return; // the router goes too
        }
        Router before = c == null ? (Router) store.get(ResourceType.ROUTER, id) : (Router) c.before();
        Router current = c == null ? before : (Router) c.after();
        List<UUID> left = new ArrayList<>(current.subnetIds());
        left.remove(subnet.id());
        Router after = current.withSubnets(left).withMeta(before.meta().touch(now));
        changes.put(id, Change.update(before, after));
    }

    private void group(Resource g, boolean cascade) {
        List<Resource> users = new ArrayList<>();
        for (Resource p : children(g.id(), ResourceType.PORT)) {
            users.add(p);
        }
        for (Resource rule : children(g.id(), ResourceType.SECURITY_GROUP_RULE)) {
            SecurityGroupRule sr = (SecurityGroupRule) rule;
            if (sr.securityGroupId().equals(g.id())) {
                remove(sr);
            } else {
                users.add(sr);
            }
        }
        if (!users.isEmpty() && !cascade) {
            Resource u = users.get(0);
            throw IntentException.conflict(null, "security group " + g.id() + " is used by " + users.size()
                    + " resource(s), e.g. " + u.type().singular() + " " + u.id() + "; ask for cascade=true to detach it");
        }
        for (Resource u : users) {
            if (u instanceof Port) {
                Port p = (Port) u;
                List<UUID> groups = new ArrayList<>(p.securityGroups());
                groups.remove(g.id());
                changes.put(p.id(), Change.update(p, p.withSecurityGroups(groups, now)));
            } else {
                remove(u);
            }
        }
        remove(g);
    }

    private void remove(Resource r) {
        Change c = changes.get(r.id());
        if (c == null || c.after() != null) {
            changes.put(r.id(), Change.delete(c == null ? r : c.before()));
        }
    }

    private List<Resource> children(UUID parent, ResourceType type) {
        return index.children(parent, type, store);
    }
}
