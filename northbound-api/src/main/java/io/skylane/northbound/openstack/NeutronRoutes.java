package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.IntentRequests;
import io.skylane.northbound.JsonBodies;
import io.skylane.vpc.dataplane.TenantNetwork;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Neutron v2.0 at {@code /networking} (docs/openstack.md): version discovery, the extensions
 * Skylane honours, and networks. A network is a Skylane VPC (same id): its subnets are routed to
 * each other by the VPC's router. Every request carries a Keystone token ({@code X-Auth-Token},
 * {@link KeystoneTokens}) and acts as the Skylane token it was made from; a request for what the
 * mapping cannot honour is refused with Neutron's error and the reason, and changes nothing.
 */
public final class NeutronRoutes {

    /** Where Neutron is served on the API port. */
    public static final String BASE = "/networking";
    static final String V2 = BASE + "/v2.0";
    static final String SESSION = "skylane.keystone.session";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long MAX_BODY = 1024 * 1024;

    /** The extensions whose fields and behaviour Skylane honours: alias, name, description. */
    private static final List<List<String>> EXTENSIONS = List.of(
            List.of("project-id", "project_id field enabled", "Resources carry project_id beside tenant_id"),
            List.of("standard-attr-description", "standard-attr-description", "Resources have a description"),
            List.of("standard-attr-revisions", "Resource revision numbers", "Resources carry revision_number"),
            List.of("standard-attr-timestamp", "Resource timestamps", "Resources carry created_at and updated_at"),
            List.of("revision-if-match", "If-Match constraints based on revision_number",
                    "An If-Match: revision_number=N header makes a change conditional"),
            List.of("net-mtu", "Network MTU", "A network shows the MTU its ports get"),
            List.of("external-net", "Neutron external network", "router:external (always false here)"),
            List.of("pagination", "Pagination support", "limit, marker and page_reverse"),
            List.of("sorting", "Sorting support", "sort_key and sort_dir"),
            List.of("filter-validation", "Filter parameters validation", "A filter on an unknown field is a 400"));

    private final IntentService intents;
    private final KeystoneTokens tokens;
    private final TenantNetwork network;

    public NeutronRoutes(IntentService intents, KeystoneTokens tokens, TenantNetwork network) {
        this.intents = intents;
        this.tokens = tokens;
        this.network = network;
    }

    public void register(Javalin app) {
        app.before(V2 + "/*", this::authenticate);
        app.before(V2, this::authenticate);
        app.get(BASE, ctx -> ctx.json(versions(ctx)));
        app.get(V2, ctx -> ctx.json(resources(ctx)));
        app.get(V2 + "/extensions", ctx -> {
            ObjectNode out = F.objectNode();
            ArrayNode a = out.putArray("extensions");
            EXTENSIONS.forEach(e -> a.add(extension(e)));
            ctx.json(out);
        });
        app.get(V2 + "/extensions/{alias}", ctx -> ctx.json(F.objectNode().set("extension",
                EXTENSIONS.stream().filter(e -> e.get(0).equals(ctx.pathParam("alias"))).findFirst()
                        .map(NeutronRoutes::extension)
                        .orElseThrow(() -> ApiException.notFound("Extension with alias " + ctx.pathParam("alias")
                                + " does not exist")))));
        app.get(V2 + "/networks", this::listNetworks);
        app.post(V2 + "/networks", this::createNetwork);
        app.get(V2 + "/networks/{id}", ctx -> ctx.json(F.objectNode().set("network",
                network(ctx, vpc(ctx), subnetsOf(actor(ctx))))));
        app.put(V2 + "/networks/{id}", this::updateNetwork);
        app.delete(V2 + "/networks/{id}", ctx -> {
            Resource vpc = vpc(ctx);
            intents.deleteVpcWithSubnets(actor(ctx), vpc.id(), ifMatch(ctx));
            ctx.status(204);
        });
    }

    // ------------------------------------------------------------------ authentication

    private void authenticate(Context ctx) {
        if (ctx.method().name().equals("OPTIONS")) {
            return;
        }
        KeystoneTokens.Session s = tokens.find(ctx.header("X-Auth-Token")).orElseThrow(() ->
                new ApiException(401, "unauthorized", "Authentication required: X-Auth-Token must be a live "
                        + "token from " + KeystoneRoutes.url(ctx) + "/auth/tokens", null));
        ctx.attribute(SESSION, s);
    }

    static KeystoneTokens.Session session(Context ctx) {
        KeystoneTokens.Session s = ctx.attribute(SESSION);
        if (s == null) {
            throw new ApiException(401, "unauthorized", "Authentication required", null);
        }
        return s;
    }

    private static Actor actor(Context ctx) {
        return session(ctx).actor();
    }

    // ------------------------------------------------------------------ networks

    private void listNetworks(Context ctx) {
        Actor actor = actor(ctx);
        Map<UUID, List<UUID>> subnets = subnetsOf(actor);
        List<ObjectNode> all = new ArrayList<>();
        for (Resource r : every(ResourceType.VPC, actor)) {
            all.add(network(ctx, r, subnets));
        }
        ctx.json(new NeutronListing(ctx.queryParamMap()).answer("networks", KeystoneRoutes.base(ctx) + ctx.path(), all));
    }

    private void createNetwork(Context ctx) {
        JsonNode inner = envelope(ctx, "network");
        ObjectNode body = F.objectNode();
        for (var it = inner.fields(); it.hasNext(); ) {
            var e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            switch (k) {
                case "name", "description" -> body.set(k, v);
                case "tenant_id", "project_id" -> { }
                default -> fixed(k, v);
            }
        }
        UUID project = project(ctx, inner);
        if (actor(ctx).admin() && project != null) {
            body.put("tenant_id", project.toString());
        }
        Resource r = intents.create(actor(ctx), IntentRequests.create(ResourceType.VPC, body));
        ctx.status(201).json(F.objectNode().set("network", network(ctx, r, subnetsOf(actor(ctx)))));
    }

    private void updateNetwork(Context ctx) {
        Resource vpc = vpc(ctx);
        JsonNode inner = envelope(ctx, "network");
        ObjectNode body = F.objectNode();
        for (var it = inner.fields(); it.hasNext(); ) {
            var e = it.next();
            switch (e.getKey()) {
                case "name", "description" -> body.set(e.getKey(), e.getValue());
                default -> fixed(e.getKey(), e.getValue());
            }
        }
        Resource r = intents.update(actor(ctx), vpc.id(), IntentRequests.update(ResourceType.VPC, body), ifMatch(ctx));
        ctx.json(F.objectNode().set("network", network(ctx, r, subnetsOf(actor(ctx)))));
    }

    /**
     * A field whose value Skylane has one of, or does not have: the value it has is accepted, any
     * other is refused with the reason.
     */
    private void fixed(String field, JsonNode v) {
        String why = switch (field) {
            case "admin_state_up" -> v.isBoolean() && v.asBoolean() ? null
                    : "a network is always up in Skylane (admin_state_up false is not supported)";
            case "shared" -> v.isBoolean() && !v.asBoolean() ? null
                    : "networks are never shared between projects in Skylane";
            case "router:external" -> v.isBoolean() && !v.asBoolean() ? null
                    : "external networks are not supported";
            case "port_security_enabled" -> v.isBoolean() && v.asBoolean() ? null
                    : "port security is off per port in Skylane (port_security_enabled on the port), not per network";
            case "availability_zone_hints" -> v.isArray() && v.isEmpty() ? null
                    : "Skylane has no availability zones";
            case "mtu" -> v.isInt() && v.asInt() == network.tenantMtu(1) ? null
                    : "a network's MTU is the one its ports get from the underlay (" + network.tenantMtu(1) + ")";
            default -> "Unrecognized attribute(s) '" + field + "'";
        };
        if (why != null) {
            throw ApiException.badRequest(why, field);
        }
    }

    /**
     * The project a create names ({@code tenant_id}, {@code project_id}, or the token's project):
     * a tenant may name only its own.
     */
    private static UUID project(Context ctx, JsonNode inner) {
        KeystoneTokens.Session s = session(ctx);
        String given = null;
        for (String k : List.of("tenant_id", "project_id")) {
            JsonNode v = inner.get(k);
            if (v != null) {
                if (!v.isTextual()) {
                    throw ApiException.badRequest(k + " must be a project id", k);
                }
                if (given != null && !given.equals(v.asText())) {
                    throw ApiException.badRequest("tenant_id and project_id must be equal", k);
                }
                given = v.asText();
            }
        }
        UUID scoped = s.scope().tenant();
        if (given == null) {
            if (scoped == null) {
                throw ApiException.badRequest("the admin project owns nothing: name the project_id", "project_id");
            }
            return scoped;
        }
        UUID id;
        try {
            id = UUID.fromString(given);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("project_id " + given + " is not a project of Skylane", "project_id");
        }
        if (!s.actor().admin() && !id.equals(s.actor().tenantId())) {
            throw new ApiException(403, "forbidden", "Specifying 'project_id' or 'tenant_id' other than the "
                    + "authenticated project in request requires admin privileges", "project_id");
        }
        return id;
    }

    private Resource vpc(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            UUID u = UUID.fromString(id);
            if (u.toString().equals(id)) {
                return intents.get(ResourceType.VPC, actor(ctx), u);
            }
        } catch (IllegalArgumentException | IntentException e) {
            // below: Neutron's own message
        }
        throw ApiException.notFound("Network " + id + " could not be found.");
    }

    private ObjectNode network(Context ctx, Resource r, Map<UUID, List<UUID>> subnets) {
        Vpc vpc = (Vpc) r;
        ObjectNode n = F.objectNode();
        n.put("id", r.id().toString()).put("name", r.meta().name()).put("description", r.meta().description());
        n.put("tenant_id", r.tenantId().toString()).put("project_id", r.tenantId().toString());
        n.put("admin_state_up", true).put("status", "ACTIVE");
        ArrayNode s = n.putArray("subnets");
        subnets.getOrDefault(r.id(), List.of()).forEach(id -> s.add(id.toString()));
        n.put("shared", false).put("router:external", false).put("port_security_enabled", true);
        n.put("mtu", network.tenantMtu(vpc.segmentId()));
        n.putArray("availability_zone_hints");
        n.putArray("availability_zones");
        n.putNull("ipv4_address_scope").putNull("ipv6_address_scope");
        n.put("l2_adjacency", true);
        ArrayNode tags = n.putArray("tags");
        r.meta().tags().forEach(tags::add);
        NeutronTime.stamp(n, r);
        return n;
    }

    /** The subnets of each VPC the actor sees, in id order. */
    private Map<UUID, List<UUID>> subnetsOf(Actor actor) {
        Map<UUID, List<UUID>> out = new HashMap<>();
        for (Resource r : every(ResourceType.SUBNET, actor)) {
            out.computeIfAbsent(((Subnet) r).vpcId(), k -> new ArrayList<>()).add(r.id());
        }
        return out;
    }

    /** Every resource of a type the actor sees, in id order. */
    private List<Resource> every(ResourceType type, Actor actor) {
        List<Resource> out = new ArrayList<>();
        UUID marker = null;
        do {
            IntentService.Page page = intents.list(type, actor, new ListQuery(Map.of(), IntentService.MAX_LIMIT, marker));
            out.addAll(page.items());
            marker = page.next();
        } while (marker != null);
        return out;
    }

    // ------------------------------------------------------------------ envelopes, headers

    private static JsonNode envelope(Context ctx, String key) {
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"" + key + "\": {...}}", null);
        if (body.isObject() && body.has(key + "s") && body.size() == 1) {
            throw ApiException.badRequest("bulk creation is not supported: send one " + key + " per request", key + "s");
        }
        if (!body.isObject() || body.size() != 1 || !body.has(key) || !body.get(key).isObject()) {
            throw ApiException.badRequest("Resource body required: {\"" + key + "\": {...}}", key);
        }
        return body.get(key);
    }

    /** Neutron's {@code If-Match: revision_number=N}. */
    private static Long ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null) {
            return null;
        }
        String v = h.trim();
        if (v.startsWith("revision_number=")) {
            v = v.substring("revision_number=".length());
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("If-Match must be revision_number=N, got " + h, "If-Match");
        }
        return Long.parseLong(v);
    }

    private static ObjectNode versions(Context ctx) {
        ObjectNode out = F.objectNode();
        ObjectNode v = out.putArray("versions").addObject();
        v.put("id", "v2.0").put("status", "CURRENT");
        v.putArray("links").addObject().put("rel", "self").put("href", KeystoneRoutes.base(ctx) + V2 + "/");
        return out;
    }

    private static ObjectNode resources(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode a = out.putArray("resources");
        for (String name : List.of("network")) {
            ObjectNode r = a.addObject();
            r.put("name", name).put("collection", name + "s");
            r.putArray("links").addObject().put("rel", "self").put("href", KeystoneRoutes.base(ctx) + V2 + "/" + name + "s");
        }
        return out;
    }

    private static ObjectNode extension(List<String> e) {
        ObjectNode o = F.objectNode();
        o.put("alias", e.get(0)).put("name", e.get(1)).put("description", e.get(2))
                .put("updated", "2026-12-07T00:00:00-00:00");
        o.putArray("links");
        return o;
    }
}
