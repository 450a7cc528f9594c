package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Octavia v2 over real HTTP: what Skylane refuses and why, isolation between projects, the admin,
 * version discovery and the routes that answer honestly empty or refuse.
 */
class OctaviaServiceApiTest extends OctaviaHttp {

    private String listener(String lb) throws Exception {
        return made("/listeners", "{'listener': {'loadbalancer_id': '" + lb + "', 'protocol': 'TCP', "
                + "'protocol_port': 80}}").get("id").asText();
    }

    @Test
    void whatAnL4ProviderDoesNotDoIsRefusedWithTheReasonAndNothingIsStored() throws Exception {
        String lb = loadBalancer("web");
        String http = fault(as(token, "POST", LBAAS + "/listeners", "{'listener': {'loadbalancer_id': '" + lb
                + "', 'protocol': 'HTTP', 'protocol_port': 80}}"), 501);
        assertEquals("Provider 'skylane' does not support a requested option: Skylane balances at L4: protocol HTTP "
                + "is not supported (TCP or UDP)", http);
        for (String extra : List.of("'connection_limit': 100", "'default_tls_container_ref': 'x'",
                "'insert_headers': {'X-Forwarded-For': 'true'}", "'timeout_client_data': 1000")) {
            Answer a = as(token, "POST", LBAAS + "/listeners", "{'listener': {'loadbalancer_id': '" + lb
                    + "', 'protocol': 'TCP', 'protocol_port': 80, " + extra + "}}");
            assertTrue(fault(a, 501).startsWith("Provider 'skylane' does not support a requested option: "), extra);
        }
        Answer defaults = as(token, "POST", LBAAS + "/listeners", "{'listener': {'loadbalancer_id': '" + lb
                + "', 'protocol': 'UDP', 'protocol_port': 53, 'connection_limit': -1, 'insert_headers': {}, "
                + "'sni_container_refs': [], 'default_tls_container_ref': null}}");
        assertEquals(201, defaults.status(), "the defaults are accepted: " + defaults.raw().body());
        String l = listener(lb);
        String rr = fault(as(token, "POST", LBAAS + "/pools", "{'pool': {'listener_id': '" + l + "', "
                + "'protocol': 'TCP', 'lb_algorithm': 'ROUND_ROBIN'}}"), 501);
        assertTrue(rr.contains("does not support ROUND_ROBIN algorithm") && rr.contains("use SOURCE_IP_PORT"), rr);
        fault(as(token, "POST", LBAAS + "/pools", "{'pool': {'listener_id': '" + l + "', "
                + "'protocol': 'PROXY', 'lb_algorithm': 'SOURCE_IP'}}"), 501);
        fault(as(token, "POST", LBAAS + "/pools", "{'pool': {'listener_id': '" + l + "', "
                + "'protocol': 'TCP', 'lb_algorithm': 'SOURCE_IP', 'tls_enabled': true}}"), 501);
        String p = made("/pools", "{'pool': {'listener_id': '" + l + "', 'protocol': 'TCP', "
                + "'lb_algorithm': 'SOURCE_IP', 'session_persistence': {'type': 'SOURCE_IP'}}}").get("id").asText();
        assertTrue(fault(as(token, "POST", LBAAS + "/healthmonitors", "{'healthmonitor': {'pool_id': '" + p + "', "
                + "'type': 'HTTP', 'delay': 5, 'timeout': 3, 'max_retries': 2}}"), 501).contains("type HTTP"));
        fault(as(token, "POST", LBAAS + "/healthmonitors", "{'healthmonitor': {'pool_id': '" + p + "', "
                + "'type': 'TCP', 'delay': 5, 'timeout': 3, 'max_retries': 2, 'url_path': '/'}}"), 501);
        assertTrue(fault(as(token, "POST", LBAAS + "/pools/" + p + "/members", "{'member': {'address': '10.0.0.9', "
                + "'protocol_port': 80, 'monitor_port': 81}}"), 501).contains("monitor_port"));
        assertTrue(fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_subnet_id': '" + subnet
                + "', 'vip_port_id': '" + subnet + "'}}"), 501).contains("vip_port_id"));
        assertEquals("Provider 'amphora' is not enabled.", fault(as(token, "POST", LBAAS + "/loadbalancers",
                "{'loadbalancer': {'vip_subnet_id': '" + subnet + "', 'provider': 'amphora'}}"), 400));
        assertTrue(fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_subnet_id': '" + subnet
                + "', 'colour': 'red'}}"), 400).contains("colour"));
        assertEquals(1, native_("GET", "/v1/load-balancers", null).body().get("load_balancers").size());
        assertEquals(2, native_("GET", "/v1/listeners", null).body().get("listeners").size());
        assertEquals(0, native_("GET", "/v1/health-monitors", null).body().get("healthmonitors").size());
    }

    @Test
    void anotherProjectsLoadBalancingIsNotFound() throws Exception {
        String lb = loadBalancer("web");
        String l = listener(lb);
        String p = made("/pools", "{'pool': {'listener_id': '" + l + "', 'protocol': 'TCP', "
                + "'lb_algorithm': 'SOURCE_IP_PORT'}}").get("id").asText();
        String m = made("/pools/" + p + "/members", "{'member': {'address': '10.0.0.9', 'protocol_port': 80}}")
                .get("id").asText();
        String globex = login(tenant("globex"));
        assertEquals("Load Balancer " + lb + " not found.",
                fault(as(globex, "GET", LBAAS + "/loadbalancers/" + lb, null), 404));
        fault(as(globex, "GET", LBAAS + "/loadbalancers/" + lb + "/status", null), 404);
        fault(as(globex, "PUT", LBAAS + "/listeners/" + l, "{'listener': {'name': 'x'}}"), 404);
        fault(as(globex, "DELETE", LBAAS + "/loadbalancers/" + lb + "?cascade=true", null), 404);
        fault(as(globex, "GET", LBAAS + "/pools/" + p + "/members/" + m, null), 404);
        fault(as(globex, "POST", LBAAS + "/pools/" + p + "/members", "{'member': {'address': '10.0.0.8', "
                + "'protocol_port': 80}}"), 404);
        assertEquals("vip_subnet_id: no subnet " + subnet, fault(as(globex, "POST", LBAAS + "/loadbalancers",
                "{'loadbalancer': {'vip_subnet_id': '" + subnet + "'}}"), 400));
        assertEquals(0, as(globex, "GET", LBAAS + "/loadbalancers", null).body().get("loadbalancers").size());
        fault(as(globex, "POST", LBAAS + "/listeners", "{'listener': {'loadbalancer_id': '" + lb
                + "', 'protocol': 'TCP', 'protocol_port': 81, 'project_id': '" + acme.id() + "'}}"), 403);
        String other = made("/pools", "{'pool': {'loadbalancer_id': '" + lb + "', 'protocol': 'TCP', "
                + "'lb_algorithm': 'SOURCE_IP_PORT'}}").get("id").asText();
        assertEquals("Member " + m + " not found.",
                fault(as(token, "GET", LBAAS + "/pools/" + other + "/members/" + m, null), 404),
                "a member is found under its own pool only");
        assertEquals(401, call("GET", LBAAS + "/loadbalancers", null).status());
        fault(call("GET", LBAAS + "/loadbalancers", null), 401);
    }

    @Test
    void theAdminCreatesInTheProjectOfWhatItNames() throws Exception {
        String admin = loginAdmin();
        Answer lb = as(admin, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_subnet_id': '" + subnet + "'}}");
        assertEquals(201, lb.status(), lb.raw().body());
        assertEquals(acme.id(), lb.body().at("/loadbalancer/project_id").asText());
        Answer l = as(admin, "POST", LBAAS + "/listeners", "{'listener': {'loadbalancer_id': '"
                + lb.body().at("/loadbalancer/id").asText() + "', 'protocol': 'TCP', 'protocol_port': 80}}");
        assertEquals(201, l.status(), l.raw().body());
        assertEquals(acme.id(), l.body().at("/listener/project_id").asText());
        assertEquals(1, as(token, "GET", LBAAS + "/listeners", null).body().get("listeners").size());
    }

    @Test
    void discoveryProvidersAndWhatSkylaneHasNoneOf() throws Exception {
        Answer root = call("GET", "/load-balancer", null);
        assertEquals(200, root.status());
        JsonNode v = root.body().at("/versions/0");
        assertEquals("v2.0", v.get("id").asText());
        assertEquals("CURRENT", v.get("status").asText());
        assertEquals(base() + "/load-balancer/v2", v.at("/links/0/href").asText());
        assertEquals("v2.0", call("GET", "/load-balancer/v2.0", null).body().at("/version/id").asText());

        Answer providers = as(token, "GET", LBAAS + "/providers", null);
        assertEquals(List.of("skylane"), providers.body().get("providers").findValuesAsText("name"));
        assertEquals(0, as(token, "GET", LBAAS + "/providers/skylane/flavor_capabilities", null).body()
                .get("flavor_capabilities").size());
        assertEquals("Provider 'amphora' is not enabled.",
                fault(as(token, "GET", LBAAS + "/providers/amphora/flavor_capabilities", null), 400));
        for (String[] empty : new String[][] {{"/flavors", "flavors"}, {"/availabilityzones", "availability_zones"},
                {"/l7policies", "l7policies"}, {"/quotas", "quotas"}}) {
            Answer a = as(token, "GET", LBAAS + empty[0], null);
            assertEquals(200, a.status(), empty[0]);
            assertEquals(0, a.body().get(empty[1]).size(), empty[0]);
        }
        assertEquals(0, as(token, "GET", "/load-balancer/v2/octavia/amphorae", null).body().get("amphorae").size());
        fault(as(token, "GET", "/load-balancer/v2/octavia/amphorae/" + subnet, null), 404);
        assertTrue(fault(as(token, "POST", LBAAS + "/l7policies", "{'l7policy': {}}"), 501).contains("L4"));
        fault(as(token, "POST", LBAAS + "/flavors", "{'flavor': {}}"), 501);
        assertEquals(-1, as(token, "GET", LBAAS + "/quotas/" + acme.id(), null).body().at("/quota/load_balancer").asInt());
        assertEquals(-1, as(token, "GET", LBAAS + "/quotas/defaults", null).body().at("/quota/member").asInt());
        fault(as(token, "PUT", LBAAS + "/quotas/" + acme.id(), "{'quota': {'member': 5}}"), 501);
        String lb = loadBalancer("web");
        assertTrue(fault(as(token, "GET", LBAAS + "/loadbalancers/" + lb + "/stats", null), 501).contains("statistics"));
        fault(as(token, "PUT", LBAAS + "/loadbalancers/" + lb + "/failover", null), 501);
        fault(as(token, "GET", LBAAS + "/loadbalancers/" + subnet + "/stats", null), 404);
        assertTrue(fault(as(token, "GET", LBAAS + "/nothing-here", null), 404).contains("nothing-here"));
    }
}
