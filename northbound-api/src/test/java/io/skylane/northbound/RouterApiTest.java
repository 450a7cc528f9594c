package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/routers} over real HTTP: a tenant joins subnets of two VPCs with a router, replaces its
 * interfaces with If-Match, lists and filters routers by subnet, and deletes it (409 with interfaces
 * unless cascade); each refusal names its field with nothing stored; a subnet or VPC on a router is
 * in use. Every answer is checked against the OpenAPI document and the YANG module ({@link IntentHttp}).
 */
class RouterApiTest extends IntentHttp {

    private String tok;
    private String web;
    private String db;

    @BeforeEach
    void tenantWithTwoVpcs() throws Exception {
        tok = tenant("acme")[1];
        web = subnet(vpc(), "10.0.1.0/24");
        db = subnet(vpc(), "10.1.1.0/24");
    }

    private String vpc() throws Exception {
        Answer a = call(tok, "POST", "/v1/vpcs", "{'vpc':{}}");
        assertEquals(201, a.status(), a.raw().body());
        return id(a, "vpc");
    }

    private String subnet(String vpc, String cidr) throws Exception {
        Answer a = call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + vpc + "','cidr':'" + cidr + "'}}");
        assertEquals(201, a.status(), a.raw().body());
        return id(a, "subnet");
    }

    private Answer create(String fields) throws Exception {
        return call(tok, "POST", "/v1/routers", "{'router':{" + fields + "}}");
    }

    private String router(String... subnets) throws Exception {
        Answer a = create("'subnet_ids':" + ids(subnets));
        assertEquals(201, a.status(), a.raw().body());
        return id(a, "router");
    }

    private static String ids(String... subnets) {
        List<String> quoted = new ArrayList<>();
        for (String s : subnets) {
            quoted.add("'" + s + "'");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private static List<String> subnetIds(JsonNode router) {
        List<String> out = new ArrayList<>();
        router.get("subnet_ids").forEach(s -> out.add(s.asText()));
        return out;
    }

    private void refused(Answer a, int status, String type, String field, String... inMessage) {
        assertEquals(status, a.status(), a.raw().body());
        assertEquals(type, a.error().get("type").asText(), a.raw().body());
        assertEquals(field, a.error().get("field").isNull() ? null : a.error().get("field").asText(), a.raw().body());
        for (String s : inMessage) {
            assertTrue(a.error().get("message").asText().contains(s), a.raw().body());
        }
    }

    @Test
    void aTenantJoinsTwoVpcsChangesTheInterfacesAndDeletesTheRouter() throws Exception {
        int checked = yangChecked.get();
        Answer created = create("'name':'edge','subnet_ids':" + ids(web, db) + ",'tags':['prod']");
        assertEquals(201, created.status(), created.raw().body());
        String id = id(created, "router");
        assertEquals("/v1/routers/" + id, created.raw().headers().firstValue("Location").orElseThrow());
        assertEquals("\"1\"", created.raw().headers().firstValue("ETag").orElseThrow());
        JsonNode r = created.body().get("router");
        assertEquals(List.of(web, db), subnetIds(r));
        assertEquals("edge", r.get("name").asText());
        Set<String> fields = new HashSet<>();
        r.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("id", "name", "description", "tenant_id", "subnet_ids", "tags", "external_ids",
                "created_at", "updated_at", "revision"), fields);

        Answer shown = call(tok, "GET", "/v1/routers/" + id, null);
        assertEquals(200, shown.status(), shown.raw().body());
        assertEquals(r, shown.body().get("router"));

        Answer detached = call(tok, "PATCH", "/v1/routers/" + id, "{'router':{'subnet_ids':" + ids(db) + "}}",
                "If-Match", "1");
        assertEquals(200, detached.status(), detached.raw().body());
        assertEquals(List.of(db), subnetIds(detached.body().get("router")), "the list is replaced whole");
        assertEquals("\"2\"", detached.raw().headers().firstValue("ETag").orElseThrow());
        refused(call(tok, "PUT", "/v1/routers/" + id, "{'router':{'subnet_ids':[]}}", "If-Match", "\"1\""), 412,
                "precondition_failed", "If-Match");
        Answer renamed = call(tok, "PUT", "/v1/routers/" + id, "{'router':{'name':'core'}}", "If-Match", "\"2\"");
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals(List.of(db), subnetIds(renamed.body().get("router")), "absent: kept");
        Answer attached = call(tok, "PUT", "/v1/routers/" + id, "{'router':{'subnet_ids':" + ids(db, web) + "}}");
        assertEquals(List.of(db, web), subnetIds(attached.body().get("router")));

        refused(call(tok, "DELETE", "/v1/routers/" + id, null), 409, "conflict", null, "interface");
        assertEquals(204, call(tok, "DELETE", "/v1/routers/" + id + "?cascade=true", null, "If-Match", "4").status());
        assertEquals(404, call(tok, "GET", "/v1/routers/" + id, null).status());
        assertEquals(200, call(tok, "GET", "/v1/subnets/" + web, null).status(), "its subnets stay");
        assertEquals(204, call(tok, "DELETE", "/v1/subnets/" + web, null).status(), "and are no longer in use");
        assertEquals(6, yangChecked.get() - checked, "checked against YANG: the router (create, show, three updates), the subnet");
    }

    @Test
    void listsPageAndFilterBySubnetAndTenant() throws Exception {
        String onWeb = router(web);
        Set<String> all = new HashSet<>(List.of(onWeb, router(db), router(), router()));
        Set<String> seen = new HashSet<>();
        String next = "/v1/routers?limit=3";
        int pages = 0;
        while (next != null) {
            Answer a = call(tok, "GET", next, null);
            assertEquals(200, a.status(), a.raw().body());
            a.body().get("routers").forEach(x -> assertTrue(seen.add(x.get("id").asText())));
            JsonNode links = a.body().get("routers_links");
            next = links.size() == 0 ? null : links.get(0).get("href").asText();
            pages++;
        }
        assertEquals(all, seen);
        assertEquals(2, pages);
        JsonNode bySubnet = call(tok, "GET", "/v1/routers?subnet_id=" + web, null).body().get("routers");
        assertEquals(1, bySubnet.size());
        assertEquals(onWeb, bySubnet.get(0).get("id").asText());
        refused(call(tok, "GET", "/v1/routers?subnet_ids=" + web, null), 400, "bad_request", "subnet_ids");
        String other = tenant("other")[1];
        assertEquals(0, call(other, "GET", "/v1/routers", null).body().get("routers").size());
        assertEquals(404, call(other, "GET", "/v1/routers/" + onWeb, null).status());
        assertEquals(4, admin("GET", "/v1/routers", null).body().get("routers").size(), "the admin sees all");
    }

    @Test
    void badInterfacesAreRefusedByName() throws Exception {
        String taken = router(web);
        String noGateway = id(call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + vpc()
                + "','cidr':'10.2.0.0/24','gateway_ip':null}}"), "subnet");
        String overlapping = subnet(vpc(), "10.1.0.0/16");
        String[] other = tenant("other");
        String theirs = id(call(other[1], "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + id(call(other[1], "POST",
                "/v1/vpcs", "{'vpc':{}}"), "vpc") + "','cidr':'10.9.0.0/24'}}"), "subnet");
        long before = intents.store().lastSeq();
        refused(create("'subnet_ids':" + ids(db, theirs)), 400, "bad_request", "subnet_ids[1]", "no subnet " + theirs);
        refused(create("'subnet_ids':" + ids("6f1c2a3e-0000-4000-8000-000000000000")), 400, "bad_request",
                "subnet_ids[0]");
        refused(create("'subnet_ids':" + ids(db, db)), 400, "bad_request", "subnet_ids[1]", "listed twice");
        refused(create("'subnet_ids':" + ids(noGateway)), 400, "bad_request", "subnet_ids[0]",
                "has no gateway_ip: a router interface takes the subnet's gateway");
        refused(create("'subnet_ids':" + ids(db, web)), 409, "conflict", "subnet_ids[1]", taken);
        refused(create("'subnet_ids':" + ids(db, overlapping)), 409, "conflict", "subnet_ids[1]", db, overlapping,
                "10.1.1.0/24", "10.1.0.0/16");
        refused(create("'subnet_ids':'" + db + "'"), 400, "bad_request", "subnet_ids");
        refused(create("'subnet_ids':null"), 400, "bad_request", "subnet_ids");
        refused(create("'subnet_ids':[null]"), 400, "bad_request", "subnet_ids[0]");
        refused(create("'subnet_ids':['web']"), 400, "bad_request", "subnet_ids[0]");
        refused(create("'external_gateway_info':{}"), 400, "bad_request", "external_gateway_info", "unknown field");
        refused(create("'segment_id':5"), 400, "bad_request", "segment_id", "read only");
        refused(create("'tenant_id':'" + other[0] + "'"), 400, "bad_request", "tenant_id");
        refused(call(tok, "POST", "/v1/routers", "{'vpc':{}}"), 400, "bad_request", "router");
        refused(call(tok, "PATCH", "/v1/routers/" + taken, "{'router':{'subnet_ids':" + ids(web, noGateway) + "}}"),
                400, "bad_request", "subnet_ids[1]");
        refused(call(tok, "PATCH", "/v1/routers/" + taken, "{'router':{'tenant_id':'" + other[0] + "'}}"), 400,
                "bad_request", "tenant_id", "read only");
        assertEquals(before, intents.store().lastSeq(), "nothing was stored");
    }

    @Test
    void aSubnetOnARouterAndItsVpcAreInUse() throws Exception {
        String vpc = call(tok, "GET", "/v1/subnets/" + web, null).body().at("/subnet/vpc_id").asText();
        String router = router(web, db);
        refused(call(tok, "DELETE", "/v1/subnets/" + web, null), 409, "conflict", null, "router " + router);
        refused(call(tok, "DELETE", "/v1/vpcs/" + vpc, null), 409, "conflict", null);
        refused(call(tok, "PATCH", "/v1/subnets/" + web, "{'subnet':{'gateway_ip':null}}"), 409, "conflict",
                "gateway_ip", "router " + router);
        assertEquals(204, call(tok, "DELETE", "/v1/vpcs/" + vpc + "?cascade=true", null).status());
        Answer after = call(tok, "GET", "/v1/routers/" + router, null);
        assertEquals(List.of(db), subnetIds(after.body().get("router")), "the interface went with its subnet");
        assertEquals(2, after.body().at("/router/revision").asInt());
    }
}
