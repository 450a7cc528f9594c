package io.skylane.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import java.util.List;

/**
 * Bearer-token authentication of every {@code /v1} request but {@code GET /v1/health} (liveness probes
 * carry no credentials) and {@code GET /v1/openapi.json} (the API's description, public so that tools
 * fetch it without a token). The physical network (devices, flows, topology, links, hosts, paths,
 * OpenFlow status, counters, hypervisors) is the admin's; tenants get 403 there, on every verb.
 */
final class Auth {

    static final String ACTOR = "skylane.actor";
    private static final List<String> ADMIN_ONLY = List.of("/v1/devices", "/v1/topology", "/v1/links",
            "/v1/hosts", "/v1/paths", "/v1/openflow", "/v1/stats", "/v1/hypervisors");

    /** Paths answered without a token. */
    static final List<String> OPEN = List.of("/v1/health", "/v1/openapi.json");

    private final IntentService intents;

    Auth(IntentService intents) {
        this.intents = intents;
    }

    void register(Javalin app) {
        app.before("/v1/*", this::check);
    }

    private void check(Context ctx) {
        String path = ctx.path();
        if (OPEN.contains(path) || ctx.method().name().equals("OPTIONS")) {
            return;
        }
        String header = ctx.header("Authorization");
        String token = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = header.substring(7).trim();
        }
        Actor actor;
        try {
            actor = intents.authenticate(token);
        } catch (IntentException e) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"skylane\"");
            throw e;
        }
        if (!actor.admin()) {
            for (String p : ADMIN_ONLY) {
                if (path.equals(p) || path.startsWith(p + "/")) {
                    throw new ApiException(403, "forbidden", "the physical network is visible to the admin only", null);
                }
            }
        }
        ctx.attribute(ACTOR, actor);
    }

    static Actor actor(Context ctx) {
        Actor a = ctx.attribute(ACTOR);
        if (a == null) {
            throw new ApiException(401, "unauthorized", "a bearer token is required", null);
        }
        return a;
    }
}
