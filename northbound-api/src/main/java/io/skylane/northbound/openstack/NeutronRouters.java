package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.IntentRequests;
import io.skylane.northbound.JsonBodies;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Neutron routers are Skylane routers (docs/openstack.md): a router routes between the subnets it
 * has an interface on, of one network (which the VPC does already) or of several (which joins
 * those VPCs' subnets). {@code add_router_interface} and {@code remove_router_interface} by
 * {@code subnet_id} change the router's subnets; the interface takes the subnet's gateway address,
 * and shows as a port ({@link RouterInterfaces}). Skylane has no external gateways, static routes,
 * or routers that are down: those are refused with the reason.
 */
final class NeutronRouters extends NeutronResource {

    private static final long MAX_BODY = 64 * 1024;
    private static final int ATTEMPTS = 5;

    private final NeutronResource subnets;

    NeutronRouters(IntentService intents, NeutronResource subnets) {
        super("router", ResourceType.ROUTER, intents);
        this.subnets = subnets;
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
    Map<String, Fixed> fixed() {
        return Map.of(
                "admin_state_up", isTrue("a router cannot be set down: remove its interfaces to stop its routing"),
                "external_gateway_info", isNull("there are no external networks yet: a router has no external gateway"),
                "routes", isEmptyList("static routes are not supported: a router routes between its subnets"),
                "distributed", new Fixed(v -> v.isBoolean() && v.asBoolean(),
                        "routing is always distributed: each switch routes its own ports' packets"),
                "ha", isFalse("there is no router instance to make highly available: each switch routes"),
                "availability_zone_hints", isEmptyList("availability zones are not supported"),
                "flavor_id", isNull("router flavors are not supported"));
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "subnet_ids");
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.put("status", "ACTIVE").put("admin_state_up", true).putNull("external_gateway_info");
        n.putArray("routes");
        n.putArray("availability_zone_hints");
        n.putArray("availability_zones");
        n.putNull("flavor_id");
    }

    /** A router with interfaces is in use, as in Neutron (the CLI deletes it after removing them). */
    @Override
    void delete(Actor actor, Resource r, Long ifMatch) {
        if (!((Router) r).subnetIds().isEmpty()) {
            throw new ApiException(409, "conflict", "Router " + r.id() + " still has ports", null);
        }
        super.delete(actor, r, ifMatch);
    }

    /** Neutron's "Bad router request: ..." (400), whose message names the field itself. */
    private static ApiException badRouterRequest(String why) {
        return new ApiException(400, "bad_request", "Bad router request: " + why, null);
    }

    /** {@code PUT /routers/{id}/add_router_interface} and {@code .../remove_router_interface}. */
    void registerInterfaces(Javalin app, String base) {
        app.put(base + "/{id}/add_router_interface", ctx -> ctx.json(change(ctx, true)));
        app.put(base + "/{id}/remove_router_interface", ctx -> ctx.json(change(ctx, false)));
    }

    private ObjectNode change(Context ctx, boolean add) {
        Actor actor = OpenStackRequests.actor(ctx);
        Router router = (Router) find(actor, ctx.pathParam("id"));
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"subnet_id\": ...}", null);
        if (!body.isObject()) {
            throw badRouterRequest("the body must be {\"subnet_id\": ...}");
        }
        JsonNode subnetId = body.get("subnet_id");
        JsonNode portId = body.get("port_id");
        if (subnetId != null && portId != null) {
            throw badRouterRequest("Cannot specify both subnet-id and port-id");
        }
        body.fieldNames().forEachRemaining(k -> {
            if (!k.equals("subnet_id") && !k.equals("port_id")) {
                throw ApiException.badRequest("Unrecognized attribute(s) '" + k + "'", k);
            }
        });
        UUID subnet;
        if (subnetId != null) {
            if (!subnetId.isTextual()) {
                throw ApiException.badRequest("Invalid input for subnet_id: must be a subnet's id", "subnet_id");
            }
            subnet = subnets.find(actor, subnetId.asText()).id();
        } else if (portId != null) {
            subnet = byPort(actor, router, portId, add);
        } else {
            throw badRouterRequest("Either subnet_id or port_id must be specified");
        }
        apply(actor, router, subnet, add);
        ObjectNode out = F.objectNode();
        out.put("id", router.id().toString()).put("tenant_id", router.tenantId().toString())
                .put("project_id", router.tenantId().toString());
        try {
            out.put("network_id", ((Subnet) intents.get(ResourceType.SUBNET, actor, subnet)).vpcId().toString());
        } catch (IntentException gone) {
            // deleted meanwhile: the answer has no network
        }
        out.put("subnet_id", subnet.toString()).put("port_id", RouterInterfaces.portId(router.id(), subnet).toString());
        out.putArray("subnet_ids").add(subnet.toString());
        return out;
    }

    /**
     * The subnet a {@code port_id} names: only a router's own interface port, to remove it. Adding a
     * port is refused: the interface takes its subnet's gateway address, so the subnet is named.
     */
    private UUID byPort(Actor actor, Router router, JsonNode portId, boolean add) {
        if (add) {
            throw badRouterRequest("a router's interface takes its subnet's gateway address in Skylane; "
                    + "add the subnet (subnet_id), not a port (port_id)");
        }
        for (UUID s : router.subnetIds()) {
            if (RouterInterfaces.portId(router.id(), s).toString().equals(portId.asText())) {
                return s;
            }
        }
        throw ApiException.notFound("Router " + router.id() + " does not have an interface with id " + portId.asText());
    }

    /** The router with {@code subnet} added or removed; read again and retried when a change crossed it. */
    private Router apply(Actor actor, Router router, UUID subnet, boolean add) {
        Router current = router;
        for (int attempt = 1; ; attempt++) {
            List<UUID> now = new ArrayList<>(current.subnetIds());
            if (add && now.contains(subnet)) {
                throw badRouterRequest("Router already has a port on subnet " + subnet + ".");
            }
            if (!add && !now.remove(subnet)) {
                throw ApiException.notFound("Router " + router.id() + " has no interface on subnet " + subnet);
            }
            if (add) {
                now.add(subnet);
            }
            ObjectNode body = F.objectNode();
            com.fasterxml.jackson.databind.node.ArrayNode ids = body.putArray("subnet_ids");
            now.forEach(s -> ids.add(s.toString()));
            try {
                return (Router) intents.update(actor, router.id(), IntentRequests.update(ResourceType.ROUTER, body),
                        current.revision());
            } catch (IntentException e) {
                if (e.kind() != IntentException.Kind.PRECONDITION_FAILED || attempt == ATTEMPTS) {
                    throw e;
                }
                current = (Router) find(actor, router.id().toString());
            }
        }
    }
}
