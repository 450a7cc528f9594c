package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Neutron's routers over real HTTP: Skylane routers, their interfaces shown as ports. */
class NeutronRouterApiTest extends NeutronHttp {

    private static final String ROUTERS = "/networking/v2.0/routers";

    private String router(String name) throws Exception {
        Answer a = as(token, "POST", ROUTERS, "{'router': {'name': '" + name + "', 'admin_state_up': true}}");
        assertEquals(201, a.status(), a.raw().body());
        return a.body().at("/router/id").asText();
    }

    private Answer add(String router, String body) throws Exception {
        return as(token, "PUT", ROUTERS + "/" + router + "/add_router_interface", body);
    }

    private Answer remove(String router, String body) throws Exception {
        return as(token, "PUT", ROUTERS + "/" + router + "/remove_router_interface", body);
    }

    @Test
    void aRouterJoinsSubnetsOfTwoNetworksAndItsInterfacesAreShownAsPorts() throws Exception {
        Answer made = as(token, "POST", ROUTERS, "{'router': {'name': 'r1', 'description': 'edge'}}");
        assertEquals(201, made.status(), made.raw().body());
        JsonNode r = made.body().get("router");
        String id = r.get("id").asText();
        assertEquals("ACTIVE", r.get("status").asText());
        assertTrue(r.get("admin_state_up").asBoolean());
        assertTrue(r.get("external_gateway_info").isNull());
        assertEquals(0, r.get("routes").size());
        assertEquals(acme.id(), r.get("project_id").asText());
        assertEquals(1, r.get("revision_number").asInt());
        assertEquals("edge", native_("GET", "/v1/routers/" + id, null).body().at("/router/description").asText());

        String web = subnet(network("web"), "10.0.1.0/24");
        String dbNet = network("db");
        String db = subnet(dbNet, "10.0.2.0/24");
        Answer a = add(id, "{'subnet_id': '" + web + "'}");
        assertEquals(200, a.status(), a.raw().body());
        assertEquals(id, a.body().get("id").asText());
        assertEquals(web, a.body().get("subnet_id").asText());
        assertEquals(1, a.body().get("subnet_ids").size());
        assertEquals(web, a.body().at("/subnet_ids/0").asText());
        String webPort = a.body().get("port_id").asText();
        Answer b = add(id, "{'subnet_id': '" + db + "'}");
        assertEquals(200, b.status(), b.raw().body());
        assertEquals(dbNet, b.body().get("network_id").asText());

        JsonNode v1 = native_("GET", "/v1/routers/" + id, null).body().get("router");
        assertEquals(List.of(web, db), List.of(v1.at("/subnet_ids/0").asText(), v1.at("/subnet_ids/1").asText()));

        JsonNode ports = as(token, "GET", "/networking/v2.0/ports?device_id=" + id, null).body().get("ports");
        assertEquals(2, ports.size(), ports.toString());
        JsonNode shown = as(token, "GET", "/networking/v2.0/ports/" + webPort, null).body().get("port");
        assertEquals("network:router_interface", shown.get("device_owner").asText());
        assertEquals(id, shown.get("device_id").asText());
        assertEquals("10.0.1.1", shown.at("/fixed_ips/0/ip_address").asText());
        assertEquals(web, shown.at("/fixed_ips/0/subnet_id").asText());
        assertEquals("ACTIVE", shown.get("status").asText());
        assertTrue(shown.get("mac_address").asText().startsWith("0e:5c:01:"), shown.toString());
        assertEquals(2, as(token, "GET", "/networking/v2.0/ports?device_owner=network:router_interface", null)
                .body().get("ports").size());
        assertEquals(0, native_("GET", "/v1/ports", null).body().get("ports").size(), "not ports of /v1");
    }

    @Test
    void interfacesComeAndGoByTheClientsWaysAndWhatIsInUseIsRefused() throws Exception {
        String id = router("r1");
        String net = network("web");
        String web = subnet(net, "10.0.1.0/24");
        String port = add(id, "{'subnet_id': '" + web + "'}").body().get("port_id").asText();

        Answer again = add(id, "{'subnet_id': '" + web + "'}");
        assertEquals(400, again.status());
        assertEquals("Bad router request: Router already has a port on subnet " + web + ".",
                again.body().at("/NeutronError/message").asText());
        String missing = "0f0e0d0c-0b0a-4909-8807-060504030201";
        Answer unknown = add(id, "{'subnet_id': '" + missing + "'}");
        assertEquals(404, unknown.status());
        assertEquals("Subnet " + missing + " could not be found.", unknown.body().at("/NeutronError/message").asText());
        assertEquals(400, add(id, "{'port_id': '" + port + "'}").status(), "by port: refused, the subnet is named");
        assertEquals(400, add(id, "{'subnet_id': '" + web + "', 'port_id': '" + port + "'}").status());
        assertEquals(400, add(id, "{}").status());

        Answer inUse = as(token, "DELETE", ROUTERS + "/" + id, null);
        assertEquals(409, inUse.status());
        assertEquals("Router " + id + " still has ports", inUse.body().at("/NeutronError/message").asText());
        assertEquals(409, as(token, "DELETE", "/networking/v2.0/ports/" + port, null).status());
        assertEquals(409, as(token, "PUT", "/networking/v2.0/ports/" + port, "{'port': {'name': 'x'}}").status());
        Answer subnetInUse = as(token, "DELETE", "/networking/v2.0/subnets/" + web, null);
        assertEquals(409, subnetInUse.status(), "a subnet on a router");
        assertTrue(subnetInUse.body().at("/NeutronError/message").asText()
                .endsWith("remove the router's interface on it first (router remove subnet)"), subnetInUse.raw().body());
        assertEquals(409, as(token, "DELETE", "/networking/v2.0/networks/" + net, null).status());

        Answer byPort = remove(id, "{'port_id': '" + port + "'}");
        assertEquals(200, byPort.status(), byPort.raw().body());
        assertEquals(web, byPort.body().get("subnet_id").asText());
        Answer notOn = remove(id, "{'subnet_id': '" + web + "'}");
        assertEquals(404, notOn.status());
        assertEquals("Router " + id + " has no interface on subnet " + web, notOn.body().at("/NeutronError/message").asText());
        assertEquals(404, as(token, "GET", "/networking/v2.0/ports/" + port, null).status());
        assertEquals(204, as(token, "DELETE", ROUTERS + "/" + id, null).status());
        assertEquals(204, as(token, "DELETE", "/networking/v2.0/networks/" + net, null).status());
    }

    @Test
    void overlappingSubnetsAndAnotherProjectsSubnetCannotJoinARouter() throws Exception {
        String id = router("r1");
        add(id, "{'subnet_id': '" + subnet(network("a"), "10.0.0.0/16") + "'}");
        Answer overlap = add(id, "{'subnet_id': '" + subnet(network("b"), "10.0.5.0/24") + "'}");
        assertEquals(409, overlap.status(), overlap.raw().body());
        assertTrue(overlap.body().at("/NeutronError/message").asText().contains("10.0.0.0/16"),
                overlap.raw().body());

        String globex = login(tenant("globex"));
        String theirNet = as(globex, "POST", "/networking/v2.0/networks", "{'network': {'name': 'g'}}")
                .body().at("/network/id").asText();
        String theirs = as(globex, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + theirNet
                + "', 'cidr': '192.168.0.0/24', 'ip_version': 4}}").body().at("/subnet/id").asText();
        assertEquals(404, add(id, "{'subnet_id': '" + theirs + "'}").status());
        String theirRouter = as(globex, "POST", ROUTERS, "{'router': {'name': 'g'}}").body().at("/router/id").asText();
        assertEquals(404, as(token, "GET", ROUTERS + "/" + theirRouter, null).status());
        assertEquals(404, add(theirRouter, "{'subnet_id': '" + theirs + "'}").status());
        assertEquals(List.of("r1"), as(token, "GET", ROUTERS, null).body().get("routers").findValuesAsText("name"));
        assertEquals(1, native_("GET", "/v1/routers/" + id, null).body().at("/router/subnet_ids").size());
    }

    @Test
    void whatARouterCannotBeIsRefusedWithTheReasonAndNothingIsStored() throws Exception {
        for (String body : List.of("{'router': {'name': 'r', 'admin_state_up': false}}",
                "{'router': {'name': 'r', 'external_gateway_info': {'network_id': 'x'}}}",
                "{'router': {'name': 'r', 'routes': [{'destination': '0.0.0.0/0', 'nexthop': '10.0.0.9'}]}}",
                "{'router': {'name': 'r', 'ha': true}}",
                "{'router': {'name': 'r', 'distributed': false}}")) {
            Answer a = as(token, "POST", ROUTERS, body);
            assertEquals(400, a.status(), body);
            assertEquals("HTTPBadRequest", a.body().at("/NeutronError/type").asText(), body);
        }
        assertEquals(0, native_("GET", "/v1/routers", null).body().get("routers").size());
        String id = router("r");
        Answer renamed = as(token, "PUT", ROUTERS + "/" + id, "{'router': {'name': 'edge'}}");
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals("edge", renamed.body().at("/router/name").asText());
        assertEquals(400, as(token, "PUT", ROUTERS + "/" + id, "{'router': {'routes': [{'destination': "
                + "'0.0.0.0/0', 'nexthop': '10.0.0.9'}]}}").status());
    }
}
