package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Map;
import java.util.Set;

/**
 * Neutron subnets are Skylane subnets (docs/openstack.md): the same fields, the network being the
 * VPC. Skylane has no host routes, subnet pools, service types, segments or IPv6 address modes:
 * those are refused unless given as their empty value.
 */
final class NeutronSubnets extends NeutronResource {

    NeutronSubnets(IntentService intents) {
        super("subnet", ResourceType.SUBNET, intents);
    }

    @Override
    Map<String, String> renames() {
        return Map.of("vpc_id", "network_id");
    }

    @Override
    Set<String> creatable() {
        return Set.of("name", "description", "network_id", "cidr", "ip_version", "gateway_ip", "allocation_pools",
                "dns_nameservers", "enable_dhcp");
    }

    @Override
    Set<String> updatable() {
        return Set.of("name", "description", "gateway_ip", "allocation_pools", "dns_nameservers", "enable_dhcp");
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of(
                "host_routes", isEmptyList("host routes are not supported"),
                "ipv6_ra_mode", isNull("IPv6 router advertisement modes are not supported"),
                "ipv6_address_mode", isNull("IPv6 address modes are not supported"),
                "subnetpool_id", isNull("subnet pools are not supported: give the cidr"),
                "use_default_subnetpool", isFalse("subnet pools are not supported: give the cidr"),
                "service_types", isEmptyList("service types are not supported"),
                "segment_id", isNull("routed networks (segments) are not supported"));
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.putArray("host_routes");
        n.putNull("ipv6_ra_mode").putNull("ipv6_address_mode").putNull("subnetpool_id").putNull("segment_id");
        n.putArray("service_types");
    }
}
