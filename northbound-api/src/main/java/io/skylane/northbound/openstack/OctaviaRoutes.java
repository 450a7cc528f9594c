package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.northbound.IntentRequests;
import io.skylane.northbound.LoadBalancerStatusTree;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Octavia v2 at {@code /load-balancer} (docs/openstack.md): load balancers, listeners, pools,
 * members under their pool and health monitors ({@link OctaviaResource}), each Skylane's own
 * resource with list, show, create, update and delete, and a load balancer's status tree; what
 * else the clients call is {@link OctaviaServiceRoutes}'. Every request carries a Keystone token
 * ({@code X-Auth-Token}) and acts as the Skylane token it was made from. Octavia serves its API at
 * {@code /v2} and at {@code /v2.0} alike (the {@code openstack} command uses the latter): so does
 * Skylane.
 */
public final class OctaviaRoutes {

    /** Where Octavia is served on the API port. */
    public static final String BASE = "/load-balancer";
    /** The version paths, both served. */
    static final List<String> VERSIONS = List.of(BASE + "/v2", BASE + "/v2.0");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final IntentService intents;
    private final KeystoneTokens tokens;
    private final OctaviaResource loadBalancers;
    private final OctaviaResource pools;
    private final OctaviaResource members;
    private final List<OctaviaResource> topLevel;

    public OctaviaRoutes(IntentService intents, KeystoneTokens tokens) {
        this.intents = intents;
        this.tokens = tokens;
        this.loadBalancers = new OctaviaLoadBalancers(intents);
        this.pools = new OctaviaPools(intents);
        this.members = new OctaviaMembers(intents);
        this.topLevel = List.of(loadBalancers, new OctaviaListeners(intents), pools, new OctaviaHealthMonitors(intents));
    }

    public void register(Javalin app) {
        for (String v : VERSIONS) {
            app.before(v + "/*", ctx -> OpenStackRequests.authenticate(tokens, ctx));
            String lbaas = v + "/lbaas";
            for (OctaviaResource r : topLevel) {
                String base = lbaas + "/" + r.path();
                app.get(base, ctx -> list(ctx, r, null));
                app.post(base, ctx -> create(ctx, r, null));
                app.get(base + "/{id}", ctx -> show(ctx, r, find(ctx, r, null)));
                app.put(base + "/{id}", ctx -> update(ctx, r, find(ctx, r, null)));
                app.delete(base + "/{id}", ctx -> delete(ctx, r, find(ctx, r, null)));
            }
            String ofPool = lbaas + "/pools/{pool_id}/members";
            app.get(ofPool, ctx -> list(ctx, members, pool(ctx)));
            app.post(ofPool, ctx -> create(ctx, members, pool(ctx)));
            app.get(ofPool + "/{id}", ctx -> show(ctx, members, find(ctx, members, pool(ctx))));
            app.put(ofPool + "/{id}", ctx -> update(ctx, members, find(ctx, members, pool(ctx))));
            app.delete(ofPool + "/{id}", ctx -> delete(ctx, members, find(ctx, members, pool(ctx))));
            app.put(ofPool, ctx -> {
                throw OctaviaResource.unsupported("batch member updates are not supported: create, update and "
                        + "delete members one by one", "members");
            });
            app.get(lbaas + "/loadbalancers/{id}/status", ctx -> {
                Resource lb = find(ctx, loadBalancers, null);
                ctx.json(new LoadBalancerStatusTree(intents, OpenStackRequests.actor(ctx)).of(lb.id()));
            });
        }
        new OctaviaServiceRoutes(this::findLoadBalancer).register(app);
    }

    /** The load balancer a path's {@code {id}} names, or Octavia's 404 (for the routes that only refuse). */
    private Resource findLoadBalancer(Context ctx) {
        return find(ctx, loadBalancers, null);
    }

    // ------------------------------------------------------------------ the resources

    private void list(Context ctx, OctaviaResource r, UUID pool) {
        Actor actor = OpenStackRequests.actor(ctx);
        List<Resource> all = new ArrayList<>();
        for (Resource x : OpenStackRequests.every(intents, r.type, actor)) {
            if (pool == null || ((Member) x).poolId().equals(pool)) {
                all.add(x);
            }
        }
        NeutronListing listing = new NeutronListing(query(ctx), true);
        ctx.json(listing.answer(r.plural, KeystoneRoutes.base(ctx) + ctx.path(), r.views(all, actor)));
    }

    /** The query, with Octavia's {@code sort=key:dir,...} as {@code sort_key}/{@code sort_dir}. */
    private static Map<String, List<String>> query(Context ctx) {
        Map<String, List<String>> q = new LinkedHashMap<>(ctx.queryParamMap());
        List<String> sort = q.remove("sort");
        if (sort != null) {
            if (q.containsKey("sort_key") || q.containsKey("sort_dir")) {
                throw ApiException.badRequest("give sort, or sort_key and sort_dir, not both", "sort");
            }
            List<String> keys = new ArrayList<>();
            List<String> dirs = new ArrayList<>();
            for (String s : sort) {
                for (String part : s.split(",")) {
                    String[] kd = part.trim().split(":", 2);
                    keys.add(kd[0]);
                    dirs.add(kd.length > 1 ? kd[1] : "asc");
                }
            }
            q.put("sort_key", keys);
            q.put("sort_dir", dirs);
        }
        return q;
    }

    private void show(Context ctx, OctaviaResource r, Resource found) {
        ctx.json(F.objectNode().set(r.singular, r.view(found, r.lookups(OpenStackRequests.actor(ctx)))));
    }

    private void create(Context ctx, OctaviaResource r, UUID pool) {
        ObjectNode inner = OpenStackRequests.envelope(ctx, r.singular).deepCopy();
        Actor actor = OpenStackRequests.actor(ctx);
        ObjectNode octavia = r.prepare(inner, actor, true);
        UUID project = OpenStackRequests.project(ctx, octavia);
        ObjectNode body = r.request(octavia, true);
        if (actor.admin()) {
            if (project == null) {
                project = pool != null ? intents.get(ResourceType.POOL, actor, pool).tenantId()
                        : r.parentProject(actor, octavia);
            }
            if (project == null) {
                throw ApiException.badRequest("the admin project owns nothing: name the project_id", "project_id");
            }
            body.put("tenant_id", project.toString());
        }
        Resource made = pool != null ? intents.create(actor, IntentRequests.member(pool, body))
                : intents.create(actor, IntentRequests.create(r.type, body));
        ctx.status(201).json(F.objectNode().set(r.singular, r.view(made, r.lookups(actor))));
    }

    private void update(Context ctx, OctaviaResource r, Resource current) {
        Actor actor = OpenStackRequests.actor(ctx);
        ObjectNode inner = OpenStackRequests.envelope(ctx, r.singular).deepCopy();
        ObjectNode body = r.request(r.prepare(inner, actor, false), false);
        Resource changed = intents.update(actor, current.id(), IntentRequests.update(r.type, body), null);
        ctx.json(F.objectNode().set(r.singular, r.view(changed, r.lookups(actor))));
    }

    /** Deletes; a load balancer with {@code ?cascade=true} goes with everything under it. */
    private void delete(Context ctx, OctaviaResource r, Resource found) {
        boolean cascade = false;
        for (Map.Entry<String, List<String>> q : ctx.queryParamMap().entrySet()) {
            String v = q.getValue().isEmpty() ? "" : q.getValue().get(0).toLowerCase(java.util.Locale.ROOT);
            if (r != loadBalancers || !q.getKey().equals("cascade") || q.getValue().size() != 1
                    || !(v.equals("true") || v.equals("false"))) {
                throw ApiException.badRequest("a delete takes no query but a load balancer's cascade=true, got "
                        + q.getKey(), q.getKey());
            }
            cascade = v.equals("true");
        }
        intents.delete(r.type, OpenStackRequests.actor(ctx), found.id(), null, cascade);
        ctx.status(204);
    }

    /** The pool a member path names, or Octavia's 404. */
    private UUID pool(Context ctx) {
        return pools.find(OpenStackRequests.actor(ctx), ctx.pathParam("pool_id")).id();
    }

    /** The resource the path's {@code {id}} names (a member under its own pool only), or Octavia's 404. */
    private static Resource find(Context ctx, OctaviaResource r, UUID pool) {
        String id = ctx.pathParam("id");
        Resource found = r.find(OpenStackRequests.actor(ctx), id);
        if (pool != null && !((Member) found).poolId().equals(pool)) {
            throw ApiException.notFound(r.notFound(id));
        }
        return found;
    }
}
