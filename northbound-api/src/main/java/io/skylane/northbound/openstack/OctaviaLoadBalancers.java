package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Octavia's load balancers are Skylane's (docs/openstack.md): the VIP is an address of
 * {@code vip_subnet_id} (or of the one IPv4 subnet of {@code vip_network_id}), answered by the
 * switches; Neutron shows it as a port ({@link VipPorts}), whose id is {@code vip_port_id}, made from
 * the load balancer (a VIP is not created from a port: {@code vip_port_id} in a create is refused);
 * the provider is {@code skylane}.
 */
final class OctaviaLoadBalancers extends OctaviaResource {

    OctaviaLoadBalancers(IntentService intents) {
        super("loadbalancer", "Load Balancer", ResourceType.LOAD_BALANCER, intents);
    }

    @Override
    Set<String> creatable() {
        return union(COMMON, "vip_subnet_id", "vip_address");
    }

    @Override
    Set<String> updatable() {
        return COMMON;
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "tenant_id", "vpc_id");
    }

    @Override
    Map<String, ResourceType> parents() {
        return Map.of("vip_subnet_id", ResourceType.SUBNET);
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of(
                "vip_port_id", isNull("vip_port_id: a VIP is an address of vip_subnet_id that the switches "
                        + "answer, not a Neutron port; give vip_subnet_id (and vip_address)"),
                "vip_qos_policy_id", isNull("QoS policies are not supported"),
                "vip_vnic_type", isNullOr("normal", "the VIP's vnic type is normal"),
                "vip_sg_ids", isNullOrEmpty("the VIP has no security groups: the members' groups see the client's "
                        + "address"),
                "additional_vips", isNullOrEmpty("a load balancer has one VIP"),
                "flavor_id", isNull("flavors are not supported"),
                "availability_zone", isNull("availability zones are not supported"),
                "listeners", isNullOrEmpty("create the listeners one by one (no graph create)"),
                "pools", isNullOrEmpty("create the pools one by one (no graph create)"));
    }

    @Override
    ObjectNode prepare(ObjectNode octavia, Actor actor, boolean create) {
        JsonNode provider = octavia.remove("provider");
        if (provider != null && !provider.isNull() && !provider.asText().equals(PROVIDER)) {
            throw ApiException.badRequest("Provider '" + provider.asText() + "' is not enabled.", "provider");
        }
        if (create) {
            JsonNode network = octavia.remove("vip_network_id");
            if (network != null && !network.isNull()) {
                UUID subnet = subnetOf(actor, network, octavia.get("vip_subnet_id"));
                octavia.put("vip_subnet_id", subnet.toString());
            }
            if (!octavia.has("vip_subnet_id") || octavia.get("vip_subnet_id").isNull()) {
                throw ApiException.badRequest("vip_subnet_id (or vip_network_id with one IPv4 subnet) is required",
                        "vip_subnet_id");
            }
        }
        return octavia;
    }

    /** The subnet of the VIP in {@code vip_network_id}: the given one if it is there, else its one IPv4 subnet. */
    private UUID subnetOf(Actor actor, JsonNode network, JsonNode given) {
        UUID vpc;
        try {
            vpc = UUID.fromString(network.asText());
            intents.get(ResourceType.VPC, actor, vpc);
        } catch (IllegalArgumentException | IntentException e) {
            throw ApiException.badRequest("vip_network_id " + network.asText() + " is not a network of the project",
                    "vip_network_id");
        }
        List<UUID> v4 = new ArrayList<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.SUBNET, actor)) {
            Subnet s = (Subnet) r;
            if (s.vpcId().equals(vpc) && s.ipVersion() == 4) {
                v4.add(s.id());
            }
            if (given != null && given.asText().equals(s.id().toString()) && !s.vpcId().equals(vpc)) {
                throw ApiException.badRequest("vip_subnet_id " + s.id() + " is not a subnet of vip_network_id " + vpc,
                        "vip_subnet_id");
            }
        }
        if (given != null && !given.isNull()) {
            return UUID.fromString(given.asText());
        }
        if (v4.size() != 1) {
            throw ApiException.badRequest("network " + vpc + " has " + (v4.isEmpty() ? "no IPv4 subnet" : v4.size()
                    + " IPv4 subnets") + ": give vip_subnet_id", "vip_network_id");
        }
        return v4.get(0);
    }

    /** Each load balancer's listeners and pools. */
    private record Children(Map<UUID, List<UUID>> listeners, Map<UUID, List<UUID>> pools) implements Lookups {
    }

    @Override
    Lookups lookups(Actor actor) {
        Map<UUID, List<UUID>> listeners = new HashMap<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.LISTENER, actor)) {
            listeners.computeIfAbsent(((Listener) r).loadbalancerId(), k -> new ArrayList<>()).add(r.id());
        }
        Map<UUID, List<UUID>> pools = new HashMap<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.POOL, actor)) {
            pools.computeIfAbsent(((Pool) r).loadbalancerId(), k -> new ArrayList<>()).add(r.id());
        }
        return new Children(listeners, pools);
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        LoadBalancer lb = (LoadBalancer) r;
        Children c = (Children) lookups;
        n.put("provider", PROVIDER);
        n.put("vip_network_id", lb.vpcId().toString());
        n.put("vip_port_id", VipPorts.portId(lb.id()).toString());
        n.putNull("vip_qos_policy_id").putNull("flavor_id").putNull("availability_zone");
        n.put("vip_vnic_type", "normal");
        n.putNull("vip_sg_ids");
        n.putArray("additional_vips");
        ArrayNode ls = n.putArray("listeners");
        c.listeners().getOrDefault(lb.id(), List.of()).forEach(id -> ls.add(ref(id)));
        ArrayNode ps = n.putArray("pools");
        c.pools().getOrDefault(lb.id(), List.of()).forEach(id -> ps.add(ref(id)));
    }
}
