package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.intent.IntentService.IssuedToken;
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
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentStore;
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

/**
 * The resources a request describes, built and checked against the store but not stored: new
 * ones from a create's fields (their ids, segment ids, addresses, MACs, default groups and tokens
 * allocated here), and the next version of one from an update's. {@link IntentService} calls it
 * under its write lock and commits what it returns; it tells the builder what it committed.
 */
final class ResourceBuilder {

    /** Fields every resource takes. */
    static final Set<String> COMMON = Set.of("name", "description", "tags", "external_ids");
    /** Fields a request may echo back but never set. */
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
    private final IntentViews views;
    private final SecureRandom random = new SecureRandom();
    private final PortRules ports;
    private int lastSegment;

    ResourceBuilder(IntentStore store, IntentIndex index, IntentConfig config, Clock clock, IntentViews views) {
        this.store = store;
        this.index = index;
        this.config = config;
        this.clock = clock;
        this.views = views;
        this.ports = new PortRules(index, this::reference);
        for (Resource r : store.all(ResourceType.VPC)) {
            lastSegment = Math.max(lastSegment, ((Vpc) r).segmentId());
        }
    }

    /** What was committed: a new VPC's segment is where the next allocation starts looking. */
    void committed(List<Change> changes) {
        for (Change c : changes) {
            if (c.after() instanceof Vpc && c.before() == null) {
                lastSegment = ((Vpc) c.after()).segmentId();
            }
        }
    }

    Vpc createVpc(Fields f, Actor actor) {
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

    Subnet createSubnet(Fields f, Actor actor) {
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

    Subnet updateSubnet(Fields f, Subnet old) {
        f.only(SUBNET_UPDATE, READ_ONLY);
        InetAddress gw = SubnetRules.gateway(f, old.cidr(), old.gatewayIp(), false);
        if (gw != null && !gw.equals(old.gatewayIp()) && index.ipOwner(old.id(), gw) != null) {
            throw IntentException.conflict("gateway_ip", IpAddresses.format(gw) + " is used by port " + index.ipOwner(old.id(), gw));
        }
        List<Subnet.AllocationPool> pools = SubnetRules.pools(f, old.cidr(), gw, old.allocationPools());
        return new Subnet(nextMeta(f, old), old.vpcId(), old.ipVersion(), old.cidr(), gw, pools,
                SubnetRules.dns(f, old.dnsNameservers()), f.bool("enable_dhcp", old.enableDhcp()));
    }

    Port createPort(Fields f, Actor actor) {
        f.only(PORT_CREATE, READ_ONLY);
        UUID tenant = owner(f, actor);
        UUID vpc = required(f, "vpc_id");
        reference(ResourceType.VPC, vpc, tenant, "vpc_id");
        UUID id = UUID.randomUUID();
        return buildPort(f, meta(f, id, tenant), vpc, null);
    }

    Port updatePort(Fields f, Port old) {
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

    void createGroup(Fields f, Actor actor, List<Change> changes) {
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

    SecurityGroupRule createRule(Fields f, Actor actor) {
        f.only(RuleRules.FIELDS, RuleRules.READ_ONLY);
        UUID tenant = owner(f, actor);
        UUID group = required(f, "security_group_id");
        reference(ResourceType.SECURITY_GROUP, group, tenant, "security_group_id");
        SecurityGroupRule r = RuleRules.build(f, meta(f, UUID.randomUUID(), tenant), group, this::reference, null);
        for (SecurityGroupRule other : views.rulesOf(group)) {
            if (other.sameAs(r)) {
                throw IntentException.conflict(null, "security group " + group + " already has this rule: " + other.id());
            }
        }
        return r;
    }

    void defaultGroup(UUID tenant, List<Change> changes) {
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

    IssuedToken newToken(UUID tenant, String description) {
        String secret = Tokens.newSecret(random);
        ApiToken t = new ApiToken(Meta.created(UUID.randomUUID(), tenant, "", description, now(), List.of(), Map.of()),
                Tokens.hash(secret));
        return new IssuedToken(t, secret);
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

    Meta meta(Fields f, UUID id, UUID tenant) {
        return Meta.created(id, tenant, f.text("name", 255, ""), f.text("description", 1024, ""), now(),
                Tags.tags(f, null), Tags.externalIds(f, null));
    }

    private Meta nestedMeta(Fields f, UUID tenant) {
        return meta(f, UUID.randomUUID(), tenant);
    }

    Meta nextMeta(Fields f, Resource old) {
        Meta m = old.meta();
        return m.next(f.text("name", 255, m.name()), f.text("description", 1024, m.description()),
                Tags.tags(f, m.tags()), Tags.externalIds(f, m.externalIds()), now());
    }

    Instant now() {
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
