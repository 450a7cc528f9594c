package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.northbound.ApiException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keystone's service catalog: the services Skylane serves ({@code identity}, {@code network},
 * {@code load-balancer}), each with a {@code public}, {@code internal} and {@code admin} endpoint in
 * region {@code RegionOne}, at the scheme, host and port the client used. It is in every token, and
 * read-only under {@code /v3/services}, {@code /v3/endpoints} and {@code /v3/regions} (filters
 * {@code type}, {@code name}; {@code interface}, {@code service_id}, {@code region_id}) for any
 * live token: the catalog holds nothing a token's holder does not already get with its token.
 */
final class KeystoneCatalog {

    static final String REGION = "RegionOne";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> INTERFACES = List.of("public", "internal", "admin");

    private KeystoneCatalog() {
    }

    /** The catalog as a token carries it: services with their endpoints inside. */
    static ArrayNode catalog(Context ctx) {
        ArrayNode c = F.arrayNode();
        service(c, "identity", "keystone", KeystoneRoutes.url(ctx));
        service(c, "network", "neutron", KeystoneRoutes.base(ctx) + NeutronRoutes.BASE);
        service(c, "load-balancer", "octavia", KeystoneRoutes.base(ctx) + OctaviaRoutes.BASE);
        return c;
    }

    private static void service(ArrayNode catalog, String type, String name, String url) {
        ObjectNode s = catalog.addObject();
        s.put("id", type).put("type", type).put("name", name);
        ArrayNode endpoints = s.putArray("endpoints");
        for (String iface : INTERFACES) {
            endpoints.addObject().put("id", type + "-" + iface).put("interface", iface).put("region", REGION)
                    .put("region_id", REGION).put("url", url);
        }
    }

    /** The read-only routes; {@code authenticate} refuses a request without a live token. */
    static void register(Javalin app, String v3, Consumer<Context> authenticate) {
        app.get(v3 + "/services", ctx -> {
            authenticate.accept(ctx);
            ArrayNode out = F.arrayNode();
            for (JsonNode s : catalog(ctx)) {
                if (matches(ctx, "type", s) && matches(ctx, "name", s)) {
                    out.add(service(ctx, s));
                }
            }
            ctx.json(list(ctx, "services", out));
        });
        app.get(v3 + "/services/{id}", ctx -> {
            authenticate.accept(ctx);
            for (JsonNode s : catalog(ctx)) {
                if (s.get("id").asText().equals(ctx.pathParam("id"))) {
                    ctx.json(F.objectNode().set("service", service(ctx, s)));
                    return;
                }
            }
            throw notFound("service", ctx.pathParam("id"));
        });
        app.get(v3 + "/endpoints", ctx -> {
            authenticate.accept(ctx);
            ArrayNode out = F.arrayNode();
            for (ObjectNode e : endpoints(ctx)) {
                if (matches(ctx, "interface", e) && matches(ctx, "service_id", e) && matches(ctx, "region_id", e)) {
                    out.add(e);
                }
            }
            ctx.json(list(ctx, "endpoints", out));
        });
        app.get(v3 + "/endpoints/{id}", ctx -> {
            authenticate.accept(ctx);
            ctx.json(F.objectNode().set("endpoint", endpoints(ctx).stream()
                    .filter(e -> e.get("id").asText().equals(ctx.pathParam("id"))).findFirst()
                    .orElseThrow(() -> notFound("endpoint", ctx.pathParam("id")))));
        });
        app.get(v3 + "/regions", ctx -> {
            authenticate.accept(ctx);
            ArrayNode out = F.arrayNode();
            out.add(region(ctx));
            ctx.json(list(ctx, "regions", out));
        });
        app.get(v3 + "/regions/{id}", ctx -> {
            authenticate.accept(ctx);
            if (!ctx.pathParam("id").equals(REGION)) {
                throw notFound("region", ctx.pathParam("id"));
            }
            ctx.json(F.objectNode().set("region", region(ctx)));
        });
    }

    private static boolean matches(Context ctx, String filter, JsonNode item) {
        String want = ctx.queryParam(filter);
        return want == null || want.equals(item.path(filter).asText());
    }

    private static ObjectNode service(Context ctx, JsonNode s) {
        ObjectNode o = F.objectNode();
        o.put("id", s.get("id").asText()).put("type", s.get("type").asText()).put("name", s.get("name").asText())
                .put("enabled", true).put("description", "");
        o.putObject("links").put("self", KeystoneRoutes.url(ctx) + "/services/" + s.get("id").asText());
        return o;
    }

    private static List<ObjectNode> endpoints(Context ctx) {
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (JsonNode s : catalog(ctx)) {
            for (JsonNode e : s.get("endpoints")) {
                ObjectNode o = ((ObjectNode) e).deepCopy();
                o.put("service_id", s.get("id").asText()).put("enabled", true);
                o.putObject("links").put("self", KeystoneRoutes.url(ctx) + "/endpoints/" + e.get("id").asText());
                out.add(o);
            }
        }
        return out;
    }

    private static ObjectNode region(Context ctx) {
        ObjectNode r = F.objectNode();
        r.put("id", REGION).put("description", "").putNull("parent_region_id");
        r.putObject("links").put("self", KeystoneRoutes.url(ctx) + "/regions/" + REGION);
        return r;
    }

    private static ObjectNode list(Context ctx, String key, ArrayNode items) {
        ObjectNode out = F.objectNode();
        out.set(key, items);
        out.putObject("links").put("self", KeystoneRoutes.url(ctx) + "/" + key).putNull("previous").putNull("next");
        return out;
    }

    private static ApiException notFound(String what, String id) {
        return new ApiException(404, "not_found", "Could not find " + what + ": " + id + ".", null);
    }
}
