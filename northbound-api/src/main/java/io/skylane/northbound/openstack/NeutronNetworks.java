package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.dataplane.TenantNetwork;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Neutron networks are Skylane VPCs (docs/openstack.md): the same id, name, description, project,
 * tags and revision; the VPC routes its subnets to each other. A network is always up, never
 * shared nor external, has port security per port, and the MTU its ports get.
 */
final class NeutronNetworks extends NeutronResource {

    private final TenantNetwork network;

    NeutronNetworks(IntentService intents, TenantNetwork network) {
        super("network", ResourceType.VPC, intents);
        this.network = network;
    }

    @Override
    Set<String> creatable() {
        return NAME_AND_DESCRIPTION;
    }

    @Override
    Set<String> updatable() {
        return NAME_AND_DESCRIPTION;
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "segment_id");
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of(
                "admin_state_up", isTrue("a network is always up in Skylane (admin_state_up false is not supported)"),
                "shared", isFalse("networks are never shared between projects in Skylane"),
                "router:external", isFalse("external networks are not supported"),
                "port_security_enabled", isTrue("port security is off per port in Skylane "
                        + "(port_security_enabled on the port), not per network"),
                "availability_zone_hints", isEmptyList("Skylane has no availability zones"),
                "mtu", new Fixed(v -> v.isInt() && v.asInt() == network.tenantMtu(1),
                        "a network's MTU is the one its ports get from the underlay (" + network.tenantMtu(1) + ")"));
    }

    private record Subnets(Map<UUID, List<UUID>> byVpc) implements Lookups {
    }

    @Override
    Lookups lookups(Actor actor) {
        Map<UUID, List<UUID>> out = new HashMap<>();
        for (Resource r : NeutronRoutes.every(intents, ResourceType.SUBNET, actor)) {
            out.computeIfAbsent(((Subnet) r).vpcId(), k -> new ArrayList<>()).add(r.id());
        }
        return new Subnets(out);
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.put("admin_state_up", true).put("status", "ACTIVE");
        ArrayNode s = n.putArray("subnets");
        ((Subnets) lookups).byVpc().getOrDefault(r.id(), List.of()).forEach(id -> s.add(id.toString()));
        n.put("shared", false).put("router:external", false).put("port_security_enabled", true);
        n.put("mtu", network.tenantMtu(((Vpc) r).segmentId()));
        n.putArray("availability_zone_hints");
        n.putArray("availability_zones");
        n.putNull("ipv4_address_scope").putNull("ipv6_address_scope");
        n.put("l2_adjacency", true);
    }

    /** As Neutron: the network's subnets go with it; 409 while a port or a load balancer is on it. */
    @Override
    void delete(Actor actor, Resource r, Long ifMatch) {
        intents.deleteVpcWithSubnets(actor, r.id(), ifMatch);
    }
}
