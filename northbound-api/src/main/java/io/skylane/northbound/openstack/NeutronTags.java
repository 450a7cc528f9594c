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
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Neutron's tag API ({@code standard-attr-tag}) over a resource's tags, which are the Skylane
 * resource's {@code tags}: {@code GET}, {@code PUT} (replace all) and {@code DELETE} (remove all)
 * {@code /<plural>/{id}/tags}, and {@code GET} (is it there), {@code PUT} (add) and {@code DELETE}
 * (remove) {@code /<plural>/{id}/tags/{tag}}. Each change is a new revision of the resource, with the
 * native API's validation (at most 64 tags, each 1 to 255 characters); a tag given twice is kept once,
 * as Neutron does. The {@code openstack} client's {@code --tag}, {@code --no-tag} and {@code unset
 * --tag} use these.
 */
final class NeutronTags {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final long MAX_BODY = 64 * 1024;

    private final IntentService intents;

    NeutronTags(IntentService intents) {
        this.intents = intents;
    }

    void register(Javalin app, String base, NeutronResource r) {
        String tags = base + "/{id}/tags";
        app.get(tags, ctx -> ctx.json(answer(r.find(actor(ctx), ctx.pathParam("id")).meta().tags())));
        app.put(tags, ctx -> {
            Actor actor = actor(ctx);
            Resource current = r.find(actor, ctx.pathParam("id"));
            List<String> given = given(ctx);
            ctx.json(answer(set(actor, r, current, given).meta().tags()));
        });
        app.delete(tags, ctx -> {
            Actor actor = actor(ctx);
            set(actor, r, r.find(actor, ctx.pathParam("id")), List.of());
            ctx.status(204);
        });
        app.get(tags + "/{tag}", ctx -> {
            Resource current = r.find(actor(ctx), ctx.pathParam("id"));
            if (!current.meta().tags().contains(ctx.pathParam("tag"))) {
                throw missing(ctx, r);
            }
            ctx.status(204);
        });
        app.put(tags + "/{tag}", ctx -> {
            Actor actor = actor(ctx);
            Resource current = r.find(actor, ctx.pathParam("id"));
            List<String> now = new ArrayList<>(current.meta().tags());
            if (!now.contains(ctx.pathParam("tag"))) {
                now.add(ctx.pathParam("tag"));
                set(actor, r, current, now);
            }
            ctx.status(201);
        });
        app.delete(tags + "/{tag}", ctx -> {
            Actor actor = actor(ctx);
            Resource current = r.find(actor, ctx.pathParam("id"));
            List<String> now = new ArrayList<>(current.meta().tags());
            if (!now.remove(ctx.pathParam("tag"))) {
                throw missing(ctx, r);
            }
            set(actor, r, current, now);
            ctx.status(204);
        });
    }

    private static Actor actor(Context ctx) {
        return OpenStackRequests.actor(ctx);
    }

    private static ApiException missing(Context ctx, NeutronResource r) {
        return ApiException.notFound("Tag " + ctx.pathParam("tag") + " could not be found for " + r.singular + " "
                + ctx.pathParam("id") + ".");
    }

    /** The resource with exactly these tags, a new revision unless they are already its tags. */
    private Resource set(Actor actor, NeutronResource r, Resource current, List<String> tags) {
        r.changing(current);
        if (tags.equals(current.meta().tags())) {
            return current;
        }
        ObjectNode body = F.objectNode();
        ArrayNode a = body.putArray("tags");
        tags.forEach(a::add);
        return intents.update(actor, current.id(), IntentRequests.update(r.type, body), current.revision());
    }

    /** {@code {"tags": ["a", "b"]}}, each tag once. */
    private static List<String> given(Context ctx) {
        JsonNode body = JsonBodies.read(ctx, MAX_BODY, "{\"tags\": [...]}", null);
        JsonNode tags = body.get("tags");
        if (!body.isObject() || body.size() != 1 || tags == null || !tags.isArray()) {
            throw ApiException.badRequest("Invalid input for tags: the body must be {\"tags\": [...]}", "tags");
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : tags) {
            if (!t.isTextual()) {
                throw ApiException.badRequest("Invalid input for tags: " + t + " is not a string", "tags");
            }
            out.add(t.asText());
        }
        return new ArrayList<>(out);
    }

    private static ObjectNode answer(List<String> tags) {
        ObjectNode out = F.objectNode();
        ArrayNode a = out.putArray("tags");
        tags.forEach(a::add);
        return out;
    }
}
