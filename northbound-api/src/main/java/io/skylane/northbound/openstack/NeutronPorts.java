package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.intent.Actor;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.Map;
import java.util.Set;

/**
 * Neutron ports are Skylane ports (docs/openstack.md): the same addresses, MAC, security groups,
 * port security, allowed address pairs, device fields and status, the network being the VPC. Where
 * the port is attached is Neutron's {@code binding:profile}: {@code {"dpid": "00000000000000d1",
 * "port": 1}} binds it to that switch port, {@code {}} leaves it to be learned by its MAC at an
 * edge port, as Skylane's {@code binding}. Skylane has no other way to name the place (no
 * {@code binding:host_id}, {@code vnic_type} normal only).
 */
final class NeutronPorts extends NeutronResource {

    private static final Set<String> SETTABLE = Set.of("name", "description", "fixed_ips", "mac_address",
            "security_groups", "port_security_enabled", "allowed_address_pairs", "binding:profile", "device_id",
            "device_owner", "admin_state_up");

    private final RouterInterfaces interfaces;
    private final VipPorts vips;

    NeutronPorts(IntentService intents, RouterInterfaces interfaces) {
        super("port", ResourceType.PORT, intents);
        this.interfaces = interfaces;
        this.vips = new VipPorts(intents);
    }

    /**
     * Routers' interfaces and load balancers' VIPs are shown as ports (device owners
     * {@code network:router_interface} and {@code Octavia}).
     */
    @Override
    List<Resource> made(Actor actor) {
        List<Resource> out = new java.util.ArrayList<>(interfaces.ports(actor));
        out.addAll(vips.ports(actor));
        return out;
    }

    @Override
    Optional<Resource> made(Actor actor, UUID id) {
        Optional<Resource> i = interfaces.find(actor, id).map(p -> p);
        return i.isPresent() ? i : vips.find(actor, id).map(p -> p);
    }

    /** Neutron's refusal to change or delete a router's port (or a VIP's) through the port API. */
    @Override
    void changing(Resource r) {
        if (RouterInterfaces.isInterface(r)) {
            throw new ApiException(409, "conflict", "Port " + r.id() + " cannot be changed or deleted directly via "
                    + "the port API: has device owner " + RouterInterfaces.OWNER + " (remove the router's interface: "
                    + "openstack router remove subnet)", null);
        }
        if (VipPorts.isVip(r)) {
            throw new ApiException(409, "conflict", "Port " + r.id() + " is the VIP of load balancer "
                    + ((Port) r).deviceId().substring(3) + " (device owner " + VipPorts.OWNER + "): it goes with the "
                    + "load balancer and is not changed through the port API", null);
        }
    }

    @Override
    Map<String, String> renames() {
        return Map.of("vpc_id", "network_id", "binding", "binding:profile");
    }

    @Override
    Set<String> creatable() {
        Set<String> s = new java.util.HashSet<>(SETTABLE);
        s.add("network_id");
        return s;
    }

    @Override
    Set<String> updatable() {
        return SETTABLE;
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of(
                "binding:host_id", new Fixed(v -> v.isNull() || (v.isTextual() && v.asText().isEmpty()),
                        "a port is placed by binding:profile {\"dpid\": ..., \"port\": ...} or learned by its MAC; "
                                + "binding:host_id is not supported"),
                "binding:vnic_type", new Fixed(v -> v.isTextual() && v.asText().equals("normal"),
                        "only the normal vnic type is supported"),
                "extra_dhcp_opts", isEmptyList("extra DHCP options are not supported"),
                "qos_policy_id", isNull("QoS policies are not supported"),
                "propagate_uplink_status", isFalse("uplink status propagation is not supported"));
    }

    /** {@code binding:profile} {} is no binding; a port number may come as a string (the CLI's key=value). */
    @Override
    ObjectNode adapt(ObjectNode skylane) {
        JsonNode profile = skylane.get("binding");
        if (profile == null || profile.isNull()) {
            return skylane;
        }
        if (!profile.isObject()) {
            throw ApiException.badRequest("binding:profile must be an object {\"dpid\": ..., \"port\": ...} or {}",
                    "binding:profile");
        }
        if (profile.isEmpty()) {
            skylane.putNull("binding");
            return skylane;
        }
        ObjectNode b = ((ObjectNode) profile).deepCopy();
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("dpid") && !k.equals("port")) {
                throw ApiException.badRequest("binding:profile holds dpid and port only, not " + k, "binding:profile");
            }
        }
        JsonNode port = b.get("port");
        if (port != null && port.isTextual() && port.asText().matches("[0-9]{1,10}")) {
            b.put("port", Long.parseLong(port.asText()));
        }
        skylane.set("binding", b);
        return skylane;
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        if (n.get("binding:profile").isNull()) {
            n.putObject("binding:profile");
        }
        n.put("binding:host_id", "").put("binding:vnic_type", "normal").put("binding:vif_type", "ovs");
        n.putObject("binding:vif_details").put("port_filter", true);
        n.put("ip_allocation", "immediate");
    }
}
