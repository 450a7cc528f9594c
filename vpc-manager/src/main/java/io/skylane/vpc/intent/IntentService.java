package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Meta;
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
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    static final Set<String> COMMON = Set.of("name", "description", "tags", "external_ids");
    static final Set<String> READ_ONLY = Set.of("id", "tenant_id", "created_at", "updated_at", "revision",
            "segment_id", "status", "rules", "cidr", "ip_version", "vpc_id", "security_group_id");
    private static final Set<String> SUBNET_CREATE = union(COMMON, "tenant_id", "vpc_id", "cidr", "ip_version",
            "gateway_ip", "allocation_pools", "dns_nameservers", "enable_dhcp");
    private static final Set<String> SUBNET_UPDATE = union(COMMON, "gateway_ip", "allocation_pools",
            "dns_nameservers", "enable_dhcp");
    private static final Set<String> PORT_UPDATE = union(COMMON, "fixed_ips", "mac_address", "security_groups",
            "port_security_enabled", "allowed_address_pairs", "binding", "device_id", "device_owner", "admin_state_up");
    private static final Set<String> PORT_CREATE = union(PORT_UPDATE, "tenant_id", "vpc_id");

    private final IntentStore store;
    private final IntentIndex index;
    private final IntentConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final PortRules ports;
    private final IntentViews views;
    private int lastSegment;

    public IntentService(IntentStore store, IntentConfig config, Clock clock) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.index = new IntentIndex(store);
        this.ports = new PortRules(index, this::reference);
        this.views = new IntentViews(store, index);
        for (Resource r : store.all(ResourceType.VPC)) {
            lastSegment = Math.max(lastSegment, ((Vpc) r).segmentId());
        }
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
                    changes.add(Change.create(createVpc(f, actor)));
                    break;
                case SUBNET:
                    changes.add(Change.create(createSubnet(f, actor)));
                    break;
                case PORT:
                    changes.add(Change.create(createPort(f, actor)));
                    break;
                case SECURITY_GROUP:
                    createGroup(f, actor, changes);
                    break;
                case SECURITY_GROUP_RULE:
                    changes.add(Change.create(createRule(f, actor)));
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
            Tenant t = new Tenant(meta(f, id, id));
            List<Change> changes = new ArrayList<>();
            changes.add(Change.create(t));
            defaultGroup(id, changes);
            IssuedToken token = newToken(id, "first token, issued with the tenant");
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
            IssuedToken token = newToken(tenant, description);
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
                    updated = new Tenant(nextMeta(f, old));
                    break;
                case VPC:
                    f.only(COMMON, READ_ONLY);
                    updated = new Vpc(nextMeta(f, old), ((Vpc) old).segmentId());
                    break;
                case SUBNET:
                    updated = updateSubnet(f, (Subnet) old);
                    break;
                case PORT:
                    updated = updatePort(f, (Port) old);
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
                    updated = new SecurityGroup(nextMeta(f, old));
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
            Port updated = new Port(p.meta().touch(now()), p.vpcId(), p.fixedIps(), p.macAddress(), p.securityGroups(),
                    p.portSecurityEnabled(), p.allowedAddressPairs(), p.binding(), p.deviceId(), p.deviceOwner(),
                    p.adminStateUp(), status);
            commit(List.of(Change.update(p, updated)));
            return null;
        });
    }

    // ---------------------------------------------------------------- per type

    private Vpc createVpc(Fields f, Actor actor) {
        f.only(union(COMMON, "tenant_id"), READ_ONLY);
        UUID tenant = owner(f, actor);
        return new Vpc(meta(f, UUID.randomUUID(), tenant), allocateSegment());
    }

    private int allocateSegment() {
        int span = config.segmentMax() - config.segmentMin() + 1;
        int start = lastSegment < config.segmentMin() || lastSegment >= config.segmentMax()
                ? config.segmentMin() : lastSegment + 1;
        for (int i = 0; i < span; i++) {
            int s = config.segmentMin() + Math.floorMod(start - config.segmentMin() + i, span);
            if (!index.segmentInUse(s)) {
                return s;
            }
        }
        throw IntentException.conflict(null, "no free segment id left in " + config.segmentMin() + ".." + config.segmentMax());
    }

    private Subnet createSubnet(Fields f, Actor actor) {
        f.only(SUBNET_CREATE, READ_ONLY);
        UUID tenant = owner(f, actor);
        UUID vpc = required(f, "vpc_id");
        reference(ResourceType.VPC, vpc, tenant, "vpc_id");
        IpPrefix cidr = SubnetRules.cidr(f);
        for (Subnet other : PortRules.subnets(children(vpc, ResourceType.SUBNET), vpc)) {
            if (other.cidr().overlaps(cidr)) {
                throw IntentException.conflict("cidr", cidr + " overlaps subnet " + other.id() + " (" + other.cidr() + ") of the VPC");
            }
        }
        InetAddress gw = SubnetRules.gateway(f, cidr, null, true);
        List<Subnet.AllocationPool> pools = SubnetRules.pools(f, cidr, gw, null);
        List<InetAddress> dns = SubnetRules.dns(f, null);
        return new Subnet(meta(f, UUID.randomUUID(), tenant), vpc, cidr.version(), cidr, gw, pools, dns,
                f.bool("enable_dhcp", true));
    }

    private Subnet updateSubnet(Fields f, Subnet old) {
        f.only(SUBNET_UPDATE, READ_ONLY);
        InetAddress gw = SubnetRules.gateway(f, old.cidr(), old.gatewayIp(), false);
        if (gw != null && !gw.equals(old.gatewayIp()) && index.ipOwner(old.id(), gw) != null) {
            throw IntentException.conflict("gateway_ip", IpAddresses.format(gw) + " is used by port " + index.ipOwner(old.id(), gw));
        }
        List<Subnet.AllocationPool> pools = SubnetRules.pools(f, old.cidr(), gw, old.allocationPools());
        return new Subnet(nextMeta(f, old), old.vpcId(), old.ipVersion(), old.cidr(), gw, pools,
                SubnetRules.dns(f, old.dnsNameservers()), f.bool("enable_dhcp", old.enableDhcp()));
    }

    private Port createPort(Fields f, Actor actor) {
        f.only(PORT_CREATE, READ_ONLY);
        UUID tenant = owner(f, actor);
        UUID vpc = required(f, "vpc_id");
        reference(ResourceType.VPC, vpc, tenant, "vpc_id");
        UUID id = UUID.randomUUID();
        return buildPort(f, meta(f, id, tenant), vpc, null);
    }

    private Port updatePort(Fields f, Port old) {
        f.only(PORT_UPDATE, READ_ONLY);
        return buildPort(f, nextMeta(f, old), old.vpcId(), old);
    }

    private Port buildPort(Fields f, Meta meta, UUID vpc, Port old) {
        UUID self = old == null ? null : old.id();
        UUID tenant = meta.tenantId();
        boolean security = f.bool("port_security_enabled", old == null || old.portSecurityEnabled());
        List<Subnet> subnets = PortRules.subnets(children(vpc, ResourceType.SUBNET), vpc);
        List<Port.FixedIp> ips = ports.fixedIps(f, vpc, tenant, self, subnets, old == null ? null : old.fixedIps());
        MacAddress mac = ports.mac(f, vpc, self, old == null ? null : old.macAddress(), this::randomMac);
        List<UUID> groups = ports.groups(f, tenant, old == null ? null : old.securityGroups(),
                () -> defaultGroupOf(tenant), security);
        List<Port.AddressPair> pairs = ports.pairs(f, mac, old == null ? null : old.allowedAddressPairs());
        if (!security && !groups.isEmpty()) {
            throw refusal(f.has("security_groups") || old == null, "port_security_enabled",
                    "port security cannot be disabled while the port has security groups; set security_groups to []");
        }
        if (!security && !pairs.isEmpty()) {
            throw refusal(f.has("allowed_address_pairs") || old == null, "port_security_enabled",
                    "allowed_address_pairs need port security; remove them first");
        }
        Port.Binding binding = ports.binding(f, self, old == null ? null : old.binding());
        return new Port(meta, vpc, ips, mac, groups, security, pairs, binding,
                f.text("device_id", 255, old == null ? "" : old.deviceId()),
                f.text("device_owner", 255, old == null ? "" : old.deviceOwner()),
                f.bool("admin_state_up", old == null || old.adminStateUp()),
                old == null ? Port.Status.DOWN : old.status());
    }

    private static IntentException refusal(boolean inRequest, String field, String message) {
        return inRequest ? IntentException.invalid(field, message) : IntentException.conflict(field, message);
    }

    private void createGroup(Fields f, Actor actor, List<Change> changes) {
        f.only(union(COMMON, "tenant_id", "rules"), READ_ONLY);
        UUID tenant = owner(f, actor);
        if (SecurityGroup.DEFAULT_NAME.equals(f.text("name", 255, ""))) {
            throw IntentException.conflict("name", "\"default\" is reserved for the tenant's default group");
        }
        SecurityGroup g = new SecurityGroup(meta(f, UUID.randomUUID(), tenant));
        changes.add(Change.create(g));
        List<JsonNode> rules = f.list("rules", 256);
        List<SecurityGroupRule> made = new ArrayList<>();
        if (rules == null) {
            made.add(rule(tenant, g.id(), SecurityGroupRule.Direction.EGRESS, SecurityGroupRule.IPV4, null));
            made.add(rule(tenant, g.id(), SecurityGroupRule.Direction.EGRESS, SecurityGroupRule.IPV6, null));
        } else {
            for (int i = 0; i < rules.size(); i++) {
                String path = Fields.at("rules", i);
                Fields rf = Fields.of(rules.get(i), path).only(RuleRules.NESTED_FIELDS, RuleRules.READ_ONLY);
                SecurityGroupRule r = RuleRules.build(rf, nestedMeta(rf, tenant), g.id(), this::reference, g.id());
                for (SecurityGroupRule other : made) {
                    if (other.sameAs(r)) {
                        throw IntentException.invalid(path, "repeats rule " + Fields.at("rules", made.indexOf(other)));
                    }
                }
                made.add(r);
            }
        }
        made.forEach(r -> changes.add(Change.create(r)));
    }

    private SecurityGroupRule createRule(Fields f, Actor actor) {
        f.only(RuleRules.FIELDS, RuleRules.READ_ONLY);
        UUID tenant = owner(f, actor);
        UUID group = required(f, "security_group_id");
        reference(ResourceType.SECURITY_GROUP, group, tenant, "security_group_id");
        SecurityGroupRule r = RuleRules.build(f, meta(f, UUID.randomUUID(), tenant), group, this::reference, null);
        for (SecurityGroupRule other : rulesOf(group)) {
            if (other.sameAs(r)) {
                throw IntentException.conflict(null, "security group " + group + " already has this rule: " + other.id());
            }
        }
        return r;
    }

    private void defaultGroup(UUID tenant, List<Change> changes) {
        Instant now = now();
        UUID gid = UUID.randomUUID();
        changes.add(Change.create(new SecurityGroup(Meta.created(gid, tenant, SecurityGroup.DEFAULT_NAME,
                "Default security group", now, List.of(), Map.of()))));
        for (String eth : List.of(SecurityGroupRule.IPV4, SecurityGroupRule.IPV6)) {
            changes.add(Change.create(rule(tenant, gid, SecurityGroupRule.Direction.EGRESS, eth, null)));
            changes.add(Change.create(rule(tenant, gid, SecurityGroupRule.Direction.INGRESS, eth, gid)));
        }
    }

    private SecurityGroupRule rule(UUID tenant, UUID group, SecurityGroupRule.Direction d, String eth, UUID remoteGroup) {
        return new SecurityGroupRule(Meta.created(UUID.randomUUID(), tenant, "", "", now(), List.of(), Map.of()),
                group, d, eth, null, null, null, null, remoteGroup);
    }

    private UUID defaultGroupOf(UUID tenant) {
        for (UUID id : index.children(tenant)) {
            Resource r = store.get(ResourceType.SECURITY_GROUP, id);
            if (r != null && r.meta().name().equals(SecurityGroup.DEFAULT_NAME)) {
                return id;
            }
        }
        throw IntentException.conflict("security_groups", "tenant " + tenant + " has no default security group");
    }

    private IssuedToken newToken(UUID tenant, String description) {
        String secret = Tokens.newSecret(random);
        ApiToken t = new ApiToken(Meta.created(UUID.randomUUID(), tenant, "", description, now(), List.of(), Map.of()),
                Tokens.hash(secret));
        return new IssuedToken(t, secret);
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
        for (Change c : changes) {
            if (c.after() instanceof Vpc && c.before() == null) {
                lastSegment = ((Vpc) c.after()).segmentId();
            }
        }
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

    /** The tenant a new resource belongs to: the actor's own, or (admin) the body's tenant_id. */
    private UUID owner(Fields f, Actor actor) {
        UUID given = f.uuid("tenant_id");
        if (actor.admin()) {
            if (given == null) {
                throw IntentException.invalid("tenant_id", "is required when the admin creates a resource");
            }
            if (store.get(ResourceType.TENANT, given) == null) {
                throw IntentException.invalid("tenant_id", "no tenant " + given);
            }
            return given;
        }
        if (given != null && !given.equals(actor.tenantId())) {
            throw IntentException.invalid("tenant_id", "a tenant token acts only for its own tenant");
        }
        return actor.tenantId();
    }

    private static UUID required(Fields f, String key) {
        UUID v = f.uuid(key);
        if (v == null) {
            throw IntentException.invalid(key, "is required");
        }
        return v;
    }

    Resource reference(ResourceType type, UUID id, UUID tenant, String field) {
        Resource r = store.get(type, id);
        if (r == null || !r.tenantId().equals(tenant)) {
            throw IntentException.invalid(field, "no " + type.singular() + " " + id);
        }
        return r;
    }

    private List<Resource> children(UUID parent, ResourceType type) {
        return index.children(parent, type, store);
    }

    private Meta meta(Fields f, UUID id, UUID tenant) {
        return Meta.created(id, tenant, f.text("name", 255, ""), f.text("description", 1024, ""), now(),
                Tags.tags(f, null), Tags.externalIds(f, null));
    }

    private Meta nestedMeta(Fields f, UUID tenant) {
        return meta(f, UUID.randomUUID(), tenant);
    }

    private Meta nextMeta(Fields f, Resource old) {
        Meta m = old.meta();
        return m.next(f.text("name", 255, m.name()), f.text("description", 1024, m.description()),
                Tags.tags(f, m.tags()), Tags.externalIds(f, m.externalIds()), now());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private MacAddress randomMac() {
        return MacAddress.of((config.macPrefix() << 24) | random.nextInt(1 << 24));
    }

    static Set<String> union(Set<String> base, String... more) {
        Set<String> s = new java.util.HashSet<>(base);
        s.addAll(List.of(more));
        return Set.copyOf(s);
    }
}
