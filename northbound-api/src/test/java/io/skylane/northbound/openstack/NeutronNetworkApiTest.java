package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neutron's networks over real HTTP: VPCs under Neutron's names, one store with {@code /v1}. */
class NeutronNetworkApiTest extends OpenStackHttp {

    private Tenant acme;
    private String token;

    @BeforeEach
    void login() throws Exception {
        acme = tenant("acme");
        token = login(acme);
    }

    private Answer create(String body) throws Exception {
        return as(token, "POST", "/networking/v2.0/networks", body);
    }

    @Test
    void aNetworkCreatedThroughNeutronIsAVpcWithTheSameIdAndTheOtherWayRound() throws Exception {
        Answer a = create("{'network': {'name': 'web', 'admin_state_up': true, 'description': 'front'}}");
        assertEquals(201, a.status(), a.raw().body());
        JsonNode n = a.body().get("network");
        String id = n.get("id").asText();
        assertEquals("web", n.get("name").asText());
        assertEquals(acme.id(), n.get("project_id").asText());
        assertEquals(acme.id(), n.get("tenant_id").asText());
        assertEquals("ACTIVE", n.get("status").asText());
        assertEquals(1500, n.get("mtu").asInt());
        assertEquals(1, n.get("revision_number").asInt());
        assertTrue(n.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        Answer vpc = native_("GET", "/v1/vpcs/" + id, null);
        assertEquals(200, vpc.status());
        assertEquals("front", vpc.body().at("/vpc/description").asText());

        Answer v1 = native_("POST", "/v1/vpcs", "{'vpc': {'name': 'db', 'tenant_id': '" + acme.id() + "'}}");
        String vpcId = v1.body().at("/vpc/id").asText();
        Answer subnet = native_("POST", "/v1/subnets", "{'subnet': {'vpc_id': '" + vpcId + "', 'cidr': '10.1.0.0/24', "
                + "'tenant_id': '" + acme.id() + "'}}");
        assertEquals(201, subnet.status(), subnet.raw().body());
        Answer shown = as(token, "GET", "/networking/v2.0/networks/" + vpcId, null);
        assertEquals(200, shown.status());
        assertEquals(1, shown.body().at("/network/subnets").size());
        assertEquals(subnet.body().at("/subnet/id").asText(), shown.body().at("/network/subnets/0").asText());
    }

    @Test
    void anotherProjectsNetworkDoesNotExistForATenant() throws Exception {
        Tenant globex = tenant("globex");
        String theirs = as(login(globex), "POST", "/networking/v2.0/networks", "{'network': {'name': 'g'}}")
                .body().at("/network/id").asText();
        create("{'network': {'name': 'mine'}}");
        Answer show = as(token, "GET", "/networking/v2.0/networks/" + theirs, null);
        assertEquals(404, show.status());
        assertEquals("HTTPNotFound", show.body().at("/NeutronError/type").asText());
        assertEquals("Network " + theirs + " could not be found.", show.body().at("/NeutronError/message").asText());
        assertEquals(404, as(token, "PUT", "/networking/v2.0/networks/" + theirs, "{'network': {'name': 'x'}}").status());
        assertEquals(404, as(token, "DELETE", "/networking/v2.0/networks/" + theirs, null).status());
        assertEquals(List.of("mine"), as(token, "GET", "/networking/v2.0/networks", null).body()
                .get("networks").findValuesAsText("name"));
        Answer naming = create("{'network': {'name': 'n', 'project_id': '" + globex.id() + "'}}");
        assertEquals(403, naming.status());
        assertEquals(2, native_("GET", "/v1/vpcs", null).body().get("vpcs").size(), "nothing created");
    }

    @Test
    void whatSkylaneCannotHonourIsRefusedWithTheReasonAndNothingChanges() throws Exception {
        for (String body : List.of("{'network': {'name': 'n', 'shared': true}}",
                "{'network': {'name': 'n', 'admin_state_up': false}}",
                "{'network': {'name': 'n', 'router:external': true}}",
                "{'network': {'name': 'n', 'port_security_enabled': false}}",
                "{'network': {'name': 'n', 'mtu': 9000}}",
                "{'network': {'name': 'n', 'provider:network_type': 'vlan'}}",
                "{'networks': [{'name': 'n'}]}",
                "{'network': {'name': 7}}")) {
            Answer a = create(body);
            assertEquals(400, a.status(), body + " -> " + a.raw().body());
            assertEquals("HTTPBadRequest", a.body().at("/NeutronError/type").asText(), body);
            assertTrue(!a.body().at("/NeutronError/message").asText().isEmpty(), body);
        }
        assertEquals(0, native_("GET", "/v1/vpcs", null).body().get("vpcs").size());
        Answer unknown = create("{'network': {'name': 'n', 'colour': 'red'}}");
        assertEquals("Unrecognized attribute(s) 'colour'", unknown.body().at("/NeutronError/message").asText());
        Answer fine = create("{'network': {'name': 'n', 'shared': false, 'mtu': 1500, 'port_security_enabled': true}}");
        assertEquals(201, fine.status(), fine.raw().body());
    }

    @Test
    void anUpdateChangesNameAndDescriptionAndHonoursIfMatchOnTheRevisionNumber() throws Exception {
        String id = create("{'network': {'name': 'a'}}").body().at("/network/id").asText();
        Answer renamed = as(token, "PUT", "/networking/v2.0/networks/" + id, "{'network': {'name': 'b'}}",
                "If-Match", "revision_number=1");
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals("b", renamed.body().at("/network/name").asText());
        assertEquals(2, renamed.body().at("/network/revision_number").asInt());
        Answer stale = as(token, "PUT", "/networking/v2.0/networks/" + id, "{'network': {'name': 'c'}}",
                "If-Match", "revision_number=1");
        assertEquals(412, stale.status());
        assertTrue(stale.body().at("/NeutronError/message").asText().contains("revision_number"),
                stale.raw().body());
        assertEquals(400, as(token, "PUT", "/networking/v2.0/networks/" + id, "{'network': {'shared': true}}").status());
        assertEquals("b", native_("GET", "/v1/vpcs/" + id, null).body().at("/vpc/name").asText());
    }

    @Test
    void deletingANetworkTakesItsSubnetsButNotWhileAPortIsOnIt() throws Exception {
        String id = create("{'network': {'name': 'a'}}").body().at("/network/id").asText();
        Answer subnetMade = native_("POST", "/v1/subnets", "{'subnet': {'vpc_id': '" + id + "', 'cidr': '10.0.0.0/24', "
                + "'tenant_id': '" + acme.id() + "'}}");
        assertEquals(201, subnetMade.status(), subnetMade.raw().body());
        String subnet = subnetMade.body().at("/subnet/id").asText();
        Answer portMade = native_("POST", "/v1/ports", "{'port': {'vpc_id': '" + id + "', 'tenant_id': '" + acme.id() + "'}}");
        assertEquals(201, portMade.status(), portMade.raw().body());
        String port = portMade.body().at("/port/id").asText();
        Answer inUse = as(token, "DELETE", "/networking/v2.0/networks/" + id, null);
        assertEquals(409, inUse.status());
        assertEquals("Conflict", inUse.body().at("/NeutronError/type").asText());
        assertTrue(inUse.body().at("/NeutronError/message").asText().startsWith("network " + id), inUse.raw().body());
        assertEquals(200, native_("GET", "/v1/subnets/" + subnet, null).status(), "nothing went");
        assertEquals(204, native_("DELETE", "/v1/ports/" + port, null).status());
        assertEquals(204, as(token, "DELETE", "/networking/v2.0/networks/" + id, null).status());
        assertEquals(404, native_("GET", "/v1/subnets/" + subnet, null).status());
        assertEquals(404, native_("GET", "/v1/vpcs/" + id, null).status());
    }

    @Test
    void listingsFilterSortPageAndPickFieldsAsNeutronDoes() throws Exception {
        for (String name : List.of("c", "a", "b", "a")) {
            create("{'network': {'name': '" + name + "'}}");
        }
        Answer a = as(token, "GET", "/networking/v2.0/networks?name=a&fields=name&fields=id", null);
        assertEquals(2, a.body().get("networks").size());
        assertEquals(List.of("id", "name"), fieldNames(a.body().at("/networks/0")));
        Answer sorted = as(token, "GET", "/networking/v2.0/networks?sort_key=name&sort_dir=desc", null);
        assertEquals(List.of("c", "b", "a", "a"), sorted.body().get("networks").findValuesAsText("name"));
        Answer page1 = as(token, "GET", "/networking/v2.0/networks?sort_key=name&sort_dir=asc&limit=3", null);
        assertEquals(List.of("a", "a", "b"), page1.body().get("networks").findValuesAsText("name"));
        String next = page1.body().at("/networks_links/0/href").asText();
        assertEquals("next", page1.body().at("/networks_links/0/rel").asText());
        Answer page2 = as(token, "GET", next.substring(base().length()), null);
        assertEquals(List.of("c"), page2.body().get("networks").findValuesAsText("name"));
        Answer both = as(token, "GET", "/networking/v2.0/networks?name=a&name=c&shared=False", null);
        assertEquals(3, both.body().get("networks").size());
        Answer bad = as(token, "GET", "/networking/v2.0/networks?colour=red", null);
        assertEquals(400, bad.status());
        assertTrue(bad.body().at("/NeutronError/message").asText().contains("colour"));
    }

    @Test
    void discoveryExtensionsAndErrorsSpeakNeutron() throws Exception {
        assertEquals("v2.0", call("GET", "/networking", null).body().at("/versions/0/id").asText());
        Answer ext = as(token, "GET", "/networking/v2.0/extensions", null);
        assertTrue(ext.body().get("extensions").findValuesAsText("alias").containsAll(
                List.of("project-id", "net-mtu", "standard-attr-revisions", "pagination", "sorting")));
        assertEquals(404, as(token, "GET", "/networking/v2.0/extensions/dvr", null).status());
        Answer noToken = call("GET", "/networking/v2.0/networks", null);
        assertEquals(401, noToken.status());
        assertEquals("HTTPUnauthorized", noToken.body().at("/NeutronError/type").asText());
        Answer noRoute = as(token, "GET", "/networking/v2.0/floatingips", null);
        assertEquals(404, noRoute.status());
        assertEquals("HTTPNotFound", noRoute.body().at("/NeutronError/type").asText());
        Answer notJson = as(token, "POST", "/networking/v2.0/networks", "{'network'");
        assertEquals(400, notJson.status());
        assertEquals("HTTPBadRequest", notJson.body().at("/NeutronError/type").asText());
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> out = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        java.util.Collections.sort(out);
        return out;
    }
}
