package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import io.skylane.vpc.intent.IntentService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tenant resources over real HTTP: happy paths, auth and tenant scoping, concurrency. */
class IntentApiTest extends IntentHttp {

    @Test
    void tenantLifecycleOverHttp() throws Exception {
        String[] t = tenant("acme");
        String tok = t[1];
        Answer vpc = call(tok, "POST", "/v1/vpcs", "{'vpc':{'name':'web','tags':['prod'],'external_ids':{'k8s':'ns1'}}}");
        assertEquals(201, vpc.status(), vpc.raw().body());
        assertEquals("/v1/vpcs/" + id(vpc, "vpc"), vpc.raw().headers().firstValue("Location").orElseThrow());
        assertEquals(t[0], vpc.body().at("/vpc/tenant_id").asText());
        assertTrue(vpc.body().at("/vpc/segment_id").asInt() >= 1);
        assertEquals("ns1", vpc.body().at("/vpc/external_ids/k8s").asText());
        String v = id(vpc, "vpc");
        Answer subnet = call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + v + "','cidr':'10.0.0.0/24','name':'a'}}");
        assertEquals(201, subnet.status(), subnet.raw().body());
        assertEquals("10.0.0.1", subnet.body().at("/subnet/gateway_ip").asText());
        Answer port = call(tok, "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "','binding':{'dpid':'00000000000000d1','port':3}}}");
        assertEquals(201, port.status(), port.raw().body());
        assertEquals("10.0.0.2", port.body().at("/port/fixed_ips/0/ip_address").asText());
        assertEquals("DOWN", port.body().at("/port/status").asText());
        assertEquals("00000000000000d1", port.body().at("/port/binding/dpid").asText());
        String p = id(port, "port");
        Answer onSwitch = call(tok, "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "','binding':{'dpid':'00000000000000d1'}}}");
        assertEquals(201, onSwitch.status(), onSwitch.raw().body());
        assertEquals("{\"dpid\":\"00000000000000d1\"}", onSwitch.body().at("/port/binding").toString(),
                "the switch only: no port, shared with the port bound to d1/3");

        Answer sg = call(tok, "POST", "/v1/security-groups", "{'security_group':{'name':'web','rules':[{'direction':'ingress',"
                + "'protocol':'tcp','port_range_min':443,'port_range_max':443,'remote_ip_prefix':'0.0.0.0/0'}]}}");
        assertEquals(201, sg.status(), sg.raw().body());
        assertEquals(1, sg.body().at("/security_group/rules").size());
        String g = id(sg, "security_group");
        Answer rule = call(tok, "POST", "/v1/security-group-rules", "{'security_group_rule':{'security_group_id':'" + g
                + "','direction':'egress','protocol':'udp','port_range_min':53,'port_range_max':53}}");
        assertEquals(201, rule.status(), rule.raw().body());

        Answer patched = call(tok, "PATCH", "/v1/ports/" + p, "{'port':{'security_groups':['" + g + "'],'name':'vm1'}}", "If-Match", "1");
        assertEquals(200, patched.status(), patched.raw().body());
        assertEquals(2, patched.body().at("/port/revision").asInt());
        assertEquals("\"2\"", patched.raw().headers().firstValue("ETag").orElseThrow());
        Answer stale = call(tok, "PUT", "/v1/ports/" + p, "{'port':{'name':'vm2'}}", "If-Match", "\"1\"");
        assertEquals(412, stale.status());
        assertEquals("precondition_failed", stale.error().get("type").asText());

        Answer list = call(tok, "GET", "/v1/ports?name=vm1", null);
        assertEquals(1, list.body().get("ports").size());
        assertEquals(0, list.body().get("ports_links").size());
        assertEquals(2, call(tok, "GET", "/v1/security-groups", null).body().get("security_groups").size());

        assertEquals(409, call(tok, "DELETE", "/v1/vpcs/" + v, null).status());
        assertEquals(409, call(tok, "DELETE", "/v1/security-groups/" + g, null).status());
        assertEquals(204, call(tok, "DELETE", "/v1/vpcs/" + v + "?cascade=true", null).status());
        assertEquals(404, call(tok, "GET", "/v1/ports/" + p, null).status());
        assertEquals(204, call(tok, "DELETE", "/v1/security-groups/" + g, null).status());
        assertEquals(204, admin("DELETE", "/v1/tenants/" + t[0], null).status());
        assertEquals(401, call(tok, "GET", "/v1/vpcs", null).status());
        assertTrue(yangChecked.get() >= 10, "resources checked against YANG: " + yangChecked.get());
    }

    @Test
    void pagesFollowTheirNextLinks() throws Exception {
        String tok = tenant("pages")[1];
        for (int i = 0; i < 5; i++) {
            assertEquals(201, call(tok, "POST", "/v1/vpcs", "{'vpc':{'name':'v'}}").status());
        }
        Set<String> seen = new HashSet<>();
        String next = "/v1/vpcs?limit=2&name=v";
        int pages = 0;
        while (next != null) {
            Answer a = call(tok, "GET", next, null);
            assertEquals(200, a.status(), a.raw().body());
            a.body().get("vpcs").forEach(x -> assertTrue(seen.add(x.get("id").asText())));
            JsonNode links = a.body().get("vpcs_links");
            next = links.size() == 0 ? null : links.get(0).get("href").asText();
            pages++;
        }
        assertEquals(5, seen.size());
        assertEquals(3, pages);
    }

    @Test
    void tokensAreNeededAndScoped() throws Exception {
        assertEquals(401, call(null, "GET", "/v1/vpcs", null).status());
        Answer bad = call("wrong", "GET", "/v1/vpcs", null);
        assertEquals(401, bad.status());
        assertEquals("unauthorized", bad.error().get("type").asText());
        assertTrue(bad.raw().headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(200, call(null, "GET", "/v1/health", null).status());
        String[] t = tenant("scoped");
        assertEquals(403, call(t[1], "GET", "/v1/devices", null).status());
        assertEquals(403, call(t[1], "GET", "/v1/topology", null).status());
        assertEquals(403, call(t[1], "GET", "/v1/stats", null).status());
        assertEquals(200, admin("GET", "/v1/stats", null).status());
        assertEquals(403, call(t[1], "POST", "/v1/tenants", "{'tenant':{}}").status());
        assertEquals(200, admin("GET", "/v1/devices", null).status());
        // A second token works, is listed without its secret, and stops working when revoked.
        Answer issued = admin("POST", "/v1/tenants/" + t[0] + "/tokens", "{'token':{'description':'ci'}}");
        assertEquals(201, issued.status(), issued.raw().body());
        String second = issued.body().at("/token/secret").asText();
        assertEquals(200, call(second, "GET", "/v1/vpcs", null).status());
        Answer tokens = admin("GET", "/v1/tenants/" + t[0] + "/tokens", null);
        assertEquals(2, tokens.body().get("tokens").size());
        tokens.body().get("tokens").forEach(x -> {
            assertTrue(x.get("secret") == null && x.get("secret_hash") == null);
        });
        assertEquals(204, admin("DELETE", "/v1/tenants/" + t[0] + "/tokens/" + issued.body().at("/token/id").asText(), null).status());
        assertEquals(401, call(second, "GET", "/v1/vpcs", null).status());
        assertEquals(200, call(t[1], "GET", "/v1/vpcs", null).status());
    }

    @Test
    void otherTenantsResourcesAnswer404OnEveryRouteAndVerb() throws Exception {
        String[] a = tenant("a");
        String[] b = tenant("b");
        String v = id(call(a[1], "POST", "/v1/vpcs", "{'vpc':{}}"), "vpc");
        String s = id(call(a[1], "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + v + "','cidr':'10.0.0.0/24'}}"), "subnet");
        String p = id(call(a[1], "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "'}}"), "port");
        String g = id(call(a[1], "POST", "/v1/security-groups", "{'security_group':{'name':'x'}}"), "security_group");
        String r = call(a[1], "GET", "/v1/security-groups/" + g, null).body().at("/security_group/rules/0/id").asText();
        Map<String, String> owned = Map.of("vpcs", v, "subnets", s, "ports", p, "security-groups", g,
                "security-group-rules", r, "tenants", a[0]);
        long before = intents.store().lastSeq();
        for (Map.Entry<String, String> e : owned.entrySet()) {
            String path = "/v1/" + e.getKey() + "/" + e.getValue();
            String singular = e.getKey().replace('-', '_').replaceAll("s$", "");
            assertEquals(404, call(b[1], "GET", path, null).status(), path);
            assertEquals(404, call(b[1], "DELETE", path, null).status(), path);
            assertEquals(404, call(b[1], "DELETE", path + "?cascade=true", null).status(), path);
            if (!e.getKey().equals("security-group-rules") && !e.getKey().equals("tenants")) {
                assertEquals(404, call(b[1], "PATCH", path, "{'" + singular + "':{'name':'x'}}").status(), path);
                assertEquals(404, call(b[1], "PUT", path, "{'" + singular + "':{'name':'x'}}").status(), path);
            }
            JsonNode list = call(b[1], "GET", "/v1/" + e.getKey(), null).body();
            for (JsonNode x : list.get(singular + "s")) {
                assertTrue(!x.get("id").asText().equals(e.getValue()), path);
            }
        }
        // References to another tenant's objects in bodies are refused like unknown ones.
        Answer ref = call(b[1], "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "'}}");
        assertEquals(400, ref.status());
        assertEquals("vpc_id", ref.error().get("field").asText());
        assertEquals(before, intents.store().lastSeq());
        assertEquals(404, call(a[1], "GET", "/v1/tenants/" + b[0], null).status());
        assertEquals(200, call(a[1], "GET", "/v1/tenants/" + a[0], null).status());
    }

    @Test
    void concurrentPortCreatesNeverShareAnAddress() throws Exception {
        String tok = tenant("busy")[1];
        String v = id(call(tok, "POST", "/v1/vpcs", "{'vpc':{}}"), "vpc");
        call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + v + "','cidr':'10.1.0.0/24'}}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            answers.add(pool.submit(() -> call(tok, "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "'}}")));
        }
        Set<String> ips = new HashSet<>();
        Set<String> macs = new HashSet<>();
        for (Future<Answer> f : answers) {
            Answer a = f.get();
            assertEquals(201, a.status(), a.raw().body());
            assertTrue(ips.add(a.body().at("/port/fixed_ips/0/ip_address").asText()));
            assertTrue(macs.add(a.body().at("/port/mac_address").asText()));
        }
        pool.shutdown();
        assertEquals(120, ips.size());
        // And VPCs created concurrently never share a segment id.
        ExecutorService pool2 = Executors.newFixedThreadPool(8);
        List<Future<Answer>> vpcs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            vpcs.add(pool2.submit(() -> call(tok, "POST", "/v1/vpcs", "{'vpc':{}}")));
        }
        Set<Integer> segments = new HashSet<>();
        for (Future<Answer> f : vpcs) {
            assertTrue(segments.add(f.get().body().at("/vpc/segment_id").asInt()));
        }
        pool2.shutdown();
        assertNotNull(segments);
    }
}
