package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Map;
import java.util.Set;

/**
 * Octavia's health monitors are Skylane's (docs/openstack.md): {@code TCP}, {@code PING} and
 * {@code UDP-CONNECT} probes from the VIP's address; the L7 types ({@code HTTP}, {@code HTTPS},
 * {@code TLS-HELLO}) and {@code SCTP} are refused by name.
 */
final class OctaviaHealthMonitors extends OctaviaResource {

    private static final Set<String> NOT_L4 = Set.of("HTTP", "HTTPS", "TLS-HELLO", "SCTP");

    OctaviaHealthMonitors(IntentService intents) {
        super("healthmonitor", "Health Monitor", ResourceType.HEALTH_MONITOR, intents);
    }

    @Override
    Set<String> creatable() {
        return union(COMMON, "pool_id", "type", "delay", "timeout", "max_retries", "max_retries_down");
    }

    @Override
    Set<String> updatable() {
        return union(COMMON, "delay", "timeout", "max_retries", "max_retries_down");
    }

    @Override
    Map<String, ResourceType> parents() {
        return Map.of("pool_id", ResourceType.POOL);
    }

    @Override
    Map<String, Fixed> fixed() {
        String l7 = "Skylane probes at L4 (TCP, PING, UDP-CONNECT): no HTTP requests";
        return Map.of(
                "http_method", isNull(l7),
                "url_path", isNull(l7),
                "expected_codes", isNull(l7),
                "http_version", isNull(l7),
                "domain_name", isNull(l7));
    }

    @Override
    ObjectNode prepare(ObjectNode octavia, Actor actor, boolean create) {
        JsonNode type = octavia.get("type");
        if (type != null && type.isTextual() && NOT_L4.contains(type.asText())) {
            throw unsupported("Skylane probes at L4: health monitor type " + type.asText()
                    + " is not supported (TCP, PING or UDP-CONNECT)", "type");
        }
        return octavia;
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.putArray("pools").add(ref(((HealthMonitor) r).poolId()));
        n.putNull("http_method").putNull("url_path").putNull("expected_codes").putNull("http_version")
                .putNull("domain_name");
    }
}
