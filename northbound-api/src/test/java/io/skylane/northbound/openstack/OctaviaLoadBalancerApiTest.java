package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Octavia v2 over real HTTP, as the {@code openstack loadbalancer} command and openstacksdk call it:
 * Skylane's own load balancers, listeners, pools, members and monitors under Octavia's names.
 */
class OctaviaLoadBalancerApiTest extends OctaviaHttp {

    @Test
    void aLoadBalancerIsSkylanesWithOctaviasFields() throws Exception {
        JsonNode lb = made("/loadbalancers", "{'loadbalancer': {'name': 'web', 'description': 'front', "
                + "'vip_subnet_id': '" + subnet + "', 'vip_address': '10.0.0.50', 'provider': 'skylane', "
                + "'admin_state_up': true, 'tags': ['blue']}}");
        String id = lb.get("id").asText();
        assertEquals("web", lb.get("name").asText());
        assertEquals("10.0.0.50", lb.get("vip_address").asText());
        assertEquals(subnet, lb.get("vip_subnet_id").asText());
        assertEquals(network, lb.get("vip_network_id").asText());
        assertEquals("skylane", lb.get("provider").asText());
        assertEquals(acme.id(), lb.get("project_id").asText());
        assertTrue(lb.get("flavor_id").isNull(), lb.toString());
        String vipPort = lb.get("vip_port_id").asText();
        Answer port = as(token, "GET", "/networking/v2.0/ports/" + vipPort, null);
        assertEquals(200, port.status(), "the VIP is a Neutron port: " + port.raw().body());
        assertEquals("Octavia", port.body().at("/port/device_owner").asText());
        assertEquals("lb-" + id, port.body().at("/port/device_id").asText());
        assertEquals("10.0.0.50", port.body().at("/port/fixed_ips/0/ip_address").asText());
        assertEquals(network, port.body().at("/port/network_id").asText());
        assertEquals(1, as(token, "GET", "/networking/v2.0/ports?device_owner=Octavia", null).body().get("ports").size());
        assertEquals(409, as(token, "DELETE", "/networking/v2.0/ports/" + vipPort, null).status());
        assertEquals(409, as(token, "PUT", "/networking/v2.0/ports/" + vipPort, "{'port': {'name': 'x'}}").status());
        assertTrue(lb.get("listeners").isArray() && lb.get("listeners").isEmpty(), lb.toString());
        assertEquals("blue", lb.at("/tags/0").asText());
        assertTrue(List.of("PENDING_CREATE", "ACTIVE").contains(lb.get("provisioning_status").asText()), lb.toString());
        assertTrue(lb.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"), lb.toString());
        assertTrue(!lb.has("tenant_id") && !lb.has("vpc_id") && !lb.has("revision") && !lb.has("external_ids"),
                lb.toString());
        Answer v1 = native_("GET", "/v1/load-balancers/" + id, null);
        assertEquals(200, v1.status());
        assertEquals("10.0.0.50", v1.body().at("/load_balancer/vip_address").asText());
        for (String version : List.of("/load-balancer/v2", "/load-balancer/v2.0")) {
            Answer show = as(token, "GET", version + "/lbaas/loadbalancers/" + id, null);
            assertEquals(200, show.status(), show.raw().body());
            assertEquals(id, show.body().at("/loadbalancer/id").asText());
        }
        Answer put = as(token, "PUT", LBAAS + "/loadbalancers/" + id, "{'loadbalancer': {'name': 'www', "
                + "'admin_state_up': false}}");
        assertEquals(200, put.status(), put.raw().body());
        assertEquals("www", put.body().at("/loadbalancer/name").asText());
        assertEquals("OFFLINE", put.body().at("/loadbalancer/operating_status").asText());
        assertEquals("www", native_("GET", "/v1/load-balancers/" + id, null).body().at("/load_balancer/name").asText());
        fault(as(token, "PUT", LBAAS + "/loadbalancers/" + id, "{'loadbalancer': {'vip_address': '10.0.0.9'}}"), 400);
        assertEquals(204, as(token, "DELETE", LBAAS + "/loadbalancers/" + id, null).status());
        assertEquals("Load Balancer " + id + " not found.",
                fault(as(token, "GET", LBAAS + "/loadbalancers/" + id, null), 404));
    }

    @Test
    void aVipNetworkAloneNamesItsOneIpv4Subnet() throws Exception {
        JsonNode lb = made("/loadbalancers", "{'loadbalancer': {'vip_network_id': '" + network + "'}}");
        assertEquals(subnet, lb.get("vip_subnet_id").asText());
        String other = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': 'db'}}").body()
                .at("/network/id").asText();
        String wrong = fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_network_id': '"
                + other + "', 'vip_subnet_id': '" + subnet + "'}}"), 400);
        assertTrue(wrong.contains("is not a subnet of vip_network_id"), wrong);
        assertTrue(fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_network_id': '"
                + other + "'}}"), 400).contains("has no IPv4 subnet: give vip_subnet_id"));
        subnet(token, network, "10.0.1.0/24");
        assertTrue(fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'vip_network_id': '"
                + network + "'}}"), 400).contains("has 2 IPv4 subnets: give vip_subnet_id"));
        assertTrue(fault(as(token, "POST", LBAAS + "/loadbalancers", "{'loadbalancer': {'name': 'x'}}"), 400)
                .contains("vip_subnet_id"));
    }

    @Test
    void aWholeLoadBalancerAsTheClientBuildsItAndItsStatusTree() throws Exception {
        String lb = loadBalancer("web");
        JsonNode listener = made("/listeners", "{'listener': {'name': 'tcp80', 'loadbalancer_id': '" + lb
                + "', 'protocol': 'TCP', 'protocol_port': 80, 'admin_state_up': true}}");
        String l = listener.get("id").asText();
        assertEquals(lb, listener.at("/loadbalancers/0/id").asText());
        assertEquals(-1, listener.get("connection_limit").asInt());
        assertTrue(listener.get("allowed_cidrs").isNull() && listener.get("default_pool_id").isNull(), listener.toString());
        JsonNode pool = made("/pools", "{'pool': {'name': 'app', 'listener_id': '" + l + "', 'protocol': 'TCP', "
                + "'lb_algorithm': 'SOURCE_IP_PORT', 'admin_state_up': true}}");
        String p = pool.get("id").asText();
        assertEquals(l, pool.at("/listeners/0/id").asText());
        assertEquals(lb, pool.at("/loadbalancers/0/id").asText());
        List<String> members = new ArrayList<>();
        for (String address : List.of("10.0.0.11", "10.0.0.12")) {
            JsonNode m = made("/pools/" + p + "/members", "{'member': {'address': '" + address + "', "
                    + "'protocol_port': 8080, 'subnet_id': '" + subnet + "', 'weight': 2, 'admin_state_up': true}}");
            assertEquals(address, m.get("address").asText());
            assertTrue(m.get("monitor_address").isNull() && !m.has("pool_id"), m.toString());
            members.add(m.get("id").asText());
        }
        JsonNode monitor = made("/healthmonitors", "{'healthmonitor': {'pool_id': '" + p + "', 'type': 'TCP', "
                + "'delay': 5, 'timeout': 3, 'max_retries': 2, 'admin_state_up': true}}");
        assertEquals(p, monitor.at("/pools/0/id").asText());
        assertTrue(monitor.get("http_method").isNull(), monitor.toString());

        JsonNode shownListener = as(token, "GET", LBAAS + "/listeners/" + l, null).body().get("listener");
        assertEquals(p, shownListener.get("default_pool_id").asText(), "a pool made for a listener is its default pool");
        JsonNode shownPool = as(token, "GET", LBAAS + "/pools/" + p, null).body().get("pool");
        assertEquals(monitor.get("id").asText(), shownPool.get("healthmonitor_id").asText());
        assertEquals(2, shownPool.get("members").size());
        JsonNode shownLb = as(token, "GET", LBAAS + "/loadbalancers/" + lb, null).body().get("loadbalancer");
        assertEquals(l, shownLb.at("/listeners/0/id").asText());
        assertEquals(p, shownLb.at("/pools/0/id").asText());

        Answer memberList = as(token, "GET", LBAAS + "/pools/" + p + "/members?address=10.0.0.12", null);
        assertEquals(List.of(members.get(1)), memberList.body().get("members").findValuesAsText("id"));
        assertTrue(memberList.body().get("members_links").isArray());
        Answer setMember = as(token, "PUT", LBAAS + "/pools/" + p + "/members/" + members.get(0),
                "{'member': {'weight': 0}}");
        assertEquals(200, setMember.status(), setMember.raw().body());
        assertEquals(0, setMember.body().at("/member/weight").asInt());
        assertEquals(0, native_("GET", "/v1/pools/" + p + "/members/" + members.get(0), null).body()
                .at("/member/weight").asInt());

        Answer tree = as(token, "GET", LBAAS + "/loadbalancers/" + lb + "/status", null);
        assertEquals(200, tree.status(), tree.raw().body());
        JsonNode root = tree.body().at("/statuses/loadbalancer");
        assertEquals(lb, root.get("id").asText());
        assertEquals(l, root.at("/listeners/0/id").asText());
        assertEquals(p, root.at("/listeners/0/pools/0/id").asText());
        assertEquals("TCP", root.at("/listeners/0/pools/0/health_monitor/type").asText());
        assertEquals(2, root.at("/listeners/0/pools/0/members").size());

        String inUse = fault(as(token, "DELETE", LBAAS + "/loadbalancers/" + lb, null), 409);
        assertTrue(!inUse.isEmpty());
        assertEquals(204, as(token, "DELETE", LBAAS + "/healthmonitors/" + monitor.get("id").asText(), null).status());
        assertEquals(204, as(token, "DELETE", LBAAS + "/pools/" + p + "/members/" + members.get(1), null).status());
        assertEquals(204, as(token, "DELETE", LBAAS + "/loadbalancers/" + lb + "?cascade=True", null).status());
        for (String gone : List.of("/v1/load-balancers/" + lb, "/v1/listeners/" + l, "/v1/pools/" + p,
                "/v1/pools/" + p + "/members/" + members.get(0))) {
            assertEquals(404, native_("GET", gone, null).status(), gone);
        }
    }

    @Test
    void listsFilterSortPageAndLinkAsOctaviasDo() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("c", "a", "b")) {
            ids.add(loadBalancer(name));
        }
        Answer all = as(token, "GET", LBAAS + "/loadbalancers", null);
        assertEquals(3, all.body().get("loadbalancers").size());
        assertTrue(all.body().get("loadbalancers_links").isArray() && all.body().get("loadbalancers_links").isEmpty());
        Answer named = as(token, "GET", LBAAS + "/loadbalancers?name=b", null);
        assertEquals(List.of(ids.get(2)), named.body().get("loadbalancers").findValuesAsText("id"));
        Answer byId = as(token, "GET", LBAAS + "/loadbalancers?id=" + ids.get(0), null);
        assertEquals(1, byId.body().get("loadbalancers").size());
        Answer sorted = as(token, "GET", LBAAS + "/loadbalancers?sort=name:desc&fields=name&fields=id", null);
        assertEquals(List.of("c", "b", "a"), sorted.body().get("loadbalancers").findValuesAsText("name"));
        assertEquals(2, sorted.body().at("/loadbalancers/0").size());
        Answer page = as(token, "GET", LBAAS + "/loadbalancers?limit=2&sort_key=name&sort_dir=asc", null);
        assertEquals(List.of("a", "b"), page.body().get("loadbalancers").findValuesAsText("name"));
        String next = page.body().at("/loadbalancers_links/0/href").asText();
        assertEquals("next", page.body().at("/loadbalancers_links/0/rel").asText());
        assertTrue(next.startsWith(base() + LBAAS + "/loadbalancers?limit=2&marker="), next);
        Answer rest = as(token, "GET", next.substring(base().length()), null);
        assertEquals(List.of("c"), rest.body().get("loadbalancers").findValuesAsText("name"));
        fault(as(token, "GET", LBAAS + "/loadbalancers?colour=red", null), 400);
    }
}
