package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.JsonBodies;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every OpenStack API (Neutron's, Octavia's) does with a request the same way: the Keystone
 * token it carries ({@code X-Auth-Token}, {@link KeystoneTokens}) and the Skylane token that acts
 * through it, the body's envelope, the project a create names, and every resource the caller sees.
 */
final class OpenStackRequests {

    static final String SESSION = "skylane.keystone.session";
    static final long MAX_BODY = 1024 * 1024;

    private OpenStackRequests() {
    }

    /** A before-handler: the request's Keystone token, or a 401 that says where to get one. */
    static void authenticate(KeystoneTokens tokens, Context ctx) {
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

    static Actor actor(Context ctx) {
        return session(ctx).actor();
    }

    /**
     * The project a create names ({@code tenant_id}, {@code project_id}, or the token's project):
     * a tenant may name only its own; null when the admin, in its own project, names none.
     */
    static UUID project(Context ctx, JsonNode inner) {
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
        if (given == null) {
            return s.scope().tenant();
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

    /** Every resource of a type the actor sees, in id order. */
    static List<Resource> every(IntentService intents, ResourceType type, Actor actor) {
        List<Resource> out = new ArrayList<>();
        UUID marker = null;
        do {
            IntentService.Page page = intents.list(type, actor, new ListQuery(Map.of(), IntentService.MAX_LIMIT, marker));
            out.addAll(page.items());
            marker = page.next();
        } while (marker != null);
        return out;
    }

    /** The object inside the body's envelope {@code {"<key>": {...}}}; bulk creation is refused. */
    static JsonNode envelope(Context ctx, String key) {
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"" + key + "\": {...}}", null);
        if (body.isObject() && body.has(key + "s") && body.size() == 1) {
            throw ApiException.badRequest("bulk creation is not supported: send one " + key + " per request", key + "s");
        }
        if (!body.isObject() || body.size() != 1 || !body.has(key) || !body.get(key).isObject()) {
            throw ApiException.badRequest("Resource body required: {\"" + key + "\": {...}}", key);
        }
        return body.get(key);
    }
}
