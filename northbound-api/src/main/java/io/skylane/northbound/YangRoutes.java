package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.vpc.model.YangModules;
import java.util.Set;

/**
 * {@code GET /v1/yang}: the YANG modules of the intent model (name, revision, namespace, link), and
 * {@code GET /v1/yang/{module}}: one module's text, as {@code application/yang} (RFC 6020 section 14).
 */
final class YangRoutes {

    static final String YANG_MEDIA_TYPE = "application/yang";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    void register(Javalin app) {
        app.get("/v1/yang", this::list);
        app.get("/v1/yang/{module}", this::module);
    }

    private void list(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of());
        ObjectNode out = F.objectNode();
        ArrayNode modules = out.putArray("modules");
        for (YangModules.Info m : YangModules.infos()) {
            modules.addObject()
                    .put("name", m.name())
                    .put("revision", m.revision())
                    .put("namespace", m.namespace())
                    .put("href", "/v1/yang/" + m.name());
        }
        ctx.json(out);
    }

    private void module(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of());
        String name = ctx.pathParam("module");
        String text = YangModules.text(name).orElseThrow(() -> ApiException.notFound(
                "no YANG module " + name + " (GET /v1/yang lists them)"));
        ctx.contentType(YANG_MEDIA_TYPE + "; charset=utf-8").result(text);
    }
}
