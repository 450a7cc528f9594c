package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/hypervisors} over real HTTP: the admin registers, lists, shows, changes and deletes
 * hypervisors; a tenant token gets 403 on every verb; duplicates are 409 and bad fields 400 naming
 * the field, with nothing stored. Every answer is checked against the OpenAPI document and the
 * YANG module ({@link IntentHttp}).
 */
class HypervisorApiTest extends IntentHttp {

    private Answer register(String dpid, String endpoint, String more) throws Exception {
        return admin("POST", "/v1/hypervisors", "{'hypervisor':{'datapath_id':'" + dpid + "','endpoint_ip':'" + endpoint
                + "'" + more + "}}");
    }

    private String registered(String dpid, String endpoint) throws Exception {
        Answer a = register(dpid, endpoint, "");
        assertEquals(201, a.status(), a.raw().body());
        return id(a, "hypervisor");
    }

    private void refused(Answer a, int status, String type, String field) {
        assertEquals(status, a.status(), a.raw().body());
        assertEquals(type, a.error().get("type").asText(), a.raw().body());
        assertEquals(field, a.error().get("field").isNull() ? null : a.error().get("field").asText(), a.raw().body());
    }

    @Test
    void theAdminRegistersChangesAndDeletesAHypervisor() throws Exception {
        int checked = yangChecked.get();
        Answer created = register("d1", "172.31.199.1", ",'name':'hv1','description':'rack 1','tags':['az1'],"
                + "'external_ids':{'ovs-system-id':'4f1c'}");
        assertEquals(201, created.status(), created.raw().body());
        String id = id(created, "hypervisor");
        assertEquals("/v1/hypervisors/" + id, created.raw().headers().firstValue("Location").orElseThrow());
        assertEquals("\"1\"", created.raw().headers().firstValue("ETag").orElseThrow());
        JsonNode hv = created.body().get("hypervisor");
        assertEquals("00000000000000d1", hv.get("datapath_id").asText(), "written as 16 hex digits");
        assertEquals("172.31.199.1", hv.get("endpoint_ip").asText());
        assertEquals("hv1", hv.get("name").asText());
        assertEquals("4f1c", hv.at("/external_ids/ovs-system-id").asText());
        assertFalse(hv.has("tenant_id"), "a hypervisor belongs to no tenant: " + hv);
        assertEquals(Set.of("id", "name", "description", "datapath_id", "endpoint_ip", "tags", "external_ids",
                "created_at", "updated_at", "revision"), fields(hv));

        Answer shown = admin("GET", "/v1/hypervisors/" + id, null);
        assertEquals(200, shown.status(), shown.raw().body());
        assertEquals(hv, shown.body().get("hypervisor"));

        Answer moved = admin("PATCH", "/v1/hypervisors/" + id, "{'hypervisor':{'endpoint_ip':'172.31.199.11'}}",
                "If-Match", "1");
        assertEquals(200, moved.status(), moved.raw().body());
        assertEquals("172.31.199.11", moved.body().at("/hypervisor/endpoint_ip").asText());
        assertEquals("00000000000000d1", moved.body().at("/hypervisor/datapath_id").asText());
        assertEquals(2, moved.body().at("/hypervisor/revision").asInt());
        assertEquals("\"2\"", moved.raw().headers().firstValue("ETag").orElseThrow());
        refused(admin("PUT", "/v1/hypervisors/" + id, "{'hypervisor':{'name':'x'}}", "If-Match", "\"1\""), 412,
                "precondition_failed", "If-Match");
        Answer renamed = admin("PUT", "/v1/hypervisors/" + id, "{'hypervisor':{'name':'compute 7'}}", "If-Match", "\"2\"");
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals("compute 7", renamed.body().at("/hypervisor/name").asText());
        assertEquals("172.31.199.11", renamed.body().at("/hypervisor/endpoint_ip").asText(), "kept");

        refused(admin("DELETE", "/v1/hypervisors/" + id, null, "If-Match", "2"), 412, "precondition_failed", "If-Match");
        assertEquals(204, admin("DELETE", "/v1/hypervisors/" + id, null, "If-Match", "3").status());
        assertEquals(404, admin("GET", "/v1/hypervisors/" + id, null).status());
        assertEquals(404, admin("DELETE", "/v1/hypervisors/" + id, null).status());
        assertEquals(0, admin("GET", "/v1/hypervisors", null).body().get("hypervisors").size());
        assertEquals(4, yangChecked.get() - checked, "hypervisors checked against YANG (create, show, two updates)");
    }

    @Test
    void listsPageAndFilter() throws Exception {
        Set<String> ids = new HashSet<>();
        for (int i = 1; i <= 5; i++) {
            ids.add(registered(Integer.toHexString(i), "10.0.0." + i));
        }
        Set<String> seen = new HashSet<>();
        String next = "/v1/hypervisors?limit=2";
        int pages = 0;
        while (next != null) {
            Answer a = admin("GET", next, null);
            assertEquals(200, a.status(), a.raw().body());
            a.body().get("hypervisors").forEach(x -> assertTrue(seen.add(x.get("id").asText())));
            JsonNode links = a.body().get("hypervisors_links");
            next = links.size() == 0 ? null : links.get(0).get("href").asText();
            pages++;
        }
        assertEquals(ids, seen);
        assertEquals(3, pages);
        JsonNode byDpid = admin("GET", "/v1/hypervisors?datapath_id=0000000000000003", null).body().get("hypervisors");
        assertEquals(1, byDpid.size());
        assertEquals("10.0.0.3", byDpid.get(0).get("endpoint_ip").asText());
        JsonNode byEndpoint = admin("GET", "/v1/hypervisors?endpoint_ip=10.0.0.4", null).body().get("hypervisors");
        assertEquals("0000000000000004", byEndpoint.get(0).get("datapath_id").asText());
        assertEquals(0, admin("GET", "/v1/hypervisors?endpoint_ip=10.0.0.9", null).body().get("hypervisors").size());
        refused(admin("GET", "/v1/hypervisors?tenant_id=00000000-0000-0000-0000-000000000000", null), 400,
                "bad_request", "tenant_id");
        refused(admin("GET", "/v1/hypervisors?limit=0", null), 400, "bad_request", "limit");
    }

    @Test
    void aTenantTokenIsForbiddenEveryVerb() throws Exception {
        String id = registered("d1", "10.0.0.1");
        String tok = tenant("acme")[1];
        long before = intents.store().lastSeq();
        List<String[]> calls = List.of(
                new String[] {"GET", "/v1/hypervisors", null},
                new String[] {"POST", "/v1/hypervisors", "{'hypervisor':{'datapath_id':'d2','endpoint_ip':'10.0.0.2'}}"},
                new String[] {"GET", "/v1/hypervisors/" + id, null},
                new String[] {"PATCH", "/v1/hypervisors/" + id, "{'hypervisor':{'endpoint_ip':'10.0.0.3'}}"},
                new String[] {"PUT", "/v1/hypervisors/" + id, "{'hypervisor':{'name':'x'}}"},
                new String[] {"DELETE", "/v1/hypervisors/" + id, null},
                new String[] {"GET", "/v1/hypervisors/6f1c2a3e-0000-4000-8000-000000000000", null});
        for (String[] c : calls) {
            Answer a = call(tok, c[0], c[1], c[2]);
            refused(a, 403, "forbidden", null);
        }
        assertEquals(before, intents.store().lastSeq(), "a tenant changed nothing");
        assertEquals(401, call(null, "GET", "/v1/hypervisors", null).status());
        assertEquals(200, admin("GET", "/v1/hypervisors/" + id, null).status());
    }

    @Test
    void duplicatesAreConflicts() throws Exception {
        String a = registered("a", "10.0.0.1");
        String b = registered("b", "10.0.0.2");
        long before = intents.store().lastSeq();
        refused(register("000000000000000a", "10.0.0.3", ""), 409, "conflict", "datapath_id");
        refused(register("00:00:00:00:00:00:00:0A", "10.0.0.3", ""), 409, "conflict", "datapath_id");
        refused(register("c", "10.0.0.2", ""), 409, "conflict", "endpoint_ip");
        refused(admin("PATCH", "/v1/hypervisors/" + a, "{'hypervisor':{'endpoint_ip':'10.0.0.2'}}"), 409, "conflict",
                "endpoint_ip");
        assertEquals(before, intents.store().lastSeq());
        assertEquals(200, admin("PATCH", "/v1/hypervisors/" + b, "{'hypervisor':{'endpoint_ip':'10.0.0.2'}}").status(),
                "its own endpoint");
    }

    @Test
    void badFieldsAreRefusedByName() throws Exception {
        String id = registered("d1", "10.0.0.1");
        long before = intents.store().lastSeq();
        String p = "/v1/hypervisors";
        refused(admin("POST", p, "{'hypervisor':{'endpoint_ip':'10.0.0.2'}}"), 400, "bad_request", "datapath_id");
        refused(admin("POST", p, "{'hypervisor':{'datapath_id':'d2'}}"), 400, "bad_request", "endpoint_ip");
        refused(register("xyz", "10.0.0.2", ""), 400, "bad_request", "datapath_id");
        refused(register("1234567890abcdef0", "10.0.0.2", ""), 400, "bad_request", "datapath_id");
        refused(admin("POST", p, "{'hypervisor':{'datapath_id':209,'endpoint_ip':'10.0.0.2'}}"), 400, "bad_request",
                "datapath_id");
        refused(admin("POST", p, "{'hypervisor':{'datapath_id':null,'endpoint_ip':'10.0.0.2'}}"), 400, "bad_request",
                "datapath_id");
        for (String endpoint : List.of("2001:db8::1", "::ffff:10.0.0.2", "10.0.0", "10.0.0.256", "010.0.0.2",
                "10.0.0.2/24", "host.example", "0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255")) {
            refused(register("d2", endpoint, ""), 400, "bad_request", "endpoint_ip");
        }
        refused(register("d2", "10.0.0.2", ",'tenant_id':'6f1c2a3e-0000-4000-8000-000000000000'"), 400, "bad_request",
                "tenant_id");
        refused(register("d2", "10.0.0.2", ",'id':'6f1c2a3e-0000-4000-8000-000000000000'"), 400, "bad_request", "id");
        refused(register("d2", "10.0.0.2", ",'name':'" + "n".repeat(256) + "'"), 400, "bad_request", "name");
        refused(register("d2", "10.0.0.2", ",'segment_id':5"), 400, "bad_request", "segment_id");
        refused(admin("POST", p, "{'vpc':{}}"), 400, "bad_request", "hypervisor");
        String item = p + "/" + id;
        Answer readOnly = admin("PATCH", item, "{'hypervisor':{'datapath_id':'d9'}}");
        refused(readOnly, 400, "bad_request", "datapath_id");
        assertTrue(readOnly.error().get("message").asText().contains("read only"), readOnly.raw().body());
        refused(admin("PUT", item, "{'hypervisor':{'datapath_id':'00000000000000d1'}}"), 400, "bad_request",
                "datapath_id");
        refused(admin("PATCH", item, "{'hypervisor':{'endpoint_ip':null}}"), 400, "bad_request", "endpoint_ip");
        refused(admin("PATCH", item, "{'hypervisor':{'endpoint_ip':'127.0.0.1'}}"), 400, "bad_request", "endpoint_ip");
        refused(admin("PATCH", item, "{'hypervisor':{'revision':7}}"), 400, "bad_request", "revision");
        refused(admin("PATCH", item, "{'hypervisor':{'name':'x'}}", "If-Match", "one"), 400, "bad_request", "If-Match");
        assertEquals(before, intents.store().lastSeq(), "nothing was stored");
        assertEquals(404, admin("GET", p + "/not-a-uuid", null).status());
    }

    private static Set<String> fields(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
