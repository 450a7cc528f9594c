package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * How one Octavia v2 resource maps onto Skylane's load-balancing resource of the same shape
 * ({@link OpenStackResource}), with Octavia's standard attributes (timestamps without a zone, no
 * revision) and messages ({@code Load Balancer <id> not found.}). What Skylane's L4 provider does
 * not do is refused as Octavia refuses a provider's unsupported option: 501, {@code Provider
 * 'skylane' does not support a requested option: <reason>}.
 */
abstract class OctaviaResource extends OpenStackResource {

    /** The one provider: the load balancer in the switches' flow tables. */
    static final String PROVIDER = "skylane";

    /** What every Octavia resource lets a client set. */
    static final Set<String> COMMON = Set.of("name", "description", "tags", "admin_state_up");

    /** Octavia's protocols that are not L4, refused by name. */
    private static final Set<String> NOT_L4 = Set.of("HTTP", "HTTPS", "TERMINATED_HTTPS", "SCTP", "PROXY", "PROXYV2",
            "PROMETHEUS");

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final String title;

    OctaviaResource(String singular, String title, ResourceType type, IntentService intents) {
        super(singular, type, intents);
        this.title = title;
    }

    @Override
    final void stamp(ObjectNode view, Resource r) {
        view.put("created_at", TIME.format(r.meta().createdAt())).put("updated_at", TIME.format(r.meta().updatedAt()));
    }

    @Override
    final String unrecognized(String attribute) {
        return "Invalid input for field/attribute " + singular + ". Unknown attribute for argument " + singular
                + ": " + attribute;
    }

    @Override
    final String notFound(String id) {
        return title + " " + id + " not found.";
    }

    @Override
    final ApiException refused(String reason, String field) {
        return unsupported(reason, field);
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "tenant_id");
    }

    /**
     * The Octavia body as Skylane's resource reads it, before the renames and checks of
     * {@link #request}: what needs the caller's view (a network's subnet) or a refusal of its own.
     */
    ObjectNode prepare(ObjectNode octavia, Actor actor, boolean create) {
        return octavia;
    }

    /** The fields naming the resource a new one belongs to, and its type: its project is the admin's default. */
    Map<String, ResourceType> parents() {
        return Map.of();
    }

    /** Octavia's refusal of what the provider does not do. */
    static ApiException unsupported(String reason, String field) {
        return new ApiException(501, "not_implemented", "Provider '" + PROVIDER
                + "' does not support a requested option: " + reason, field);
    }

    /** A listener's or a pool's protocol: TCP and UDP are Skylane's; the L7 ones are refused by name. */
    static void checkProtocol(JsonNode protocol) {
        if (protocol != null && protocol.isTextual() && NOT_L4.contains(protocol.asText())) {
            throw unsupported("Skylane balances at L4: protocol " + protocol.asText()
                    + " is not supported (TCP or UDP)", "protocol");
        }
    }

    /** The project of the resource the body names as its parent, for the admin that names no project. */
    UUID parentProject(Actor actor, JsonNode octavia) {
        for (Map.Entry<String, ResourceType> p : parents().entrySet()) {
            JsonNode v = octavia.get(p.getKey());
            if (v != null && v.isTextual()) {
                try {
                    return intents.get(p.getValue(), actor, UUID.fromString(v.asText())).meta().tenantId();
                } catch (IllegalArgumentException | IntentException e) {
                    return null; // the create names it again and says what is wrong with it
                }
            }
        }
        return null;
    }

    static Fixed isNullOr(Object value, String reason) {
        return new Fixed(v -> v.isNull() || v.asText().equals(String.valueOf(value)), reason);
    }

    static Fixed isNullOrEmpty(String reason) {
        return new Fixed(v -> v.isNull() || (v.isContainerNode() && v.isEmpty()), reason);
    }

    static Set<String> union(Set<String> a, String... more) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(java.util.List.of(more));
        return Set.copyOf(out);
    }

    /** Octavia's reference to another resource: {@code {"id": "..."}}. */
    static ObjectNode ref(UUID id) {
        return F.objectNode().put("id", id.toString());
    }
}
