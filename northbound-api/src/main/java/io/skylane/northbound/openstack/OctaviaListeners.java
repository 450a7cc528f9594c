package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Octavia's listeners are Skylane's (docs/openstack.md): TCP or UDP on a port of the VIP, a default
 * pool, allowed CIDRs. Skylane forwards connections in the switches without a proxy: no connection
 * limit, no timeouts of its own, no TLS, no inserted headers, no L7 policies.
 */
final class OctaviaListeners extends OctaviaResource {

    OctaviaListeners(IntentService intents) {
        super("listener", "Listener", ResourceType.LISTENER, intents);
    }

    @Override
    Set<String> creatable() {
        return union(COMMON, "loadbalancer_id", "protocol", "protocol_port", "default_pool_id", "allowed_cidrs");
    }

    @Override
    Set<String> updatable() {
        return union(COMMON, "default_pool_id", "allowed_cidrs");
    }

    @Override
    Map<String, ResourceType> parents() {
        return Map.of("loadbalancer_id", ResourceType.LOAD_BALANCER);
    }

    @Override
    Map<String, Fixed> fixed() {
        String proxyless = "Skylane forwards connections in the switches, with no proxy: ";
        Map<String, Fixed> f = new HashMap<>();
        f.put("connection_limit", isNullOr(-1, proxyless + "no connection limit (-1)"));
        for (String t : new String[] {"timeout_client_data", "timeout_member_connect", "timeout_member_data",
                "timeout_tcp_inspect"}) {
            f.put(t, isNull(proxyless + "no " + t + " (the switches' connection tracking times connections out)"));
        }
        f.put("insert_headers", isNullOrEmpty(proxyless + "no headers are inserted (L4)"));
        f.put("l7policies", isNullOrEmpty("L7 policies are not supported: Skylane balances at L4"));
        String tls = "TLS is not terminated: Skylane balances at L4 (use TCP)";
        for (String t : new String[] {"default_tls_container_ref", "client_ca_tls_container_ref",
                "client_crl_container_ref", "tls_ciphers", "hsts_max_age"}) {
            f.put(t, isNull(tls));
        }
        for (String t : new String[] {"sni_container_refs", "tls_versions", "alpn_protocols"}) {
            f.put(t, isNullOrEmpty(tls));
        }
        f.put("client_authentication", isNullOr("NONE", tls));
        f.put("hsts_include_subdomains", new Fixed(v -> v.isNull() || (v.isBoolean() && !v.asBoolean()), tls));
        f.put("hsts_preload", new Fixed(v -> v.isNull() || (v.isBoolean() && !v.asBoolean()), tls));
        return Map.copyOf(f);
    }

    @Override
    ObjectNode prepare(ObjectNode octavia, Actor actor, boolean create) {
        checkProtocol(octavia.get("protocol"));
        if (octavia.has("allowed_cidrs") && octavia.get("allowed_cidrs").isNull()) {
            octavia.putArray("allowed_cidrs"); // Octavia's null: anyone
        }
        return octavia;
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        Listener l = (Listener) r;
        n.putArray("loadbalancers").add(ref(l.loadbalancerId()));
        if (l.allowedCidrs().isEmpty()) {
            n.putNull("allowed_cidrs");
        }
        n.put("connection_limit", -1);
        n.putNull("timeout_client_data").putNull("timeout_member_connect").putNull("timeout_member_data")
                .putNull("timeout_tcp_inspect");
        n.putObject("insert_headers");
        n.putArray("l7policies");
        n.putNull("default_tls_container_ref").putArray("sni_container_refs");
        n.putNull("client_ca_tls_container_ref").put("client_authentication", "NONE")
                .putNull("client_crl_container_ref");
        n.putNull("tls_ciphers").putNull("tls_versions").putNull("alpn_protocols");
        n.putNull("hsts_max_age").put("hsts_include_subdomains", false).put("hsts_preload", false);
    }
}
