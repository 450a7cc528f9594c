package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.DeviceId;
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
 * the port is attached is Skylane's {@code binding}, said in Neutron's words: {@code binding:host_id}
 * (a hypervisor's name or a datapath id, {@link HypervisorHosts}) binds it to that switch, learned
 * by its MAC at one of its edge ports; {@code binding:profile} {@code {"dpid": "00000000000000d1",
 * "port": 1}} binds it to that switch port ({@code {"dpid"}} alone: as host_id); neither (or
 * {@code {}}, {@code ""}) leaves it to be learned at any edge port. {@code vnic_type} normal only.
 */
final class NeutronPorts extends NeutronResource {

    private static final Set<String> SETTABLE = Set.of("name", "description", "fixed_ips", "mac_address",
            "security_groups", "port_security_enabled", "allowed_address_pairs", "binding:profile", HypervisorHosts.FIELD,
            "device_id", "device_owner", "admin_state_up");

    private final RouterInterfaces interfaces;
    private final VipPorts vips;
    private final HypervisorHosts hosts;

    NeutronPorts(IntentService intents, RouterInterfaces interfaces) {
        super("port", ResourceType.PORT, intents);
        this.interfaces = interfaces;
        this.vips = new VipPorts(intents);
        this.hosts = new HypervisorHosts(intents);
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
                "binding:vnic_type", new Fixed(v -> v.isTextual() && v.asText().equals("normal"),
                        "only the normal vnic type is supported"),
                "extra_dhcp_opts", isEmptyList("extra DHCP options are not supported"),
                "qos_policy_id", isNull("QoS policies are not supported"),
                "propagate_uplink_status", isFalse("uplink status propagation is not supported"));
    }

    /**
     * {@code binding:host_id} and {@code binding:profile} as Skylane's {@code binding}: the host's
     * switch, unless the profile names its switch port (the same switch: another is a 400); a host
     * of {@code ""} or null with no profile clears the binding.
     */
    @Override
    ObjectNode adapt(ObjectNode skylane) {
        JsonNode host = skylane.remove(HypervisorHosts.FIELD);
        profile(skylane);
        if (host == null) {
            return skylane;
        }
        if (!host.isNull() && !host.isTextual()) {
            throw ApiException.badRequest(HypervisorHosts.FIELD + " must be a string: a hypervisor's name or a "
                    + "datapath id", HypervisorHosts.FIELD);
        }
        JsonNode profile = skylane.get("binding");
        boolean profileNamesSwitch = profile != null && profile.isObject() && profile.has("dpid");
        if (host.isNull() || host.asText().isEmpty()) {
            if (!profileNamesSwitch) {
                skylane.putNull("binding"); // learned by its MAC at any edge port
            }
            return skylane;
        }
        DeviceId dpid = hosts.resolve(host.asText());
        if (!profileNamesSwitch) {
            skylane.set("binding", F.objectNode().put("dpid", dpid.toString()));
            return skylane;
        }
        JsonNode named = profile.get("dpid");
        DeviceId other = named.isTextual() ? parsedOrNull(named.asText()) : null;
        if (other != null && !other.equals(dpid)) {
            throw ApiException.badRequest(HypervisorHosts.FIELD + " \"" + host.asText() + "\" is switch " + dpid
                    + " but binding:profile names switch " + other, HypervisorHosts.FIELD);
        }
        return skylane; // the profile's switch port on the host's switch
    }

    private static DeviceId parsedOrNull(String dpid) {
        try {
            return DeviceId.parse(dpid);
        } catch (IllegalArgumentException e) {
            return null; // Skylane's reading of binding says why
        }
    }

    /** {@code binding:profile} {} is no binding; a port number may come as a string (the CLI's key=value). */
    private static void profile(ObjectNode skylane) {
        JsonNode profile = skylane.get("binding");
        if (profile == null || profile.isNull()) {
            return;
        }
        if (!profile.isObject()) {
            throw ApiException.badRequest("binding:profile must be an object {\"dpid\": ..., \"port\": ...} or {}",
                    "binding:profile");
        }
        if (profile.isEmpty()) {
            skylane.putNull("binding");
            return;
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
    }

    /** The hypervisors' names by bridge, to show a port's host. */
    private record HostNames(Map<DeviceId, String> byDpid) implements Lookups {
    }

    @Override
    Lookups lookups(Actor actor) {
        return new HostNames(hosts.names());
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        if (n.get("binding:profile").isNull()) {
            n.putObject("binding:profile");
        }
        Port.Binding b = r instanceof Port p ? p.binding() : null;
        Map<DeviceId, String> names = lookups instanceof HostNames h ? h.byDpid() : hosts.names();
        n.put(HypervisorHosts.FIELD, b == null ? "" : HypervisorHosts.hostOf(b.dpid(), names));
        n.put("binding:vnic_type", "normal").put("binding:vif_type", "ovs");
        n.putObject("binding:vif_details").put("port_filter", true);
        n.put("ip_allocation", "immediate");
    }
}
