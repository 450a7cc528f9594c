package io.skylane.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant resources: {@code /v1/tenants} (admin), {@code /v1/vpcs}, {@code /v1/subnets},
 * {@code /v1/ports}, {@code /v1/security-groups}, {@code /v1/security-group-rules}, the load
 * balancers ({@code /v1/load-balancers} with its {@code /status} tree, {@code /v1/listeners},
 * {@code /v1/pools}, a pool's {@code /members}, {@code /v1/health-monitors}), {@code /v1/routers},
 * and tenant tokens;
 * and the provider's {@code /v1/hypervisors} (admin only, see {@link Auth}). Bodies and answers
 * are enveloped as Neutron does ({@code {"vpc": {...}}},
 * {@code {"vpcs": [...], "vpcs_links": [...]}}). PUT and PATCH both change only the given fields.
 */
final class IntentRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final long MAX_BODY = 1024 * 1024;
    private static final Map<String, ResourceType> PATHS = new LinkedHashMap<>();

    static {
        PATHS.put("tenants", ResourceType.TENANT);
        PATHS.put("vpcs", ResourceType.VPC);
        PATHS.put("subnets", ResourceType.SUBNET);
        PATHS.put("ports", ResourceType.PORT);
        PATHS.put("security-groups", ResourceType.SECURITY_GROUP);
        PATHS.put("security-group-rules", ResourceType.SECURITY_GROUP_RULE);
        PATHS.put("load-balancers", ResourceType.LOAD_BALANCER);
        PATHS.put("listeners", ResourceType.LISTENER);
        PATHS.put("pools", ResourceType.POOL);
        PATHS.put("health-monitors", ResourceType.HEALTH_MONITOR);
        PATHS.put("routers", ResourceType.ROUTER);
        PATHS.put("hypervisors", ResourceType.HYPERVISOR);
    }

    /**
     * Where a route's resources live: the type, the path of the collection, and (for a nested
     * collection, a pool's members) the parent the path names: its id is a fixed filter, a
     * resource of another parent is a 404, and a create names it.
     */
    private record Scope(ResourceType type, String base, String parentField, UUID parent) {

        static Scope of(ResourceType type, String base) {
            return new Scope(type, base, null, null);
        }

        boolean holds(Resource r) {
            return parent == null || (r instanceof Member m && m.poolId().equals(parent));
        }
    }

    private final IntentService intents;
    private final ResourceViews views;

    IntentRoutes(IntentService intents) {
        this.intents = intents;
        this.views = new ResourceViews(intents);
    }

    /** The URL paths of the resources, e.g. {@code /v1/security-groups}. */
    static Map<String, ResourceType> paths() {
        return PATHS;
    }

    void register(Javalin app) {
        PATHS.forEach((segment, type) -> {
            String base = "/v1/" + segment;
            app.get(base, ctx -> list(ctx, Scope.of(type, base)));
            app.post(base, ctx -> create(ctx, Scope.of(type, base)));
            app.get(base + "/{id}", ctx -> show(ctx, Scope.of(type, base)));
            if (type != ResourceType.SECURITY_GROUP_RULE) {
                app.patch(base + "/{id}", ctx -> update(ctx, Scope.of(type, base)));
                app.put(base + "/{id}", ctx -> update(ctx, Scope.of(type, base)));
            }
            app.delete(base + "/{id}", ctx -> delete(ctx, Scope.of(type, base)));
        });
        String members = "/v1/pools/{pool_id}/members";
        app.get(members, ctx -> list(ctx, members(ctx)));
        app.post(members, ctx -> create(ctx, members(ctx)));
        app.get(members + "/{id}", ctx -> show(ctx, members(ctx)));
        app.patch(members + "/{id}", ctx -> update(ctx, members(ctx)));
        app.put(members + "/{id}", ctx -> update(ctx, members(ctx)));
        app.delete(members + "/{id}", ctx -> delete(ctx, members(ctx)));
        app.get("/v1/load-balancers/{id}/status", ctx -> ctx.json(new LoadBalancerStatusTree(intents, Auth.actor(ctx))
                .of(id(ctx, "id"))));
        app.post("/v1/tenants/{id}/tokens", this::issueToken);
        app.get("/v1/tenants/{id}/tokens", this::listTokens);
        app.delete("/v1/tenants/{id}/tokens/{token}", ctx -> {
            intents.revokeToken(Auth.actor(ctx), id(ctx, "id"), id(ctx, "token"));
            ctx.status(204);
        });
    }

    /** The members of the pool the path names (a pool the actor cannot see is a 404). */
    private Scope members(Context ctx) {
        UUID pool = intents.get(ResourceType.POOL, Auth.actor(ctx), id(ctx, "pool_id")).id();
        return new Scope(ResourceType.MEMBER, "/v1/pools/" + pool + "/members", "pool_id", pool);
    }

    private void list(Context ctx, Scope scope) {
        ResourceType type = scope.type();
        Map<String, List<String>> filters = new LinkedHashMap<>(ctx.queryParamMap());
        filters.remove("limit");
        filters.remove("marker");
        int limit = QueryInput.integer(ctx, "limit", 1, IntentService.MAX_LIMIT).orElse(IntentService.MAX_LIMIT);
        UUID marker = QueryInput.param(ctx, "marker").map(v -> uuidParam(v, "marker")).orElse(null);
        Map<String, List<String>> query = new LinkedHashMap<>(filters);
        if (scope.parent() != null) {
            if (filters.containsKey(scope.parentField())) {
                throw ApiException.badRequest(scope.parentField() + " is the path's: "
                        + "list another pool's members at its own path", scope.parentField());
            }
            query.put(scope.parentField(), List.of(scope.parent().toString()));
        }
        IntentService.Page page = intents.list(type, Auth.actor(ctx), new ListQuery(query, limit, marker));
        ObjectNode out = F.objectNode();
        ArrayNode items = out.putArray(type.plural());
        page.items().forEach(r -> items.add(views.render(r)));
        ArrayNode links = out.putArray(type.plural() + "_links");
        if (page.next() != null) {
            StringBuilder href = new StringBuilder(scope.base()).append("?limit=").append(limit).append("&marker=")
                    .append(page.next());
            filters.forEach((k, vs) -> vs.forEach(v -> href.append('&').append(enc(k)).append('=').append(enc(v))));
            links.addObject().put("rel", "next").put("href", href.toString());
        }
        ctx.json(out);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void create(Context ctx, Scope scope) {
        ResourceType type = scope.type();
        JsonNode body = envelope(ctx, type);
        Actor actor = Auth.actor(ctx);
        ObjectNode out = F.objectNode();
        Resource r;
        if (type == ResourceType.TENANT) {
            IntentService.CreatedTenant t = intents.createTenant(actor, IntentRequests.tenant(body));
            r = t.tenant();
            out.set("token", token(t.token()));
        } else if (type == ResourceType.MEMBER) {
            r = intents.create(actor, IntentRequests.member(scope.parent(), body));
        } else {
            r = intents.create(actor, IntentRequests.create(type, body));
        }
        out.set(type.singular(), views.render(r));
        ctx.status(201).header("Location", scope.base() + "/" + r.id()).header("ETag", etag(r)).json(out);
    }

    /** The resource the path names, in the scope (another parent's is a 404, as another tenant's). */
    private Resource get(Context ctx, Scope scope) {
        Resource r = intents.get(scope.type(), Auth.actor(ctx), id(ctx, "id"));
        if (!scope.holds(r)) {
            throw IntentException.notFound(scope.type().singular() + " " + r.id() + " of pool " + scope.parent());
        }
        return r;
    }

    private void show(Context ctx, Scope scope) {
        Resource r = get(ctx, scope);
        ctx.header("ETag", etag(r)).json(one(scope.type(), r));
    }

    private void update(Context ctx, Scope scope) {
        JsonNode body = envelope(ctx, scope.type());
        Resource r = intents.update(Auth.actor(ctx), get(ctx, scope).id(), IntentRequests.update(scope.type(), body),
                ifMatch(ctx));
        ctx.header("ETag", etag(r)).json(one(scope.type(), r));
    }

    private void delete(Context ctx, Scope scope) {
        QueryInput.onlyParams(ctx, java.util.Set.of("cascade"));
        boolean cascade = QueryInput.bool(ctx, "cascade", false);
        intents.delete(scope.type(), Auth.actor(ctx), get(ctx, scope).id(), ifMatch(ctx), cascade);
        ctx.status(204);
    }

    private void issueToken(Context ctx) {
        JsonNode body = ctx.req().getContentLengthLong() == 0 ? null
                : JsonBodies.read(ctx, MAX_BODY, "{\"token\": {\"description\": \"...\"}}", null, "token");
        JsonNode inner = null;
        if (body != null) {
            if (!body.isObject() || body.size() != 1 || !body.has("token")) {
                throw ApiException.badRequest("the body must be {\"token\": {...}}", "token");
            }
            inner = body.get("token");
        }
        IntentService.IssuedToken t = intents.issueToken(Auth.actor(ctx), id(ctx, "id"), IntentRequests.token(inner));
        ObjectNode out = F.objectNode();
        out.set("token", token(t));
        ctx.status(201).json(out);
    }

    private void listTokens(Context ctx) {
        ObjectNode out = F.objectNode();
        ArrayNode a = out.putArray("tokens");
        intents.tokens(Auth.actor(ctx), id(ctx, "id")).forEach(t -> a.add(views.render(t)));
        ctx.json(out);
    }

    private ObjectNode token(IntentService.IssuedToken t) {
        ObjectNode o = views.render(t.token());
        o.put("secret", t.secret());
        return o;
    }

    private ObjectNode one(ResourceType type, Resource r) {
        ObjectNode out = F.objectNode();
        out.set(type.singular(), views.render(r));
        return out;
    }

    /** The resource inside {@code {"<singular>": {...}}}; anything else is a 400. */
    private static JsonNode envelope(Context ctx, ResourceType type) {
        String key = type.singular();
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"" + key + "\": {...}}", null, key);
        if (!body.isObject()) {
            throw ApiException.badRequest("the body must be an object {\"" + key + "\": {...}}", null);
        }
        if (!body.has(key)) {
            throw ApiException.badRequest("the body must be {\"" + key + "\": {...}}", key);
        }
        if (body.size() != 1) {
            body.fieldNames().forEachRemaining(k -> {
                if (!k.equals(key)) {
                    throw ApiException.badRequest(k + ": unknown field (the body holds only \"" + key + "\")", k);
                }
            });
        }
        JsonNode inner = body.get(key);
        if (!inner.isObject()) {
            throw ApiException.badRequest(key + ": must be an object", key);
        }
        return inner;
    }

    private static UUID id(Context ctx, String param) {
        String s = ctx.pathParam(param);
        try {
            UUID u = UUID.fromString(s);
            if (u.toString().equals(s.toLowerCase(java.util.Locale.ROOT))) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ApiException.notFound("no resource " + s + " (ids are UUIDs)");
    }

    private static UUID uuidParam(String value, String name) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + " must be a UUID, got \"" + value + "\"", name);
        }
    }

    /** {@code If-Match: 3} or {@code If-Match: "3"}; absent gives null. */
    private static Long ifMatch(Context ctx) {
        String h = ctx.header("If-Match");
        if (h == null) {
            return null;
        }
        String v = h.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (!v.matches("[0-9]{1,18}")) {
            throw ApiException.badRequest("If-Match must be the revision number, got " + h, "If-Match");
        }
        return Long.parseLong(v);
    }

    private static String etag(Resource r) {
        return "\"" + r.revision() + "\"";
    }
}
