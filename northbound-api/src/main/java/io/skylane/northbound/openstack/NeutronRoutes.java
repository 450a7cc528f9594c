package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.IntentRequests;
import io.skylane.vpc.dataplane.TenantNetwork;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/**
 * Neutron v2.0 at {@code /networking} (docs/openstack.md): version discovery, the extensions
 * Skylane honours, and the resources ({@link NeutronResource}: networks, which are VPCs, and
 * subnets), each with list, show, create, update and delete. Every request carries a Keystone token ({@code X-Auth-Token},
 * {@link KeystoneTokens}) and acts as the Skylane token it was made from; a request for what the
 * mapping cannot honour is refused with Neutron's error and the reason, and changes nothing.
 */
public final class NeutronRoutes {

    /** Where Neutron is served on the API port. */
    public static final String BASE = "/networking";
    static final String V2 = BASE + "/v2.0";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

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
            List.of("filter-validation", "Filter parameters validation", "A filter on an unknown field is a 400"),
            List.of("standard-attr-tag", "Tag support for resources with standard attribute",
                    "Tags on networks, subnets, ports, security groups: /{resources}/{id}/tags, and the tags, "
                            + "tags-any, not-tags and not-tags-any filters"),
            List.of("security-group", "security-group", "Stateful security groups and their rules"),
            List.of("port-security", "Port Security", "port_security_enabled on ports"),
            List.of("allowed-address-pairs", "Allowed Address Pairs", "More addresses a port may send from"),
            List.of("binding", "Port Binding", "binding:host_id (a hypervisor or a dpid) or binding:profile {dpid, port} places a port; neither lets it be learned"),
            List.of("router", "Neutron L3 Router", "Routers joining subnets, of one network or of several"));

    private final IntentService intents;
    private final KeystoneTokens tokens;
    private final List<NeutronResource> resources;
    private final NeutronTags tags;
    private final NeutronRouters routers;

    public NeutronRoutes(IntentService intents, KeystoneTokens tokens, TenantNetwork network) {
        this.intents = intents;
        this.tokens = tokens;
        NeutronSecurityGroupRules rules = new NeutronSecurityGroupRules(intents);
        NeutronSubnets subnets = new NeutronSubnets(intents);
        RouterInterfaces interfaces = new RouterInterfaces(intents);
        this.routers = new NeutronRouters(intents, subnets);
        this.resources = List.of(new NeutronNetworks(intents, network), subnets,
                new NeutronPorts(intents, interfaces), new NeutronSecurityGroups(intents, rules), rules, routers);
        this.tags = new NeutronTags(intents);
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
        for (NeutronResource r : resources) {
            String base = V2 + "/" + r.path();
            app.get(base, ctx -> list(ctx, r));
            app.post(base, ctx -> create(ctx, r));
            app.get(base + "/{id}", ctx -> {
                Actor actor = actor(ctx);
                ctx.json(F.objectNode().set(r.singular, r.view(r.find(actor, ctx.pathParam("id")), r.lookups(actor))));
            });
            if (r.updatable() != null) {
                app.put(base + "/{id}", ctx -> update(ctx, r));
            }
            app.delete(base + "/{id}", ctx -> {
                Actor actor = actor(ctx);
                Resource found = r.find(actor, ctx.pathParam("id"));
                r.changing(found);
                r.delete(actor, found, ifMatch(ctx));
                ctx.status(204);
            });
            if (r.tagged()) {
                tags.register(app, base, r);
            }
        }
        routers.registerInterfaces(app, V2 + "/routers");
    }

    // ------------------------------------------------------------------ authentication

    private void authenticate(Context ctx) {
        OpenStackRequests.authenticate(tokens, ctx);
    }

    private static Actor actor(Context ctx) {
        return OpenStackRequests.actor(ctx);
    }

    // ------------------------------------------------------------------ the resources

    private void list(Context ctx, NeutronResource r) {
        Actor actor = actor(ctx);
        List<Resource> every = every(intents, r.type, actor);
        every.addAll(r.made(actor));
        List<ObjectNode> all = r.views(every, actor);
        ctx.json(new NeutronListing(ctx.queryParamMap()).answer(r.plural, KeystoneRoutes.base(ctx) + ctx.path(), all));
    }

    private void create(Context ctx, NeutronResource r) {
        JsonNode inner = envelope(ctx, r.singular);
        ObjectNode body = r.request(inner, true);
        UUID project = project(ctx, inner);
        Actor actor = actor(ctx);
        if (actor.admin()) {
            body.put("tenant_id", project.toString());
        }
        Resource made = intents.create(actor, IntentRequests.create(r.type, body));
        ctx.status(201).json(F.objectNode().set(r.singular, r.view(made, r.lookups(actor))));
    }

    private void update(Context ctx, NeutronResource r) {
        Actor actor = actor(ctx);
        Resource current = r.find(actor, ctx.pathParam("id"));
        r.changing(current);
        ObjectNode body = r.request(envelope(ctx, r.singular), false);
        Resource changed = intents.update(actor, current.id(), IntentRequests.update(r.type, body), ifMatch(ctx));
        ctx.json(F.objectNode().set(r.singular, r.view(changed, r.lookups(actor))));
    }

    /**
     * The project a create names ({@code tenant_id}, {@code project_id}, or the token's project):
     * a tenant may name only its own; the admin in its own project must name one.
     */
    private static UUID project(Context ctx, JsonNode inner) {
        UUID id = OpenStackRequests.project(ctx, inner);
        if (id == null) {
            throw ApiException.badRequest("the admin project owns nothing: name the project_id", "project_id");
        }
        return id;
    }

    /** Every resource of a type the actor sees, in id order. */
    static List<Resource> every(IntentService intents, ResourceType type, Actor actor) {
        return OpenStackRequests.every(intents, type, actor);
    }

    // ------------------------------------------------------------------ envelopes, headers

    private static JsonNode envelope(Context ctx, String key) {
        return OpenStackRequests.envelope(ctx, key);
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

    private ObjectNode resources(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode a = out.putArray("resources");
        for (NeutronResource n : resources) {
            ObjectNode r = a.addObject();
            r.put("name", n.singular).put("collection", n.plural);
            r.putArray("links").addObject().put("rel", "self").put("href", KeystoneRoutes.base(ctx) + V2 + "/" + n.path());
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
