package io.skylane.vpc.intent;

import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What deleting a resource takes with it. Without cascade, a resource still in use (a VPC with
 * subnets or ports, a subnet with ports, a group used by ports or other groups' rules, a tenant
 * with anything but its default group and tokens) is a 409. With cascade: ports and subnets go with
 * their VPC or subnet, a deleted group is removed from its ports and rules naming it go, a tenant
 * goes with everything it owns. A group's own rules always go with it.
 */
final class Deletion {

    private final IntentStore store;
    private final IntentIndex index;
    private final Instant now;
    private final Map<UUID, Change> changes = new LinkedHashMap<>();
    private final List<Change> out;

    Deletion(IntentStore store, IntentIndex index, Instant now, List<Change> out) {
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
                parent(r, cascade, "vpc", ResourceType.PORT, ResourceType.SUBNET);
                break;
            case SUBNET:
                parent(r, cascade, "subnet", ResourceType.PORT);
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

    private void tenant(Resource t, boolean cascade) {
        List<Resource> owned = new ArrayList<>();
        for (ResourceType type : List.of(ResourceType.PORT, ResourceType.SUBNET, ResourceType.VPC,
                ResourceType.SECURITY_GROUP_RULE, ResourceType.SECURITY_GROUP, ResourceType.TOKEN)) {
            owned.addAll(children(t.id(), type));
        }
        if (!cascade) {
            for (Resource r : owned) {
                boolean inUse = r.type() == ResourceType.VPC || r.type() == ResourceType.SUBNET
                        || r.type() == ResourceType.PORT
                        || (r.type() == ResourceType.SECURITY_GROUP && !r.meta().name().equals(SecurityGroup.DEFAULT_NAME));
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
        kids.forEach(this::remove);
        remove(r);
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
        changes.putIfAbsent(r.id(), Change.delete(r));
    }

    private List<Resource> children(UUID parent, ResourceType type) {
        return index.children(parent, type, store);
    }
}
