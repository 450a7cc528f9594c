package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LbStatus;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The fields a listing may filter on, declared per resource type, each with its value as the API
 * shows it (ids, addresses and times in their API text). Fields that hold objects (a port's
 * {@code fixed_ips}, {@code binding}, {@code external_ids}) are not filterable.
 */
final class ResourceFilters {

    private static final Map<ResourceType, Map<String, Function<Resource, Object>>> FIELDS =
            new EnumMap<>(ResourceType.class);

    static {
        declare(ResourceType.TENANT, Map.of());
        declare(ResourceType.VPC, Map.of("segment_id", r -> ((Vpc) r).segmentId()));
        declare(ResourceType.SUBNET, Map.of(
                "vpc_id", r -> ((Subnet) r).vpcId(),
                "ip_version", r -> ((Subnet) r).ipVersion(),
                "cidr", r -> ((Subnet) r).cidr(),
                "gateway_ip", r -> ip(((Subnet) r).gatewayIp()),
                "dns_nameservers", r -> ((Subnet) r).dnsNameservers().stream().map(IpAddresses::format).toList(),
                "enable_dhcp", r -> ((Subnet) r).enableDhcp()));
        declare(ResourceType.PORT, Map.of(
                "vpc_id", r -> ((Port) r).vpcId(),
                "mac_address", r -> ((Port) r).macAddress(),
                "security_groups", r -> ((Port) r).securityGroups(),
                "port_security_enabled", r -> ((Port) r).portSecurityEnabled(),
                "device_id", r -> ((Port) r).deviceId(),
                "device_owner", r -> ((Port) r).deviceOwner(),
                "admin_state_up", r -> ((Port) r).adminStateUp(),
                "status", r -> ((Port) r).status().name()));
        declare(ResourceType.SECURITY_GROUP, Map.of());
        Map<String, Function<Resource, Object>> rule = new LinkedHashMap<>();
        rule.put("security_group_id", r -> ((SecurityGroupRule) r).securityGroupId());
        rule.put("direction", r -> ((SecurityGroupRule) r).direction().json());
        rule.put("ethertype", r -> ((SecurityGroupRule) r).ethertype());
        rule.put("protocol", r -> ((SecurityGroupRule) r).protocol());
        rule.put("port_range_min", r -> ((SecurityGroupRule) r).portRangeMin());
        rule.put("port_range_max", r -> ((SecurityGroupRule) r).portRangeMax());
        rule.put("remote_ip_prefix", r -> ((SecurityGroupRule) r).remoteIpPrefix());
        rule.put("remote_group_id", r -> ((SecurityGroupRule) r).remoteGroupId());
        declare(ResourceType.SECURITY_GROUP_RULE, rule);
        declare(ResourceType.LOAD_BALANCER, withStatus(Map.of(
                "vpc_id", r -> ((LoadBalancer) r).vpcId(),
                "vip_subnet_id", r -> ((LoadBalancer) r).vipSubnetId(),
                "vip_address", r -> IpAddresses.format(((LoadBalancer) r).vipAddress()))));
        declare(ResourceType.LISTENER, withStatus(Map.of(
                "loadbalancer_id", r -> ((Listener) r).loadbalancerId(),
                "protocol", r -> ((Listener) r).protocol(),
                "protocol_port", r -> ((Listener) r).protocolPort(),
                "default_pool_id", r -> ((Listener) r).defaultPoolId())));
        declare(ResourceType.POOL, withStatus(Map.of(
                "loadbalancer_id", r -> ((Pool) r).loadbalancerId(),
                "listener_id", r -> ((Pool) r).listenerId(),
                "protocol", r -> ((Pool) r).protocol(),
                "lb_algorithm", r -> ((Pool) r).lbAlgorithm())));
        declare(ResourceType.MEMBER, withStatus(Map.of(
                "pool_id", r -> ((Member) r).poolId(),
                "subnet_id", r -> ((Member) r).subnetId(),
                "address", r -> IpAddresses.format(((Member) r).address()),
                "protocol_port", r -> ((Member) r).protocolPort(),
                "weight", r -> ((Member) r).weight(),
                "backup", r -> ((Member) r).backup())));
        declare(ResourceType.HEALTH_MONITOR, withStatus(Map.of(
                "pool_id", r -> ((HealthMonitor) r).poolId(),
                "type", r -> ((HealthMonitor) r).monitorType().json())));
        declare(ResourceType.HYPERVISOR, Map.of(
                "datapath_id", r -> ((Hypervisor) r).deviceId(),
                "endpoint_ip", r -> ((Hypervisor) r).endpointIp()));
        // subnet_id=<id>: the routers whose subnet_ids hold it (at most one: a subnet is on one router)
        declare(ResourceType.ROUTER, Map.of("subnet_id", r -> ((Router) r).subnetIds()));
    }

    /** A load-balancing type's own fields and the admin and status fields they all have. */
    private static Map<String, Function<Resource, Object>> withStatus(Map<String, Function<Resource, Object>> own) {
        Map<String, Function<Resource, Object>> all = new LinkedHashMap<>(own);
        all.put("admin_state_up", r -> LbStatus.of(r).adminStateUp());
        all.put("provisioning_status", r -> LbStatus.of(r).provisioningStatus());
        all.put("operating_status", r -> LbStatus.of(r).operatingStatus());
        return all;
    }

    private ResourceFilters() {
    }

    /**
     * Every type's fields, after the ones all resources have ({@code tenant_id} only for those a
     * tenant owns: the provider's hypervisors have none).
     */
    private static void declare(ResourceType type, Map<String, Function<Resource, Object>> own) {
        Map<String, Function<Resource, Object>> all = new LinkedHashMap<>();
        all.put("id", Resource::id);
        all.put("name", r -> r.meta().name());
        all.put("description", r -> r.meta().description());
        if (!type.providerOwned()) {
            all.put("tenant_id", Resource::tenantId);
        }
        all.put("tags", r -> r.meta().tags());
        all.put("created_at", r -> ResourceJson.time(r.meta().createdAt()));
        all.put("updated_at", r -> ResourceJson.time(r.meta().updatedAt()));
        all.put("revision", r -> r.meta().revision());
        all.putAll(own);
        FIELDS.put(type, all);
    }

    /** The names of the fields a listing of {@code type} may filter on. */
    static Set<String> of(ResourceType type) {
        return FIELDS.getOrDefault(type, Map.of()).keySet();
    }

    /** Refuses filters on fields the type does not have (or that cannot be filtered). */
    static void check(ResourceType type, ListQuery query) {
        for (String k : query.filters().keySet()) {
            if (!of(type).contains(k)) {
                throw IntentException.invalid(k, "cannot filter " + type.plural() + " by " + k
                        + " (filterable: " + String.join(", ", new java.util.TreeSet<>(of(type))) + ")");
            }
        }
    }

    /** True when {@code r} has every value the query asks for. */
    static boolean matches(Resource r, ListQuery query) {
        Map<String, Function<Resource, Object>> fields = FIELDS.get(r.type());
        for (Map.Entry<String, List<String>> e : query.filters().entrySet()) {
            Object v = fields.get(e.getKey()).apply(r);
            for (String want : e.getValue()) {
                if (!has(v, want)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean has(Object value, String want) {
        if (value == null) {
            return want.equals("null");
        }
        if (value instanceof Collection<?> c) {
            return c.stream().anyMatch(x -> Objects.toString(x).equals(want));
        }
        return value.toString().equals(want);
    }

    private static String ip(java.net.InetAddress a) {
        return a == null ? null : IpAddresses.format(a);
    }
}
