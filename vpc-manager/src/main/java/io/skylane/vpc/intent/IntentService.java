package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.ResourceBuilder.COMMON;
import static io.skylane.vpc.intent.ResourceBuilder.READ_ONLY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Tenant;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The northbound intent: validates whole requests before anything is stored, allocates segment
 * ids, addresses and MACs, enforces tenant scoping (another tenant's resource does not exist),
 * optimistic concurrency on revisions and in-use checks on delete, and commits each request as one
 * atomic, durable batch. Writes are serialized; reads are lock free.
 */
public final class IntentService {

    /** One page of a listing; {@code next} is the marker of the following page, or null. */
    public record Page(List<Resource> items, UUID next) {
    }

    /** A token as issued: the stored token and its secret, which is never shown again. */
    public record IssuedToken(ApiToken token, String secret) {
    }

    /** A new tenant with its first token. */
    public record CreatedTenant(Tenant tenant, IssuedToken token) {
    }

    public static final int MAX_LIMIT = 1000;

    private final IntentStore store;
    private final IntentIndex index;
    private final IntentConfig config;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final IntentViews views;
    private final ResourceBuilder build;

    public IntentService(IntentStore store, IntentConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.index = new IntentIndex(store);
        this.views = new IntentViews(store, index);
        this.build = new ResourceBuilder(store, index, config, clock, views);
    }

    public IntentStore store() {
        return store;
    }

    // ---------------------------------------------------------------- authentication

    /** The actor a bearer token stands for; 401 when it stands for nobody. */
    public Actor authenticate(String bearer) {
        if (bearer == null || bearer.isEmpty()) {
            throw new IntentException(IntentException.Kind.UNAUTHORIZED, "a bearer token is required", null);
        }
        if (config.adminToken() != null && Tokens.constantTimeEquals(config.adminToken(), bearer)) {
            return Actor.ADMIN;
        }
        UUID id = index.tokenByHash(Tokens.hash(bearer));
        Resource t = id == null ? null : store.get(ResourceType.TOKEN, id);
        if (t == null) {
            throw new IntentException(IntentException.Kind.UNAUTHORIZED, "the bearer token is not valid", null);
        }
        return Actor.tenant(t.tenantId());
    }

    // ---------------------------------------------------------------- reads

    /** A resource the actor may see; 404 otherwise (also for other tenants' resources). */
    public Resource get(ResourceType type, Actor actor, UUID id) {
        Resource r = store.get(type, id);
        if (r == null || !actor.sees(r.tenantId())) {
            throw IntentException.notFound(type.singular() + " " + id);
        }
        return r;
    }

    /**
     * The resources the actor may see, in id order, after {@code marker}, that match every filter
     * (a field of the rendered resource equal to the value; for list fields, containing it).
     */
    public Page list(ResourceType type, Actor actor, Map<String, List<String>> filters, int limit, UUID marker) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw IntentException.invalid("limit", "must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        List<Resource> out = new ArrayList<>();
        UUID next = null;
        for (Resource r : store.after(type, marker)) {
            if (!actor.sees(r.tenantId()) || !IntentViews.matches(render(r), filters)) {
                continue;
            }
            if (out.size() == limit) {
                next = out.get(out.size() - 1).id();
                break;
            }
            out.add(r);
        }
        return new Page(out, next);
    }

    /** Refuses filters on fields the type does not have. */
    public void checkFilters(ResourceType type, Set<String> keys) {
        views.checkFilters(type, keys);
    }

    /** The API form of a resource: groups carry their rules; tokens never carry their hash. */
    public ObjectNode render(Resource r) {
        return views.render(r);
    }

    /** Rules of a group, in id order. */
    public List<SecurityGroupRule> rulesOf(UUID group) {
        return views.rulesOf(group);
    }

    // ---------------------------------------------------------------- writes

    /** Creates a resource (not a tenant: see {@link #createTenant}). */
    public Resource create(ResourceType type, Actor actor, JsonNode body) {
        return write(() -> {
            Fields f = Fields.of(body, "");
            List<Change> changes = new ArrayList<>();
            switch (type) {
                case VPC:
                    changes.add(Change.create(build.createVpc(f, actor)));
                    break;
                case SUBNET:
                    changes.add(Change.create(build.createSubnet(f, actor)));
                    break;
                case PORT:
                    changes.add(Change.create(build.createPort(f, actor)));
                    break;
                case SECURITY_GROUP:
                    build.createGroup(f, actor, changes);
                    break;
                case SECURITY_GROUP_RULE:
                    changes.add(Change.create(build.createRule(f, actor)));
                    break;
                default:
                    throw new IllegalArgumentException("cannot create a " + type.singular() + " here");
            }
            commit(changes);
            return changes.get(0).after();
        });
    }

    /** Admin only: a tenant, its default security group and its first token. */
    public CreatedTenant createTenant(Actor actor, JsonNode body) {
        requireAdmin(actor);
        return write(() -> {
            Fields f = Fields.of(body, "").only(COMMON, READ_ONLY);
            UUID id = UUID.randomUUID();
            Tenant t = new Tenant(build.meta(f, id, id));
            List<Change> changes = new ArrayList<>();
            changes.add(Change.create(t));
            build.defaultGroup(id, changes);
            IssuedToken token = build.newToken(id, "first token, issued with the tenant");
            changes.add(Change.create(token.token()));
            commit(changes);
            return new CreatedTenant(t, token);
        });
    }

    /** Admin only: another token for a tenant. */
    public IssuedToken issueToken(Actor actor, UUID tenant, JsonNode body) {
        requireAdmin(actor);
        return write(() -> {
            get(ResourceType.TENANT, actor, tenant);
            Fields f = body == null || body.isNull() || body.isEmpty() ? null : Fields.of(body, "").only(Set.of("description"), Set.of());
            String description = f == null ? "" : f.text("description", 1024, "");
            IssuedToken token = build.newToken(tenant, description);
            commit(List.of(Change.create(token.token())));
            return token;
        });
    }

    /** Admin only: the tokens of a tenant (without secrets). */
    public List<Resource> tokens(Actor actor, UUID tenant) {
        requireAdmin(actor);
        get(ResourceType.TENANT, actor, tenant);
        List<Resource> out = new ArrayList<>();
        for (UUID id : index.children(tenant)) {
            Resource r = store.get(ResourceType.TOKEN, id);
            if (r != null) {
                out.add(r);
            }
        }
        out.sort((a, b) -> a.meta().createdAt().compareTo(b.meta().createdAt()));
        return out;
    }

    /** Admin only: revokes a token at once. */
    public void revokeToken(Actor actor, UUID tenant, UUID token) {
        requireAdmin(actor);
        write(() -> {
            Resource t = store.get(ResourceType.TOKEN, token);
            if (t == null || !t.tenantId().equals(tenant)) {
                throw IntentException.notFound("token " + token);
            }
            commit(List.of(Change.delete(t)));
            return null;
        });
    }

    /** Updates the fields given in {@code body} (PATCH semantics); 412 when {@code ifMatch} is stale. */
    public Resource update(ResourceType type, Actor actor, UUID id, JsonNode body, Long ifMatch) {
        return write(() -> {
            Resource old = get(type, actor, id);
            if (type == ResourceType.TENANT) {
                requireAdmin(actor); // after the lookup: another tenant's id is a 404, one's own a 403
            }
            checkRevision(old, ifMatch);
            Fields f = Fields.of(body, "");
            Resource updated;
            switch (type) {
                case TENANT:
                    f.only(COMMON, READ_ONLY);
                    updated = new Tenant(build.nextMeta(f, old));
                    break;
                case VPC:
                    f.only(COMMON, READ_ONLY);
                    updated = new Vpc(build.nextMeta(f, old), ((Vpc) old).segmentId());
                    break;
                case SUBNET:
                    updated = build.updateSubnet(f, (Subnet) old);
                    break;
                case PORT:
                    updated = build.updatePort(f, (Port) old);
                    break;
                case SECURITY_GROUP:
                    f.only(COMMON, READ_ONLY);
                    if (old.meta().name().equals(SecurityGroup.DEFAULT_NAME) && f.has("name")
                            && !SecurityGroup.DEFAULT_NAME.equals(f.text("name", 255, ""))) {
                        throw IntentException.conflict("name", "the default security group cannot be renamed");
                    }
                    if (!old.meta().name().equals(SecurityGroup.DEFAULT_NAME)
                            && SecurityGroup.DEFAULT_NAME.equals(f.text("name", 255, null))) {
                        throw IntentException.conflict("name", "\"default\" is reserved for the tenant's default group");
                    }
                    updated = new SecurityGroup(build.nextMeta(f, old));
                    break;
                default:
                    throw new IntentException(IntentException.Kind.INVALID,
                            type.plural() + " cannot be changed, only created and deleted", null);
            }
            if (updated.equals(old)) {
                return old;
            }
            commit(List.of(Change.update(old, updated)));
            return updated;
        });
    }

    /** Deletes a resource; 409 while it is in use unless {@code cascade}. */
    public void delete(ResourceType type, Actor actor, UUID id, Long ifMatch, boolean cascade) {
        write(() -> {
            Resource r = get(type, actor, id);
            if (type == ResourceType.TENANT) {
                requireAdmin(actor);
            }
            checkRevision(r, ifMatch);
            List<Change> changes = new ArrayList<>();
            new Deletion(store, index, clock.instant(), changes).delete(r, cascade);
            commit(changes);
            return null;
        });
    }

    /**
     * The data plane's view of a port: {@code ACTIVE} once its rules are confirmed on its switch,
     * {@code DOWN} otherwise. Not an API write: no tenant check, no revision check; a change bumps
     * the revision as any change does (as Neutron's status updates do). Ignored for a deleted port.
     */
    public void setPortStatus(UUID portId, Port.Status status) {
        write(() -> {
            Resource r = store.get(ResourceType.PORT, portId);
            if (r == null || ((Port) r).status() == status) {
                return null;
            }
            Port p = (Port) r;
            Port updated = new Port(p.meta().touch(build.now()), p.vpcId(), p.fixedIps(), p.macAddress(),
                    p.securityGroups(), p.portSecurityEnabled(), p.allowedAddressPairs(), p.binding(), p.deviceId(),
                    p.deviceOwner(), p.adminStateUp(), status);
            commit(List.of(Change.update(p, updated)));
            return null;
        });
    }

    // ---------------------------------------------------------------- helpers

    private <T> T write(java.util.function.Supplier<T> op) {
        writeLock.lock();
        try {
            return op.get();
        } finally {
            writeLock.unlock();
        }
    }

    private void commit(List<Change> changes) {
        try {
            store.commit(changes);
        } catch (IOException e) {
            throw new UncheckedIOException("intent store write failed; nothing was changed", e);
        }
        build.committed(changes);
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new IntentException(IntentException.Kind.FORBIDDEN, "only the admin may do this", null);
        }
    }

    private static void checkRevision(Resource r, Long ifMatch) {
        if (ifMatch != null && ifMatch != r.revision()) {
            throw new IntentException(IntentException.Kind.PRECONDITION_FAILED, r.type().singular() + " " + r.id()
                    + " is at revision " + r.revision() + ", not " + ifMatch, "If-Match");
        }
    }


}
