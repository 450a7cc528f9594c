package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The load-balancing schemas of openapi.json against what the API answers: the JSON form of each
 * resource ({@link ResourceJson}) in its envelope, and the status tree of the contract
 * (docs/api.md, "Load balancers"). The API tests check the same answers over HTTP once the routes serve them.
 */
class OpenApiLoadBalancerTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static List<String> problems(String schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        OpenApiCheck.validate(M.createObjectNode().put("$ref", "#/components/schemas/" + schema), value, "", out);
        return out;
    }

    private static void conforms(String schema, String key, Resource r) {
        ObjectNode envelope = M.createObjectNode();
        envelope.set(key, ResourceJson.toJson(r));
        assertEquals(List.of(), problems(schema, envelope), schema + ": " + envelope);
    }

    @Test
    void everyResourceAnswersAsItsSchemaSays() {
        TenantFixture t = new TenantFixture();
        IntentService svc = t.intents;
        var subnet = t.subnet(t.vpc().id(), "10.0.0.0/24");
        LoadBalancer lb = (LoadBalancer) svc.create(Actor.ADMIN, new LoadBalancerCreate(t.tenant, subnet.id(), null,
                new LoadBalancerUpdate(Common.named("web").withTags(List.of("prod")), Given.of(false))));
        Listener tcp = (Listener) svc.create(Actor.ADMIN, new ListenerCreate(t.tenant, lb.id(), L4Protocol.TCP, 80,
                ListenerUpdate.NONE.withAllowedCidrs(List.of(IpPrefix.parse("10.0.0.0/25")))));
        Listener udp = (Listener) svc.create(Actor.ADMIN, new ListenerCreate(t.tenant, lb.id(), L4Protocol.UDP, 53,
                ListenerUpdate.NONE));
        Pool forListener = (Pool) svc.create(Actor.ADMIN, new PoolCreate(t.tenant, null, tcp.id(), L4Protocol.TCP,
                PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP).withSessionPersistence(
                        new Pool.SessionPersistence(Pool.SessionPersistence.Type.SOURCE_IP))));
        Pool alone = (Pool) svc.create(Actor.ADMIN, new PoolCreate(t.tenant, lb.id(), null, L4Protocol.UDP,
                PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP_PORT)));
        var member = svc.create(Actor.ADMIN, new MemberCreate(t.tenant, forListener.id(), IpAddresses.parse("10.0.0.20"),
                8080, null, MemberUpdate.NONE.withWeight(0).withBackup(true)));
        var monitor = svc.create(Actor.ADMIN, new HealthMonitorCreate(t.tenant, forListener.id(),
                HealthMonitor.Type.UDP_CONNECT, HealthMonitorUpdate.timing(5, 3, 2)));

        conforms("LoadBalancerEnvelope", "load_balancer", lb);
        conforms("ListenerEnvelope", "listener", svc.store().get(tcp.type(), tcp.id()));
        conforms("ListenerEnvelope", "listener", udp);
        conforms("PoolEnvelope", "pool", forListener);
        conforms("PoolEnvelope", "pool", alone);
        conforms("MemberEnvelope", "member", member);
        conforms("HealthMonitorEnvelope", "healthmonitor", monitor);
        JsonNode shown = ResourceJson.toJson(svc.store().get(tcp.type(), tcp.id()));
        assertEquals(forListener.id().toString(), shown.path("default_pool_id").asText(), "a default pool, not null");
        assertTrue(ResourceJson.toJson(alone).path("session_persistence").isNull());

        // the schemas are strict: a field the document does not know, or a status it does not list, is caught
        ObjectNode extra = ResourceJson.toJson(lb).put("vip_port_id", lb.id().toString());
        assertFalse(problems("LoadBalancer", extra).isEmpty());
        ObjectNode badStatus = ResourceJson.toJson(member).put("operating_status", "UP");
        assertFalse(problems("Member", badStatus).isEmpty());
    }

    @Test
    void theStatusTreeOfTheContractConforms() throws Exception {
        String id = "6f1c2a3e-0000-4000-8000-00000000000";
        String tree = "{\"statuses\": {\"loadbalancer\": {\"id\": \"" + id + "1\", \"name\": \"web\","
                + " \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\", \"listeners\": ["
                + "{\"id\": \"" + id + "2\", \"name\": \"\", \"provisioning_status\": \"PENDING_CREATE\","
                + " \"operating_status\": \"OFFLINE\", \"pools\": ["
                + "{\"id\": \"" + id + "3\", \"name\": \"\", \"provisioning_status\": \"PENDING_CREATE\","
                + " \"operating_status\": \"OFFLINE\", \"health_monitor\": {\"id\": \"" + id + "4\", \"type\": \"TCP\","
                + " \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\"},"
                + " \"members\": [{\"id\": \"" + id + "5\", \"name\": \"\", \"address\": \"10.0.0.20\","
                + " \"protocol_port\": 8080, \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\"}]},"
                + "{\"id\": \"" + id + "6\", \"name\": \"\", \"provisioning_status\": \"PENDING_CREATE\","
                + " \"operating_status\": \"OFFLINE\", \"health_monitor\": null, \"members\": []}]}]}}}";
        JsonNode json = M.readTree(tree);
        assertEquals(List.of(), problems("LoadBalancerStatuses", json));
        ((ObjectNode) json.at("/statuses/loadbalancer/listeners/0/pools/1")).remove("health_monitor");
        assertEquals(List.of("statuses.loadbalancer.listeners[0].pools[1]: health_monitor is required"),
                problems("LoadBalancerStatuses", json), "null when the pool has none, never absent");
        assertFalse(problems("LoadBalancerStatuses", M.valueToTree(Map.of("statuses", Map.of()))).isEmpty());
    }
}
