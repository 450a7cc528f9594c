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
 * How one resource of an OpenStack API (Neutron's, Octavia's) maps onto a Skylane resource: its
 * names, the fields a client may set, the fields Skylane has one value of (that value is accepted,
 * any other refused with the reason), and its OpenStack form, built from Skylane's JSON form
 * ({@link ResourceJson}) with the API's names. {@link NeutronResource} and {@link OctaviaResource}
 * add each API's standard attributes and messages; a subclass adds what its resource has of its own.
 */
abstract class OpenStackResource {

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

    OpenStackResource(String singular, ResourceType type, IntentService intents) {
        this.singular = singular;
        this.plural = singular + "s";
        this.type = type;
        this.intents = intents;
    }

    /** The collection's path under the API's version ({@code security-groups}). */
    String path() {
        return plural;
    }

    /** Skylane's field name to the API's, for the fields that differ. */
    Map<String, String> renames() {
        return Map.of();
    }

    /** The API's fields a create may give (besides the project), passed on under Skylane's names. */
    abstract Set<String> creatable();

    /** The API's fields an update may give; null when the resource cannot be changed (no PUT). */
    abstract Set<String> updatable();

    /** Skylane's request body after renaming, before it is read (e.g. Neutron's value aliases). */
    ObjectNode adapt(ObjectNode skylane) {
        return skylane;
    }

    /** Fields with one value in Skylane, by the API's name. */
    Map<String, Fixed> fixed() {
        return Map.of();
    }

    /** Skylane fields the API's form leaves out. */
    Set<String> hidden() {
        return Set.of("external_ids");
    }

    /** What the API's form adds to Skylane's (each view gets a copy). */
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
        stamp(n, r);
        return n;
    }

    /** The API's standard attributes: its timestamps (and revision, where it has one). */
    abstract void stamp(ObjectNode view, Resource r);

    /** The message of a refused attribute that the resource does not have. */
    abstract String unrecognized(String attribute);

    /** The message of a 404 for an id that names nothing the caller may see. */
    abstract String notFound(String id);

    /** The refusal of a value Skylane does not have ({@link Fixed}): a 400 with the reason. */
    ApiException refused(String reason, String field) {
        return ApiException.badRequest(reason, field);
    }

    final List<ObjectNode> views(List<Resource> rs, Actor actor) {
        Lookups l = lookups(actor);
        List<ObjectNode> out = new ArrayList<>(rs.size());
        rs.forEach(r -> out.add(view(r, l)));
        return out;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Skylane's JSON body for a create or an update from the API's: allowed fields renamed, fixed
     * fields checked and dropped, anything else refused ({@link #unrecognized}).
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
                    throw refused(f.reason(), k);
                }
            } else if (!(create && (k.equals("tenant_id") || k.equals("project_id")))) {
                throw ApiException.badRequest(unrecognized(k), k);
            }
        });
        return adapt(out);
    }

    /** The resource a path names, or the API's 404 ({@link #notFound}). */
    final Resource find(Actor actor, String id) {
        try {
            UUID u = UUID.fromString(id);
            if (u.toString().equals(id)) {
                try {
                    return intents.get(type, actor, u);
                } catch (io.skylane.vpc.intent.IntentException e) {
                    java.util.Optional<Resource> made = made(actor, u);
                    if (made.isPresent()) {
                        return made.get();
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw ApiException.notFound(notFound(id));
    }

    /**
     * Resources the API shows that Skylane does not store but makes from others (a router's
     * interface ports), listed with the stored ones; none by default.
     */
    List<Resource> made(Actor actor) {
        return List.of();
    }

    /** The made resource with this id, if the actor sees one. */
    java.util.Optional<Resource> made(Actor actor, UUID id) {
        return java.util.Optional.empty();
    }

    /** Refuses an update or a delete of {@code r} that only another resource may make (a 409). */
    void changing(Resource r) {
    }

    /** {@code Security group rule} for {@code security_group_rule}: how the messages name it. */
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
