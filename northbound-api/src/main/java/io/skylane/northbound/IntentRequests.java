package io.skylane.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.CreateRequest;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.HypervisorUpdate;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RouterCreate;
import io.skylane.vpc.intent.request.RouterUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.intent.request.SecurityGroupCreate;
import io.skylane.vpc.intent.request.SecurityGroupRuleCreate;
import io.skylane.vpc.intent.request.SecurityGroupUpdate;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.TenantUpdate;
import io.skylane.vpc.intent.request.TokenCreate;
import io.skylane.vpc.intent.request.UpdateRequest;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.intent.request.VpcUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule.Direction;
import io.skylane.vpc.model.Subnet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The tenant resources' request bodies (the object inside the envelope) read into the intent
 * service's typed requests, with {@link JsonInput}: the keys each request takes (others are refused,
 * those the API only shows get "read only"), each value's JSON type and form. What the values mean
 * together (a gateway inside the CIDR, an address not in use) is the intent service's validators'.
 */
public final class IntentRequests {

    private static final Set<String> COMMON = Set.of("name", "description", "tags", "external_ids");
    /** Fields an answer shows and a request may echo back, but never set. */
    private static final Set<String> READ_ONLY = Set.of("id", "tenant_id", "created_at", "updated_at", "revision",
            "segment_id", "status", "rules", "cidr", "ip_version", "vpc_id", "security_group_id");
    private static final Set<String> RULE_READ_ONLY = Set.of("id", "created_at", "updated_at", "revision");
    private static final Set<String> SUBNET = union(COMMON, "gateway_ip", "allocation_pools", "dns_nameservers",
            "enable_dhcp");
    private static final Set<String> PORT = union(COMMON, "fixed_ips", "mac_address", "security_groups",
            "port_security_enabled", "allowed_address_pairs", "binding", "device_id", "device_owner", "admin_state_up");
    private static final Set<String> RULE = union(COMMON, "direction", "ethertype", "protocol", "port_range_min",
            "port_range_max", "remote_ip_prefix", "remote_group_id");
    private static final Pattern DPID = Pattern.compile("[0-9a-f]{16}");
    /** The load-balancing fields an answer shows that a request never sets. */
    private static final Set<String> LB_READ_ONLY = union(READ_ONLY, "provisioning_status", "operating_status",
            "loadbalancer_id", "listener_id", "protocol", "protocol_port", "vip_subnet_id", "vip_address", "pool_id",
            "address", "subnet_id", "type");
    private static final Set<String> LB_COMMON = union(COMMON, "admin_state_up");
    private static final Set<String> LISTENER = union(LB_COMMON, "default_pool_id", "allowed_cidrs");
    private static final Set<String> POOL = union(LB_COMMON, "lb_algorithm", "session_persistence");
    private static final Set<String> MEMBER = union(LB_COMMON, "weight", "backup");
    private static final Set<String> MONITOR = union(LB_COMMON, "delay", "timeout", "max_retries", "max_retries_down");
    /** A hypervisor has no tenant_id: the key is unknown there, not read only. */
    private static final Set<String> HYPERVISOR_READ_ONLY = Set.of("id", "created_at", "updated_at", "revision");

    private IntentRequests() {
    }

    /** A create of {@code type} (not a tenant: {@link #tenant}). */
    public static CreateRequest create(ResourceType type, JsonNode body) {
        switch (type) {
            case VPC: {
                Obj o = new Obj(body, "").only(union(COMMON, "tenant_id"), READ_ONLY);
                return new VpcCreate(o.orNull("tenant_id", JsonInput::uuid), common(o));
            }
            case SUBNET: {
                Obj o = new Obj(body, "").only(union(SUBNET, "tenant_id", "vpc_id", "cidr", "ip_version"), READ_ONLY);
                return new SubnetCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("vpc_id", JsonInput::uuid),
                        o.orNull("cidr", JsonInput::prefix), o.given("ip_version", integer(4, 6)).or(null), subnet(o));
            }
            case PORT: {
                Obj o = new Obj(body, "").only(union(PORT, "tenant_id", "vpc_id"), READ_ONLY);
                return new PortCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("vpc_id", JsonInput::uuid), port(o));
            }
            case SECURITY_GROUP: {
                Obj o = new Obj(body, "").only(union(COMMON, "tenant_id", "rules"), READ_ONLY);
                return new SecurityGroupCreate(o.orNull("tenant_id", JsonInput::uuid), common(o),
                        o.given("rules", list((v, path) -> rule(new Obj(v, path).only(RULE, RULE_READ_ONLY)))));
            }
            case SECURITY_GROUP_RULE: {
                Obj o = new Obj(body, "").only(union(RULE, "tenant_id", "security_group_id"), RULE_READ_ONLY);
                return new SecurityGroupRuleCreate(o.orNull("tenant_id", JsonInput::uuid),
                        o.orNull("security_group_id", JsonInput::uuid), rule(o));
            }
            case LOAD_BALANCER: {
                Obj o = new Obj(body, "").only(union(LB_COMMON, "tenant_id", "vip_subnet_id", "vip_address"), LB_READ_ONLY);
                return new LoadBalancerCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("vip_subnet_id", JsonInput::uuid),
                        o.orNull("vip_address", JsonInput::ip), loadBalancer(o));
            }
            case LISTENER: {
                Obj o = new Obj(body, "").only(union(LISTENER, "tenant_id", "loadbalancer_id", "protocol", "protocol_port"),
                        LB_READ_ONLY);
                return new ListenerCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("loadbalancer_id", JsonInput::uuid),
                        o.orNull("protocol", IntentRequests::protocol), o.orNull("protocol_port", integer(1, 65535)), listener(o));
            }
            case POOL: {
                Obj o = new Obj(body, "").only(union(POOL, "tenant_id", "loadbalancer_id", "listener_id", "protocol"),
                        LB_READ_ONLY);
                return new PoolCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("loadbalancer_id", JsonInput::uuid),
                        o.orNull("listener_id", JsonInput::uuid), o.orNull("protocol", IntentRequests::protocol), pool(o));
            }
            case HEALTH_MONITOR: {
                Obj o = new Obj(body, "").only(union(MONITOR, "tenant_id", "pool_id", "type"), LB_READ_ONLY);
                return new HealthMonitorCreate(o.orNull("tenant_id", JsonInput::uuid), o.orNull("pool_id", JsonInput::uuid),
                        o.orNull("type", IntentRequests::monitorType), monitor(o));
            }
            case ROUTER: {
                Obj o = new Obj(body, "").only(union(COMMON, "tenant_id", "subnet_ids"), READ_ONLY);
                return new RouterCreate(o.orNull("tenant_id", JsonInput::uuid), common(o),
                        o.given("subnet_ids", list(JsonInput::uuid)));
            }
            case HYPERVISOR: {
                Obj o = new Obj(body, "").only(union(COMMON, "datapath_id", "endpoint_ip"), HYPERVISOR_READ_ONLY);
                return new HypervisorCreate(o.orNull("datapath_id", IntentRequests::datapathId),
                        o.orNull("endpoint_ip", IntentRequests::ipv4), common(o));
            }
            default:
                throw new IllegalArgumentException("no create request for " + type.plural());
        }
    }

    /** An update of {@code type}: only the fields the body gives change. */
    public static UpdateRequest update(ResourceType type, JsonNode body) {
        switch (type) {
            case TENANT:
                return new TenantUpdate(common(new Obj(body, "").only(COMMON, READ_ONLY)));
            case VPC:
                return new VpcUpdate(common(new Obj(body, "").only(COMMON, READ_ONLY)));
            case SUBNET:
                return subnet(new Obj(body, "").only(SUBNET, READ_ONLY));
            case PORT:
                return port(new Obj(body, "").only(PORT, READ_ONLY));
            case SECURITY_GROUP:
                return new SecurityGroupUpdate(common(new Obj(body, "").only(COMMON, READ_ONLY)));
            case LOAD_BALANCER:
                return loadBalancer(new Obj(body, "").only(LB_COMMON, LB_READ_ONLY));
            case LISTENER:
                return listener(new Obj(body, "").only(LISTENER, LB_READ_ONLY));
            case POOL:
                return pool(new Obj(body, "").only(POOL, LB_READ_ONLY));
            case MEMBER:
                return member(new Obj(body, "").only(MEMBER, LB_READ_ONLY));
            case HEALTH_MONITOR:
                return monitor(new Obj(body, "").only(MONITOR, LB_READ_ONLY));
            case ROUTER: {
                Obj o = new Obj(body, "").only(union(COMMON, "subnet_ids"), READ_ONLY);
                return new RouterUpdate(common(o), o.given("subnet_ids", list(JsonInput::uuid)));
            }
            case HYPERVISOR: {
                Obj o = new Obj(body, "").only(union(COMMON, "endpoint_ip"), union(HYPERVISOR_READ_ONLY, "datapath_id"));
                return new HypervisorUpdate(common(o), o.given("endpoint_ip", IntentRequests::ipv4));
            }
            default:
                throw new IllegalArgumentException("no update request for " + type.plural());
        }
    }

    /** A member of the pool the path names. */
    public static MemberCreate member(UUID pool, JsonNode body) {
        Obj o = new Obj(body, "").only(union(MEMBER, "tenant_id", "address", "protocol_port", "subnet_id"), LB_READ_ONLY);
        return new MemberCreate(o.orNull("tenant_id", JsonInput::uuid), pool, o.orNull("address", JsonInput::ip),
                o.orNull("protocol_port", integer(1, 65535)), o.orNull("subnet_id", JsonInput::uuid), member(o));
    }

    static TenantCreate tenant(JsonNode body) {
        return new TenantCreate(common(new Obj(body, "").only(COMMON, READ_ONLY)));
    }

    /** A token's body; none (or JSON null) is a token without description. */
    static TokenCreate token(JsonNode body) {
        if (body == null || body.isNull()) {
            return TokenCreate.NONE;
        }
        Obj o = new Obj(body, "").only(Set.of("description"), Set.of());
        return new TokenCreate(o.given("description", JsonInput::text).or(null));
    }

    private static Common common(Obj o) {
        return new Common(o.given("name", JsonInput::text), o.given("description", JsonInput::text),
                o.given("tags", list(JsonInput::text)), o.given("external_ids", IntentRequests::externalIds));
    }

    private static Map<String, String> externalIds(JsonNode v, String path) {
        if (v == null || !v.isObject()) {
            throw JsonInput.bad(path, "must be an object of strings, got " + JsonInput.describe(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), JsonInput.text(e.getValue(), JsonInput.at(path, e.getKey())));
        }
        return out;
    }

    private static SubnetUpdate subnet(Obj o) {
        return new SubnetUpdate(common(o), o.nullable("gateway_ip", JsonInput::ip),
                o.given("allocation_pools", list((v, path) -> {
                    Obj p = new Obj(v, path).only(Set.of("start", "end"), Set.of());
                    return new Subnet.AllocationPool(p.required("start", JsonInput::ip), p.required("end", JsonInput::ip));
                })),
                o.given("dns_nameservers", list(JsonInput::ip)), o.given("enable_dhcp", JsonInput::bool));
    }

    private static PortUpdate port(Obj o) {
        return new PortUpdate(common(o),
                o.given("fixed_ips", list((v, path) -> {
                    Obj f = new Obj(v, path).only(Set.of("subnet_id", "ip_address"), Set.of());
                    return new PortUpdate.FixedIp(f.orNull("subnet_id", JsonInput::uuid), f.orNull("ip_address", JsonInput::ip));
                })),
                o.given("mac_address", JsonInput::mac),
                o.given("security_groups", list(JsonInput::uuid)),
                o.given("port_security_enabled", JsonInput::bool),
                o.given("allowed_address_pairs", list((v, path) -> {
                    Obj a = new Obj(v, path).only(Set.of("ip_address", "mac_address"), Set.of());
                    return new PortUpdate.AddressPair(a.required("ip_address", IntentRequests::hostOrPrefix),
                            a.orNull("mac_address", JsonInput::mac));
                })),
                o.nullable("binding", (v, path) -> {
                    Obj b = new Obj(v, path).only(Set.of("dpid", "port"), Set.of());
                    String dpid = b.required("dpid", JsonInput::text);
                    if (!DPID.matcher(dpid).matches()) {
                        throw JsonInput.bad(JsonInput.at(path, "dpid"), "must be 16 lower-case hex digits, got \"" + dpid + "\"");
                    }
                    Long port = b.orNull("port", (pv, pp) -> JsonInput.integer(pv, pp, 1, PortNumber.MAX_PHYSICAL));
                    return new Port.Binding(DeviceId.parse(dpid), port == null ? null : PortNumber.of(port));
                }),
                o.given("device_id", JsonInput::text), o.given("device_owner", JsonInput::text),
                o.given("admin_state_up", JsonInput::bool));
    }

    /**
     * A datapath id as the API takes one in paths ({@link DeviceId#parse}: 16 hex digits, or fewer,
     * with colons or an {@code of:} prefix); answers always write 16 lower-case hex digits.
     */
    private static long datapathId(JsonNode v, String path) {
        String s = JsonInput.text(v, path);
        try {
            return DeviceId.parse(s).dpid();
        } catch (IllegalArgumentException e) {
            throw JsonInput.bad(path, e.getMessage());
        }
    }

    /** An IPv4 address in dotted-quad text, as answers write it ({@code 172.31.199.1}: no leading zeros). */
    private static Ip4Address ipv4(JsonNode v, String path) {
        String s = JsonInput.text(v, path);
        try {
            Ip4Address a = Ip4Address.parse(s);
            if (a.toString().equals(s)) {
                return a;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw JsonInput.bad(path, "must be an IPv4 address (dotted quad, e.g. 172.31.199.1), got " + JsonInput.describe(v));
    }

    /** An address ({@code 10.0.0.5}, a host prefix) or a prefix ({@code 10.0.0.0/24}). */
    private static io.skylane.vpc.model.IpPrefix hostOrPrefix(JsonNode v, String path) {
        return JsonInput.text(v, path).indexOf('/') >= 0 ? JsonInput.prefix(v, path)
                : io.skylane.vpc.model.IpPrefix.host(JsonInput.ip(v, path));
    }

    private static LoadBalancerUpdate loadBalancer(Obj o) {
        return new LoadBalancerUpdate(common(o), o.given("admin_state_up", JsonInput::bool));
    }

    private static ListenerUpdate listener(Obj o) {
        return new ListenerUpdate(common(o), o.nullable("default_pool_id", JsonInput::uuid),
                o.given("allowed_cidrs", list(JsonInput::prefix)), o.given("admin_state_up", JsonInput::bool));
    }

    private static PoolUpdate pool(Obj o) {
        return new PoolUpdate(common(o), o.given("lb_algorithm", IntentRequests::algorithm),
                o.nullable("session_persistence", (v, path) -> {
                    Obj p = new Obj(v, path).only(Set.of("type"), Set.of());
                    return new Pool.SessionPersistence(p.required("type", (t, tp) -> enumValue(t, tp,
                            Pool.SessionPersistence.Type.class, "SOURCE_IP (the one session persistence offered)")));
                }),
                o.given("admin_state_up", JsonInput::bool));
    }

    private static MemberUpdate member(Obj o) {
        return new MemberUpdate(common(o), o.given("weight", integer(0, Member.MAX_WEIGHT)),
                o.given("admin_state_up", JsonInput::bool), o.given("backup", JsonInput::bool));
    }

    private static HealthMonitorUpdate monitor(Obj o) {
        Reader<Integer> seconds = integer(1, HealthMonitor.MAX_SECONDS);
        Reader<Integer> retries = integer(1, HealthMonitor.MAX_RETRIES);
        return new HealthMonitorUpdate(common(o), o.given("delay", seconds), o.given("timeout", seconds),
                o.given("max_retries", retries), o.given("max_retries_down", retries),
                o.given("admin_state_up", JsonInput::bool));
    }

    private static L4Protocol protocol(JsonNode v, String path) {
        return enumValue(v, path, L4Protocol.class, "TCP or UDP");
    }

    private static Pool.Algorithm algorithm(JsonNode v, String path) {
        String s = JsonInput.text(v, path);
        if (s.equals("ROUND_ROBIN") || s.equals("LEAST_CONNECTIONS")) {
            throw JsonInput.bad(path, s + " is not offered: the member of a new connection is chosen at the client's "
                    + "switch by a hash, without a central counter; use SOURCE_IP_PORT (per connection) or SOURCE_IP");
        }
        return enumValue(v, path, Pool.Algorithm.class, "SOURCE_IP_PORT or SOURCE_IP");
    }

    private static HealthMonitor.Type monitorType(JsonNode v, String path) {
        String s = JsonInput.text(v, path);
        for (HealthMonitor.Type t : HealthMonitor.Type.values()) {
            if (t.json().equals(s)) {
                return t;
            }
        }
        throw JsonInput.bad(path, "must be TCP, PING or UDP-CONNECT, got " + JsonInput.describe(v));
    }

    /** One of an enum's names, exactly. */
    private static <E extends Enum<E>> E enumValue(JsonNode v, String path, Class<E> type, String expected) {
        String s = JsonInput.text(v, path);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        throw JsonInput.bad(path, "must be " + expected + ", got " + JsonInput.describe(v));
    }

    private static RuleSpec rule(Obj o) {
        Direction direction = o.orNull("direction", (v, path) -> switch (JsonInput.text(v, path)) {
            case "ingress" -> Direction.INGRESS;
            case "egress" -> Direction.EGRESS;
            default -> throw JsonInput.bad(path, "must be ingress or egress, got " + JsonInput.describe(v));
        });
        return new RuleSpec(common(o), direction, o.given("ethertype", JsonInput::text).or(null),
                o.orNull("protocol", (v, path) -> v.isIntegralNumber()
                        ? Long.toString(JsonInput.integer(v, path, 0, 255)) : JsonInput.text(v, path)),
                o.orNull("port_range_min", integer(0, 65535)), o.orNull("port_range_max", integer(0, 65535)),
                o.orNull("remote_ip_prefix", JsonInput::prefix), o.orNull("remote_group_id", JsonInput::uuid));
    }

    // ---------------------------------------------------------------- reading one object

    /** Reads one value at a path; throws a 400 naming the path. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode v, String path);
    }

    private static Reader<Integer> integer(int min, int max) {
        return (v, path) -> (int) JsonInput.integer(v, path, min, max);
    }

    private static <T> Reader<List<T>> list(Reader<T> element) {
        return (v, path) -> {
            List<T> out = new ArrayList<>();
            int i = 0;
            for (JsonNode e : JsonInput.array(v, path)) {
                out.add(element.read(e, JsonInput.at(path, i++)));
            }
            return out;
        };
    }

    /** One JSON object of a request, at its path. */
    private static final class Obj {
        private final ObjectNode o;
        private final String path;

        Obj(JsonNode v, String path) {
            this.o = JsonInput.object(v, path);
            this.path = path;
        }

        /** Refuses keys not in {@code allowed}; {@code readOnly} keys get a clearer message. */
        Obj only(Set<String> allowed, Set<String> readOnly) {
            for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) {
                    throw JsonInput.bad(JsonInput.at(path, k), readOnly.contains(k) ? "is read only here" : "unknown field");
                }
            }
            return this;
        }

        /** Absent, or the value read (JSON null is refused by the reader). */
        <T> Given<T> given(String key, Reader<T> r) {
            JsonNode v = o.get(key);
            return v == null ? Given.absent() : Given.of(r.read(v, JsonInput.at(path, key)));
        }

        /** Absent, or the value read, where JSON null is a value of its own. */
        <T> Given<T> nullable(String key, Reader<T> r) {
            JsonNode v = o.get(key);
            if (v == null) {
                return Given.absent();
            }
            return Given.of(v.isNull() ? null : r.read(v, JsonInput.at(path, key)));
        }

        /** The value read; absent and JSON null both give null. */
        <T> T orNull(String key, Reader<T> r) {
            JsonNode v = o.get(key);
            return v == null || v.isNull() ? null : r.read(v, JsonInput.at(path, key));
        }

        <T> T required(String key, Reader<T> r) {
            return r.read(JsonInput.required(o, path, key), JsonInput.at(path, key));
        }
    }

    private static Set<String> union(Set<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).collect(Collectors.toUnmodifiableSet());
    }
}
