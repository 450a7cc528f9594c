package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The load balancers over real HTTP: the whole tree created by a tenant as an orchestrator would,
 * a pool's members at their nested path, the status tree, revisions, cascades and refusals.
 */
class LoadBalancerApiTest extends IntentHttp {

    private String token;
    private String subnet;

    private Answer as(String method, String path, String body, String... headers) throws Exception {
        return call(token, method, path, body, headers);
    }

    private String create(String path, String envelope, String fields) throws Exception {
        Answer a = as("POST", path, "{'" + envelope + "':{" + fields + "}}");
        assertEquals(201, a.status(), a.raw().body());
        return id(a, envelope);
    }

    private void tenantWithSubnet() throws Exception {
        token = tenant("acme")[1];
        String vpc = create("/v1/vpcs", "vpc", "'name':'web'");
        subnet = create("/v1/subnets", "subnet", "'vpc_id':'" + vpc + "','cidr':'10.0.0.0/24'");
    }

    private static void assertError(Answer a, int status, String field) {
        assertEquals(status, a.status(), a.raw().body());
        JsonNode f = a.error().get("field");
        assertEquals(field, f == null || f.isNull() ? null : f.asText(), a.raw().body());
    }

    @Test
    void aTenantBuildsALoadBalancerTreeAndReadsItsStatus() throws Exception {
        tenantWithSubnet();
        Answer lbAnswer = as("POST", "/v1/load-balancers", "{'load_balancer':{'name':'front','vip_subnet_id':'" + subnet + "'}}");
        assertEquals(201, lbAnswer.status(), lbAnswer.raw().body());
        JsonNode lb = lbAnswer.body().get("load_balancer");
        String lbId = lb.get("id").asText();
        assertEquals("/v1/load-balancers/" + lbId, lbAnswer.raw().headers().firstValue("Location").orElseThrow());
        assertEquals("10.0.0.2", lb.get("vip_address").asText());
        assertEquals("PENDING_CREATE", lb.get("provisioning_status").asText());
        assertEquals("OFFLINE", lb.get("operating_status").asText());

        String listener = create("/v1/listeners", "listener", "'loadbalancer_id':'" + lbId
                + "','protocol':'TCP','protocol_port':80,'allowed_cidrs':['10.0.0.0/16']");
        String pool = create("/v1/pools", "pool", "'listener_id':'" + listener
                + "','protocol':'TCP','lb_algorithm':'SOURCE_IP_PORT'");
        assertEquals(pool, as("GET", "/v1/listeners/" + listener, null).body().at("/listener/default_pool_id").asText(),
                "a pool created for a listener is its default pool");
        String members = "/v1/pools/" + pool + "/members";
        String m1 = create(members, "member", "'address':'10.0.0.11','protocol_port':8080");
        String m2 = create(members, "member", "'address':'10.0.0.12','protocol_port':8080,'weight':3,'backup':true");
        String monitor = create("/v1/health-monitors", "healthmonitor", "'pool_id':'" + pool
                + "','type':'TCP','delay':5,'timeout':3,'max_retries':2");

        Answer list = as("GET", members + "?weight=3", null);
        assertEquals(200, list.status());
        assertEquals(List.of(m2), ids(list.body().get("members")));
        assertEquals(2, as("GET", members, null).body().get("members").size());
        assertError(as("GET", members + "?pool_id=" + pool, null), 400, "pool_id");

        Answer patched = as("PATCH", members + "/" + m1, "{'member':{'weight':0,'admin_state_up':false}}", "If-Match", "1");
        assertEquals(200, patched.status(), patched.raw().body());
        assertEquals(2, patched.body().at("/member/revision").asInt());
        assertEquals("\"2\"", patched.raw().headers().firstValue("ETag").orElseThrow());
        assertError(as("PUT", members + "/" + m1, "{'member':{'weight':1}}", "If-Match", "1"), 412, "If-Match");

        String otherPool = create("/v1/pools", "pool", "'loadbalancer_id':'" + lbId
                + "','protocol':'TCP','lb_algorithm':'SOURCE_IP'");
        assertEquals(404, as("GET", "/v1/pools/" + otherPool + "/members/" + m1, null).status(),
                "a member is found only under its own pool");

        JsonNode tree = as("GET", "/v1/load-balancers/" + lbId + "/status", null).body().at("/statuses/loadbalancer");
        assertEquals(lbId, tree.get("id").asText());
        JsonNode treeListener = tree.get("listeners").get(0);
        assertEquals(listener, treeListener.get("id").asText());
        JsonNode treePool = treeListener.get("pools").get(0);
        assertEquals(1, treeListener.get("pools").size(), "only the listener's pools");
        assertEquals(pool, treePool.get("id").asText());
        assertEquals(monitor, treePool.at("/health_monitor/id").asText());
        assertEquals(2, treePool.get("members").size());

        assertError(as("DELETE", "/v1/load-balancers/" + lbId, null), 409, null);
        assertEquals(204, as("DELETE", "/v1/load-balancers/" + lbId + "?cascade=true", null).status());
        for (String gone : List.of("/v1/load-balancers/" + lbId, "/v1/listeners/" + listener, "/v1/pools/" + pool,
                "/v1/pools/" + otherPool, "/v1/health-monitors/" + monitor)) {
            assertEquals(404, as("GET", gone, null).status(), gone);
        }
        assertEquals(404, as("GET", members, null).status(), "the members of a pool that is gone");
        assertTrue(yangChecked.get() > 8, "answers were checked against the YANG module: " + yangChecked.get());
    }

    @Test
    void badRequestsNameTheirFieldAndStoreNothing() throws Exception {
        tenantWithSubnet();
        String lb = create("/v1/load-balancers", "load_balancer", "'vip_subnet_id':'" + subnet + "'");
        String pool = create("/v1/pools", "pool", "'loadbalancer_id':'" + lb + "','protocol':'UDP','lb_algorithm':'SOURCE_IP'");
        create("/v1/health-monitors", "healthmonitor", "'pool_id':'" + pool + "','type':'PING','delay':5,'timeout':5,'max_retries':1");
        String[] other = tenant("other");
        long before = intents.store().lastSeq();
        String lbs = "/v1/load-balancers";
        assertError(as("POST", lbs, "{'load_balancer':{}}"), 400, "vip_subnet_id");
        assertError(as("POST", lbs, "{'load_balancer':{'vip_subnet_id':'" + subnet + "','vip_address':'10.1.0.5'}}"),
                400, "vip_address");
        assertError(as("POST", lbs, "{'load_balancer':{'vip_subnet_id':'" + subnet + "','vip_address':'10.0.0.2'}}"),
                409, "vip_address");
        assertError(as("POST", lbs, "{'load_balancer':{'vip_subnet_id':'" + subnet + "','provisioning_status':'ACTIVE'}}"),
                400, "provisioning_status");
        assertError(as("PATCH", lbs + "/" + lb, "{'load_balancer':{'vip_address':'10.0.0.9'}}"), 400, "vip_address");
        assertError(as("POST", "/v1/listeners", "{'listener':{'loadbalancer_id':'" + lb + "','protocol':'HTTP','protocol_port':80}}"),
                400, "protocol");
        assertError(as("POST", "/v1/listeners", "{'listener':{'loadbalancer_id':'" + lb + "','protocol':'TCP','protocol_port':0}}"),
                400, "protocol_port");
        Answer rr = as("POST", "/v1/pools", "{'pool':{'loadbalancer_id':'" + lb + "','protocol':'TCP','lb_algorithm':'ROUND_ROBIN'}}");
        assertError(rr, 400, "lb_algorithm");
        assertTrue(rr.error().get("message").asText().contains("SOURCE_IP_PORT"), rr.raw().body());
        assertError(as("POST", "/v1/pools/" + pool + "/members", "{'member':{'address':'10.9.0.5','protocol_port':53}}"),
                400, "address");
        assertError(as("POST", "/v1/pools/" + pool + "/members", "{'member':{'address':'10.0.0.5','protocol_port':53,'weight':300}}"),
                400, "weight");
        assertError(as("POST", "/v1/pools/" + pool + "/members", "{'member':{'address':'10.0.0.5','protocol_port':53,'pool_id':'" + pool + "'}}"),
                400, "pool_id");
        assertError(as("POST", "/v1/health-monitors", "{'healthmonitor':{'pool_id':'" + pool + "','type':'TCP','delay':5,'timeout':3,'max_retries':1}}"),
                409, "pool_id");
        String fresh = create("/v1/pools", "pool", "'loadbalancer_id':'" + lb + "','protocol':'TCP','lb_algorithm':'SOURCE_IP'");
        before = intents.store().lastSeq();
        assertError(as("POST", "/v1/health-monitors", "{'healthmonitor':{'pool_id':'" + fresh + "','type':'TCP','delay':5,'timeout':6,'max_retries':1}}"),
                400, "timeout");
        assertError(as("POST", "/v1/health-monitors", "{'healthmonitor':{'pool_id':'" + fresh + "','type':'HTTP','delay':5,'timeout':3,'max_retries':1}}"),
                400, "type");
        assertError(call(other[1], "POST", "/v1/listeners", "{'listener':{'loadbalancer_id':'" + lb + "','protocol':'TCP','protocol_port':80}}"),
                400, "loadbalancer_id");
        assertEquals(404, call(other[1], "GET", lbs + "/" + lb, null).status());
        assertEquals(404, call(other[1], "GET", lbs + "/" + lb + "/status", null).status());
        assertEquals(404, call(other[1], "GET", "/v1/pools/" + pool + "/members", null).status());
        assertEquals(before, intents.store().lastSeq(), "refused requests store nothing");
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }
}
