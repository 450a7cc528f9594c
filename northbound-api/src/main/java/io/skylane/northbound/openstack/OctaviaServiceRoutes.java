package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.model.Resource;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * What Octavia's clients call beside the load-balancing resources (docs/openstack.md): version
 * discovery, the one provider ({@code skylane}), and honest answers for what Skylane does not
 * have: no flavors, availability zones, L7 policies or amphorae (empty lists, 404 for an id),
 * no per-project quotas (unlimited, -1), and no per-load-balancer statistics or failover (501, as
 * Octavia answers a provider's unsupported action).
 */
final class OctaviaServiceRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Collections Skylane has none of: path, list key, the title of one in a 404, why none is made. */
    private record Empty(String path, String key, String title, String why) {
    }

    private static final List<Empty> EMPTY = List.of(
            new Empty("lbaas/flavors", "flavors", "Flavor", "flavors are not supported: Skylane's load balancers "
                    + "have one shape"),
            new Empty("lbaas/flavorprofiles", "flavorprofiles", "Flavor profile", "flavors are not supported"),
            new Empty("lbaas/availabilityzones", "availability_zones", "Availability zone",
                    "availability zones are not supported"),
            new Empty("lbaas/availabilityzoneprofiles", "availability_zone_profiles", "Availability zone profile",
                    "availability zones are not supported"),
            new Empty("lbaas/l7policies", "l7policies", "L7 Policy", "L7 policies are not supported: Skylane "
                    + "balances at L4"),
            new Empty("octavia/amphorae", "amphorae", "Amphora", "Skylane has no amphorae: a load balancer lives in "
                    + "the switches' flow tables"));

    private static final List<String> QUOTAS = List.of("load_balancer", "loadbalancer", "listener", "pool",
            "health_monitor", "healthmonitor", "member", "l7policy", "l7rule");

    private final Function<Context, Resource> loadBalancer;

    /** @param loadBalancer the load balancer a path's {@code {id}} names, or Octavia's 404 */
    OctaviaServiceRoutes(Function<Context, Resource> loadBalancer) {
        this.loadBalancer = loadBalancer;
    }

    void register(Javalin app) {
        app.get(OctaviaRoutes.BASE, ctx -> ctx.json(versions(ctx)));
        for (String v : OctaviaRoutes.VERSIONS) {
            app.get(v, ctx -> ctx.json(F.objectNode().set("version", version(ctx))));
            String lbaas = v + "/lbaas";
            app.get(lbaas + "/loadbalancers/{id}/stats", ctx -> {
                loadBalancer.apply(ctx);
                throw notImplemented("statistics are not collected per load balancer: the connections are the "
                        + "switches' (GET /v1/stats has the load balancer's probes)");
            });
            app.put(lbaas + "/loadbalancers/{id}/failover", ctx -> {
                loadBalancer.apply(ctx);
                throw notImplemented("there is nothing to fail over: a load balancer lives in the switches' flow "
                        + "tables, and is programmed again on every switch that reconnects");
            });
            app.get(lbaas + "/listeners/{id}/stats", ctx -> {
                throw notImplemented("statistics are not collected per listener: the connections are the switches'");
            });
            app.get(lbaas + "/providers", ctx -> {
                ObjectNode out = F.objectNode();
                out.putArray("providers").addObject().put("name", OctaviaResource.PROVIDER).put("description",
                        "Skylane: L4 load balancing (TCP, UDP) in the OpenFlow switches, without a proxy");
                ctx.json(out);
            });
            for (String capability : List.of("flavor_capabilities", "availability_zone_capabilities")) {
                app.get(lbaas + "/providers/{provider}/" + capability, ctx -> {
                    provider(ctx);
                    ObjectNode out = F.objectNode();
                    out.putArray(capability);
                    ctx.json(out);
                });
            }
            for (Empty e : EMPTY) {
                String base = v + "/" + e.path();
                app.get(base, ctx -> ctx.json(emptyList(e.key())));
                app.post(base, ctx -> {
                    throw notImplemented(e.why());
                });
                app.get(base + "/{id}", ctx -> {
                    throw ApiException.notFound(e.title() + " " + ctx.pathParam("id") + " not found.");
                });
                app.put(base + "/{id}", ctx -> {
                    throw ApiException.notFound(e.title() + " " + ctx.pathParam("id") + " not found.");
                });
                app.delete(base + "/{id}", ctx -> {
                    throw ApiException.notFound(e.title() + " " + ctx.pathParam("id") + " not found.");
                });
            }
            app.get(lbaas + "/quotas", ctx -> ctx.json(emptyList("quotas")));
            app.get(lbaas + "/quotas/defaults", ctx -> ctx.json(F.objectNode().set("quota", unlimited())));
            app.get(lbaas + "/quotas/{project}", ctx -> {
                project(ctx);
                ctx.json(F.objectNode().set("quota", unlimited()));
            });
            app.put(lbaas + "/quotas/{project}", ctx -> {
                throw notImplemented("quotas are not supported: Skylane has no per-project limits");
            });
            app.delete(lbaas + "/quotas/{project}", ctx -> {
                throw notImplemented("quotas are not supported: Skylane has no per-project limits");
            });
        }
    }

    private static ApiException notImplemented(String reason) {
        return new ApiException(501, "not_implemented", "Provider '" + OctaviaResource.PROVIDER
                + "' does not support a requested action: " + reason, null);
    }

    private static void provider(Context ctx) {
        String p = ctx.pathParam("provider");
        if (!p.equals(OctaviaResource.PROVIDER)) {
            throw ApiException.badRequest("Provider '" + p + "' is not enabled.", "provider");
        }
    }

    /** A project's quota: its own project for a tenant; any for the admin. */
    private static void project(Context ctx) {
        KeystoneTokens.Session s = OpenStackRequests.session(ctx);
        String p = ctx.pathParam("project");
        if (!s.actor().admin() && !p.equals(String.valueOf(s.actor().tenantId()))) {
            throw new ApiException(403, "forbidden", "Policy does not allow this request to be performed.", null);
        }
        try {
            UUID.fromString(p);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Project " + p + " not found.");
        }
    }

    private static ObjectNode unlimited() {
        ObjectNode q = F.objectNode();
        QUOTAS.forEach(k -> q.put(k, -1));
        return q;
    }

    private static ObjectNode emptyList(String key) {
        ObjectNode out = F.objectNode();
        out.putArray(key);
        out.putArray(key + "_links");
        return out;
    }

    private static ObjectNode versions(Context ctx) {
        ObjectNode out = F.objectNode();
        out.putArray("versions").add(version(ctx));
        return out;
    }

    private static ObjectNode version(Context ctx) {
        ObjectNode v = F.objectNode();
        v.put("id", "v2.0").put("status", "CURRENT").put("updated", "2016-12-11T00:00:00Z");
        v.putArray("links").addObject().put("href", KeystoneRoutes.base(ctx) + OctaviaRoutes.BASE + "/v2")
                .put("rel", "self");
        return v;
    }
}
