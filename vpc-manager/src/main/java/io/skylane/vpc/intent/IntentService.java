package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.CreateRequest;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.TokenCreate;
import io.skylane.vpc.intent.request.UpdateRequest;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Tenant;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import io.skylane.vpc.store.IntentStore;
import io.skylane.vpc.store.PendingCommit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The northbound intent: takes typed requests ({@code io.skylane.vpc.intent.request}), has each
 * checked whole by its type's {@link ResourceValidator} before anything is stored (which allocates
 * segment ids, addresses and MACs), enforces tenant scoping (another tenant's resource does not
 * exist), optimistic concurrency on revisions and in-use checks on delete, and commits each request
 * as one atomic, durable batch. Writes are checked and appended one at a time, against the store's
 * latest state, under a fair lock; each then waits for its journal sync outside the lock, so writes
 * that arrive together share one sync (group commit), and each is answered only once durable.
 * Reads are lock free and see durable state only. The provider's
 * resources (hypervisors, {@link ResourceType#providerOwned()}) are the admin's alone: a tenant is
 * refused (403) every read and write of them, as of the physical network.
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
    static final int MAX_TOKEN_DESCRIPTION = 1024;

    private final IntentStore store;
    /** The store's latest state (durable and pending): what writes are checked against. */
    private final IntentReader latest;
    private final IntentIndex index;
    private final IntentConfig config;
    private final Clock clock;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final IntentContext ctx;
    private final SecurityGroupValidator groups;
    private final Map<ResourceType, ResourceValidator<?, ?>> validators = new EnumMap<>(ResourceType.class);
    // Guarded by writeLock:
    private long generation;
    private PendingCommit appended;

    public IntentService(IntentStore store, IntentConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.latest = store.latest();
        this.generation = store.generation();
        this.index = new IntentIndex(latest);
        this.ctx = new IntentContext(latest, index, config, clock);
        SecurityGroupRuleValidator rules = new SecurityGroupRuleValidator(ctx);
        this.groups = new SecurityGroupValidator(ctx, rules);
        validators.put(ResourceType.TENANT, new TenantValidator(ctx));
        validators.put(ResourceType.VPC, new VpcValidator(ctx));
        validators.put(ResourceType.SUBNET, new SubnetValidator(ctx));
        validators.put(ResourceType.PORT, new PortValidator(ctx));
        validators.put(ResourceType.SECURITY_GROUP, groups);
        validators.put(ResourceType.SECURITY_GROUP_RULE, rules);
        validators.put(ResourceType.LOAD_BALANCER, new LoadBalancerValidator(ctx));
        validators.put(ResourceType.LISTENER, new ListenerValidator(ctx));
        validators.put(ResourceType.POOL, new PoolValidator(ctx));
        validators.put(ResourceType.MEMBER, new MemberValidator(ctx));
        validators.put(ResourceType.HEALTH_MONITOR, new HealthMonitorValidator(ctx));
        validators.put(ResourceType.HYPERVISOR, new HypervisorValidator(ctx));
        validators.put(ResourceType.ROUTER, new RouterValidator(ctx));
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

    /**
     * A resource the actor may see; 404 otherwise (also for other tenants' resources); 403 for a
     * tenant asking for one of the provider's.
     */
    public Resource get(ResourceType type, Actor actor, UUID id) {
        return find(store, type, actor, id);
    }

    /** {@link #get} from {@code state}: the durable state for readers, the latest for writes. */
    private static Resource find(IntentReader state, ResourceType type, Actor actor, UUID id) {
        requireAdminFor(type, actor);
        Resource r = state.get(type, id);
        if (r == null || !actor.sees(r.tenantId())) {
            throw IntentException.notFound(type.singular() + " " + id);
        }
        return r;
    }

    /**
     * The resources the actor may see, in id order, after the query's marker, that match every
     * filter; a filter on a field the type cannot be filtered by is a 400; the provider's resources
     * are the admin's only (403).
     */
    public Page list(ResourceType type, Actor actor, ListQuery query) {
        requireAdminFor(type, actor);
        if (query.limit() < 1 || query.limit() > MAX_LIMIT) {
            throw IntentException.invalid("limit", "must be 1.." + MAX_LIMIT + ", got " + query.limit());
        }
        ResourceFilters.check(type, query);
        List<Resource> out = new ArrayList<>();
        UUID next = null;
        for (Resource r : store.after(type, query.marker())) {
            if (!actor.sees(r.tenantId()) || !ResourceFilters.matches(r, query)) {
                continue;
            }
            if (out.size() == query.limit()) {
                next = out.get(out.size() - 1).id();
                break;
            }
            out.add(r);
        }
        return new Page(out, next);
    }

    /** The fields a listing of {@code type} may filter on. */
    public static Set<String> filterableFields(ResourceType type) {
        return ResourceFilters.of(type);
    }

    /** Rules of a group, in id order. */
    public List<SecurityGroupRule> rulesOf(UUID group) {
        return underLock(() -> SecurityGroupRuleValidator.rulesOf(index, store, group));
    }

    /**
     * A read of the index (plain hash maps a write changes) from outside a write: under the write
     * lock, held as long as the read (a write's fsync waits outside it).
     */
    private <T> T underLock(Supplier<T> read) {
        writeLock.lock();
        try {
            return read.get();
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Creates a resource and what comes with it (a group's rules); answers the resource. One of the
     * provider's (a hypervisor) only for the admin, owned by {@link Meta#PROVIDER}.
     */
    public Resource create(Actor actor, CreateRequest request) {
        requireAdminFor(request.type(), actor);
        return write(() -> {
            UUID tenant = request.type().providerOwned() ? Meta.PROVIDER : ctx.owner(request.tenantId(), actor);
            List<Change> changes = LbPending.apply(validator(request.type()).create(request, tenant), latest,
                    ctx.now());
            commit(changes);
            return changes.get(0).after();
        });
    }

    /** Admin only: a tenant, its default security group and its first token. */
    public CreatedTenant createTenant(Actor actor, TenantCreate request) {
        requireAdmin(actor);
        return write(() -> {
            UUID id = UUID.randomUUID();
            Tenant t = new Tenant(ctx.meta(request.common(), id, id));
            List<Change> changes = new ArrayList<>();
            changes.add(Change.create(t));
            groups.defaultGroup(id).forEach(r -> changes.add(Change.create(r)));
            IssuedToken token = ctx.newToken(id, "first token, issued with the tenant");
            changes.add(Change.create(token.token()));
            commit(changes);
            return new CreatedTenant(t, token);
        });
    }

    /** Admin only: another token for a tenant. */
    public IssuedToken issueToken(Actor actor, UUID tenant, TokenCreate request) {
        requireAdmin(actor);
        return write(() -> {
            find(latest, ResourceType.TENANT, actor, tenant);
            String description = request.description() == null ? ""
                    : CommonValidator.text(request.description(), "description", MAX_TOKEN_DESCRIPTION);
            IssuedToken token = ctx.newToken(tenant, description);
            commit(List.of(Change.create(token.token())));
            return token;
        });
    }

    /** Admin only: the tokens of a tenant (without secrets). */
    public List<Resource> tokens(Actor actor, UUID tenant) {
        requireAdmin(actor);
        get(ResourceType.TENANT, actor, tenant);
        List<Resource> out = new ArrayList<>(underLock(() -> index.children(tenant, ResourceType.TOKEN, store)));
        out.sort((a, b) -> a.meta().createdAt().compareTo(b.meta().createdAt()));
        return out;
    }

    /** Admin only: revokes a token at once. */
    public void revokeToken(Actor actor, UUID tenant, UUID token) {
        requireAdmin(actor);
        write(() -> {
            Resource t = latest.get(ResourceType.TOKEN, token);
            if (t == null || !t.tenantId().equals(tenant)) {
                throw IntentException.notFound("token " + token);
            }
            commit(List.of(Change.delete(t)));
            return null;
        });
    }

    /** Changes the fields the request gives; 412 when {@code ifMatch} is stale. */
    public Resource update(Actor actor, UUID id, UpdateRequest request, Long ifMatch) {
        ResourceType type = request.type();
        return write(() -> {
            Resource old = find(latest, type, actor, id);
            if (type == ResourceType.TENANT) {
                requireAdmin(actor); // after the lookup: another tenant's id is a 404, one's own a 403
            }
            checkRevision(old, ifMatch);
            Resource updated = validator(type).update(request, old);
            List<Change> changes = LbPending.apply(List.of(Change.update(old, updated)), latest, ctx.now());
            commit(changes);
            return changes.get(0).after();
        });
    }

    /** Deletes a resource; 409 while it is in use unless {@code cascade}. */
    public void delete(ResourceType type, Actor actor, UUID id, Long ifMatch, boolean cascade) {
        write(() -> {
            Resource r = find(latest, type, actor, id);
            if (type == ResourceType.TENANT) {
                requireAdmin(actor);
            }
            checkRevision(r, ifMatch);
            List<Change> changes = new ArrayList<>();
            new Deletion(latest, index, clock.instant(), changes).delete(r, cascade);
            commit(LbPending.apply(changes, latest, ctx.now()));
            return null;
        });
    }

    /**
     * Deletes a VPC and its subnets, as Neutron deletes a network; 409 while a port or a load
     * balancer is in it, or one of its subnets is on a router (Neutron's NetworkInUse: a router
     * interface is a port there), and then nothing changes.
     */
    public void deleteVpcWithSubnets(Actor actor, UUID id, Long ifMatch) {
        write(() -> {
            Resource r = find(latest, ResourceType.VPC, actor, id);
            checkRevision(r, ifMatch);
            List<Change> changes = new ArrayList<>();
            new Deletion(latest, index, clock.instant(), changes).vpcWithSubnets(r);
            commit(LbPending.apply(changes, latest, ctx.now()));
            return null;
        });
    }

    /**
     * The data plane's view of ports: {@code ACTIVE} once their rules are confirmed on their
     * switch, {@code DOWN} otherwise. Not an API write: no tenant check, no revision check; every
     * change is one atomic, durable batch (one journal write however many ports flip, as after a
     * restart or a switch reconnect), and bumps each port's revision as any change does (as
     * Neutron's status updates do). Ports deleted meanwhile, and ports already in that status, are
     * left alone.
     */
    public void setPortStatuses(Map<UUID, Port.Status> statuses) {
        write(() -> {
            List<Change> changes = new ArrayList<>();
            statuses.forEach((id, status) -> {
                if (latest.get(ResourceType.PORT, id) instanceof Port p && p.status() != status) {
                    changes.add(Change.update(p, p.withStatus(status, ctx.now())));
                }
            });
            if (!changes.isEmpty()) {
                commit(changes);
            }
            return null;
        });
    }

    /**
     * The load balancer's view of its resources: provisioning (its rules confirmed on every switch
     * involved) and operating (the health monitors' verdicts) statuses, by resource id, any of the
     * five load-balancing types. Like {@link #setPortStatuses}: no tenant or revision check, one
     * atomic batch, each changed resource's revision bumped; resources deleted meanwhile, and those
     * already in that state, are left alone.
     */
    public void setLbStatuses(Map<UUID, LbState> states) {
        write(() -> {
            List<Change> changes = new ArrayList<>();
            states.forEach((id, state) -> {
                for (ResourceType t : LB_TYPES) {
                    Resource r = latest.get(t, id);
                    if (r != null && !LbState.of(r).equals(state)) {
                        changes.add(Change.update(r, state.applyTo(r, ctx.now())));
                    }
                }
            });
            if (!changes.isEmpty()) {
                commit(changes);
            }
            return null;
        });
    }

    private static final List<ResourceType> LB_TYPES = List.of(ResourceType.LOAD_BALANCER, ResourceType.LISTENER,
            ResourceType.POOL, ResourceType.MEMBER, ResourceType.HEALTH_MONITOR);

    // ---------------------------------------------------------------- helpers

    /** The type's validator; one unchecked cast, here, because a request's type names its validator. */
    @SuppressWarnings("unchecked")
    private ResourceValidator<CreateRequest, UpdateRequest> validator(ResourceType type) {
        ResourceValidator<?, ?> v = validators.get(type);
        if (v == null) {
            throw new IllegalArgumentException("no validator for " + type.plural());
        }
        return (ResourceValidator<CreateRequest, UpdateRequest>) v;
    }

    /**
     * Runs a write: checks and appends under the write lock, then waits for the journal sync
     * outside it, so that the writes waiting together share one sync. Answers only once durable;
     * an I/O failure (the append's, or the sync's, which fails every write it covered) is an
     * {@link UncheckedIOException} and nothing of the write was applied.
     */
    private <T> T write(Supplier<T> op) {
        T result;
        PendingCommit commit;
        writeLock.lock();
        try {
            long g = store.generation();
            if (g != generation) {
                index.rebuild(latest); // a failed sync discarded batches the index was told of
                generation = g;
            }
            appended = null;
            result = op.get();
            commit = appended;
        } finally {
            appended = null;
            writeLock.unlock();
        }
        if (commit != null) {
            try {
                commit.awaitDurable();
            } catch (IOException e) {
                throw new UncheckedIOException("intent store write failed; nothing was changed", e);
            }
        }
        return result;
    }

    /** Appends a batch (one per write) and tells the index and the validators; durable later, in {@link #write}. */
    private void commit(List<Change> changes) {
        try {
            appended = store.append(changes, generation);
        } catch (IOException e) {
            throw new UncheckedIOException("intent store write failed; nothing was changed", e);
        }
        index.committed(changes);
        validators.values().forEach(v -> v.committed(changes));
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.admin()) {
            throw new IntentException(IntentException.Kind.FORBIDDEN, "only the admin may do this", null);
        }
    }

    /** 403 for a tenant on the provider's resources. */
    private static void requireAdminFor(ResourceType type, Actor actor) {
        if (type.providerOwned() && !actor.admin()) {
            throw new IntentException(IntentException.Kind.FORBIDDEN, type.plural() + " are the admin's only", null);
        }
    }

    private static void checkRevision(Resource r, Long ifMatch) {
        if (ifMatch != null && ifMatch != r.revision()) {
            throw new IntentException(IntentException.Kind.PRECONDITION_FAILED, r.type().singular() + " " + r.id()
                    + " is at revision " + r.revision() + ", not " + ifMatch, "If-Match");
        }
    }
}
