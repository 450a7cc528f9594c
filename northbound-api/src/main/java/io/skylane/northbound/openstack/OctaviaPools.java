package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Octavia's pools are Skylane's (docs/openstack.md): TCP or UDP, {@code SOURCE_IP_PORT} or
 * {@code SOURCE_IP} (a hash at the client's switch: {@code ROUND_ROBIN} and
 * {@code LEAST_CONNECTIONS} are refused, as Octavia's OVN provider refuses them), session
 * persistence {@code SOURCE_IP}, no TLS to the members.
 */
final class OctaviaPools extends OctaviaResource {

    OctaviaPools(IntentService intents) {
        super("pool", "Pool", ResourceType.POOL, intents);
    }

    @Override
    Set<String> creatable() {
        return union(COMMON, "loadbalancer_id", "listener_id", "protocol", "lb_algorithm", "session_persistence");
    }

    @Override
    Set<String> updatable() {
        return union(COMMON, "lb_algorithm", "session_persistence");
    }

    @Override
    Map<String, ResourceType> parents() {
        return Map.of("loadbalancer_id", ResourceType.LOAD_BALANCER, "listener_id", ResourceType.LISTENER);
    }

    @Override
    Map<String, Fixed> fixed() {
        String tls = "TLS to the members is not supported: Skylane balances at L4";
        return Map.of(
                "tls_enabled", new Fixed(v -> v.isNull() || (v.isBoolean() && !v.asBoolean()), tls),
                "tls_container_ref", isNull(tls),
                "ca_tls_container_ref", isNull(tls),
                "crl_container_ref", isNull(tls),
                "tls_ciphers", isNull(tls),
                "tls_versions", isNullOrEmpty(tls),
                "alpn_protocols", isNullOrEmpty(tls),
                "members", isNullOrEmpty("create the members one by one (no graph create)"),
                "healthmonitor", isNull("create the health monitor by itself (no graph create)"));
    }

    @Override
    ObjectNode prepare(ObjectNode octavia, Actor actor, boolean create) {
        checkProtocol(octavia.get("protocol"));
        JsonNode algorithm = octavia.get("lb_algorithm");
        if (algorithm != null && algorithm.isTextual()
                && (algorithm.asText().equals("ROUND_ROBIN") || algorithm.asText().equals("LEAST_CONNECTIONS"))) {
            throw unsupported("Skylane provider does not support " + algorithm.asText() + " algorithm: a new "
                    + "connection's member is chosen by a hash at the client's switch; use SOURCE_IP_PORT (or "
                    + "SOURCE_IP)", "lb_algorithm");
        }
        JsonNode persistence = octavia.get("session_persistence");
        if (persistence != null && persistence.isObject()) {
            String t = persistence.path("type").asText();
            if (t.equals("HTTP_COOKIE") || t.equals("APP_COOKIE")) {
                throw unsupported("session persistence " + t + " is L7: use SOURCE_IP", "session_persistence");
            }
        }
        return octavia;
    }

    /** Each pool's listeners, members and monitor. */
    private record Children(Map<UUID, Set<UUID>> listeners, Map<UUID, List<UUID>> members, Map<UUID, UUID> monitors)
            implements Lookups {
    }

    @Override
    Lookups lookups(Actor actor) {
        Map<UUID, Set<UUID>> listeners = new HashMap<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.LISTENER, actor)) {
            Listener l = (Listener) r;
            if (l.defaultPoolId() != null) {
                listeners.computeIfAbsent(l.defaultPoolId(), k -> new TreeSet<>()).add(l.id());
            }
        }
        Map<UUID, List<UUID>> members = new HashMap<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.MEMBER, actor)) {
            members.computeIfAbsent(((Member) r).poolId(), k -> new ArrayList<>()).add(r.id());
        }
        Map<UUID, UUID> monitors = new HashMap<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.HEALTH_MONITOR, actor)) {
            monitors.put(((HealthMonitor) r).poolId(), r.id());
        }
        return new Children(listeners, members, monitors);
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        Pool p = (Pool) r;
        Children c = (Children) lookups;
        Set<UUID> listeners = new TreeSet<>(c.listeners().getOrDefault(p.id(), Set.of()));
        if (p.listenerId() != null) {
            listeners.add(p.listenerId());
        }
        ArrayNode ls = n.putArray("listeners");
        listeners.forEach(id -> ls.add(ref(id)));
        n.putArray("loadbalancers").add(ref(p.loadbalancerId()));
        ArrayNode ms = n.putArray("members");
        c.members().getOrDefault(p.id(), List.of()).forEach(id -> ms.add(ref(id)));
        UUID monitor = c.monitors().get(p.id());
        if (monitor == null) {
            n.putNull("healthmonitor_id");
        } else {
            n.put("healthmonitor_id", monitor.toString());
        }
        n.put("tls_enabled", false).putNull("tls_container_ref").putNull("ca_tls_container_ref")
                .putNull("crl_container_ref").putNull("tls_ciphers").putNull("tls_versions").putNull("alpn_protocols");
    }
}
