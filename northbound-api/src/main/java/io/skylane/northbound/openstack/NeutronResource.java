package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * How one Neutron resource maps onto a Skylane resource: its names, the fields a client may set,
 * the fields Skylane has one value of (that value is accepted, any other refused with the reason),
 * and its Neutron form, built from Skylane's JSON form ({@link ResourceJson}) with Neutron's names.
 * {@link NeutronRoutes} serves every such resource with the same list, show, create, update and
 * delete; a subclass adds what its resource has of its own.
 */
abstract class NeutronResource {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** What most resources let a client set: their name and description. */
    static final Set<String> NAME_AND_DESCRIPTION = Set.of("name", "description");

    /** A field Skylane has one value of: what it accepts, and why it refuses anything else. */
    record Fixed(Predicate<JsonNode> accepts, String reason) {
    }

    final String singular;
    final String plural;
    final ResourceType type;
    final IntentService intents;

    NeutronResource(String singular, ResourceType type, IntentService intents) {
        this.singular = singular;
        this.plural = singular + "s";
        this.type = type;
        this.intents = intents;
    }

    /** The collection's path under {@code /networking/v2.0} ({@code security-groups}). */
    String path() {
        return plural;
    }

    /** Whether the resource has tags, served by Neutron's tag API ({@link NeutronTags}). */
    boolean tagged() {
        return true;
    }

    /** Skylane's field name to Neutron's, for the fields that differ. */
    Map<String, String> renames() {
        return Map.of();
    }

    /** The Neutron fields a create may give (besides the project), passed on under Skylane's names. */
    abstract Set<String> creatable();

    /** The Neutron fields an update may give; null when the resource cannot be changed (no PUT). */
    abstract Set<String> updatable();

    /** Skylane's request body after renaming, before it is read (e.g. Neutron's value aliases). */
    ObjectNode adapt(ObjectNode skylane) {
        return skylane;
    }

    /** Fields with one value in Skylane, by Neutron name. */
    Map<String, Fixed> fixed() {
        return Map.of();
    }

    /** Skylane fields the Neutron form leaves out. */
    Set<String> hidden() {
        return Set.of("external_ids");
    }

    /** What the Neutron form adds to Skylane's (each view gets a copy). */
    void extras(ObjectNode neutron, Resource r, Lookups lookups) {
    }

    /** What a subclass looks up once for a list of views (e.g. each network's subnets). */
    Lookups lookups(Actor actor) {
        return Lookups.NONE;
    }

    /** Data shared by the views of one answer. */
    interface Lookups {
        Lookups NONE = new Lookups() { };
    }

    // ------------------------------------------------------------------ views

    final ObjectNode view(Resource r, Lookups lookups) {
        ObjectNode skylane = ResourceJson.toJson(r);
        ObjectNode n = F.objectNode();
        Map<String, String> renames = renames();
        skylane.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (!hidden().contains(k) && !k.equals("revision") && !k.equals("created_at") && !k.equals("updated_at")) {
                n.set(renames.getOrDefault(k, k), e.getValue());
            }
        });
        if (skylane.has("tenant_id")) {
            n.put("project_id", skylane.get("tenant_id").asText());
        }
        extras(n, r, lookups);
        NeutronTime.stamp(n, r);
        return n;
    }

    final List<ObjectNode> views(List<Resource> rs, Actor actor) {
        Lookups l = lookups(actor);
        List<ObjectNode> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(view(r, l)));
        return out;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Skylane's JSON body for a create or an update from Neutron's: allowed fields renamed, fixed
     * fields checked and dropped, anything else refused (Neutron's "Unrecognized attribute(s)").
     */
    final ObjectNode request(JsonNode neutron, boolean create) {
        Set<String> allowed = create ? creatable() : updatable();
        Map<String, String> back = new java.util.HashMap<>();
        renames().forEach((skylane, n) -> back.put(n, skylane));
        ObjectNode out = F.objectNode();
        neutron.fields().forEachRemaining(e -> {
            String k = e.getKey();
            if (allowed.contains(k)) {
                out.set(back.getOrDefault(k, k), e.getValue());
            } else if (fixed().containsKey(k)) {
                Fixed f = fixed().get(k);
                if (!f.accepts().test(e.getValue())) {
                    throw ApiException.badRequest(f.reason(), k);
                }
            } else if (!(create && (k.equals("tenant_id") || k.equals("project_id")))) {
                throw ApiException.badRequest("Unrecognized attribute(s) '" + k + "'", k);
            }
        });
        return adapt(out);
    }

    /** The resource a path names, or Neutron's 404 ({@code Network <id> could not be found.}). */
    final Resource find(Actor actor, String id) {
        try {
            UUID u = UUID.fromString(id);
            if (u.toString().equals(id)) {
                return intents.get(type, actor, u);
            }
        } catch (IllegalArgumentException | io.skylane.vpc.intent.IntentException e) {
            // below
        }
        throw ApiException.notFound(title() + " " + id + " could not be found.");
    }

    /** {@code Security group rule} for {@code security_group_rule}: how Neutron's messages name it. */
    final String title() {
        String words = singular.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Deletes as Skylane does without cascade (409 while in use); a subclass may differ. */
    void delete(Actor actor, Resource r, Long ifMatch) {
        intents.delete(type, actor, r.id(), ifMatch, false);
    }

    // ------------------------------------------------------------------ fixed values

    static Fixed isTrue(String reason) {
        return new Fixed(v -> v.isBoolean() && v.asBoolean(), reason);
    }

    static Fixed isFalse(String reason) {
        return new Fixed(v -> v.isBoolean() && !v.asBoolean(), reason);
    }

    static Fixed isNull(String reason) {
        return new Fixed(JsonNode::isNull, reason);
    }

    static Fixed isEmptyList(String reason) {
        return new Fixed(v -> v.isArray() && v.isEmpty(), reason);
    }
}
