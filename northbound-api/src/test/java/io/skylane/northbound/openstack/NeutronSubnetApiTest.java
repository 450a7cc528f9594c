package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neutron's subnets over real HTTP: Skylane's subnets, the network being the VPC. */
class NeutronSubnetApiTest extends OpenStackHttp {

    private Tenant acme;
    private String token;
    private String network;

    @BeforeEach
    void login() throws Exception {
        acme = tenant("acme");
        token = login(acme);
        network = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': 'web'}}").body()
                .at("/network/id").asText();
    }

    private Answer create(String body) throws Exception {
        return as(token, "POST", "/networking/v2.0/subnets", body);
    }

    @Test
    void aSubnetCreatedAsTheClientDoesIsSkylanesWithNeutronsFields() throws Exception {
        Answer a = create("{'subnet': {'name': 's1', 'network_id': '" + network + "', 'ip_version': 4, "
                + "'cidr': '10.0.0.0/24', 'enable_dhcp': true, 'dns_nameservers': ['10.0.0.53'], "
                + "'allocation_pools': [{'start': '10.0.0.10', 'end': '10.0.0.99'}]}}");
        assertEquals(201, a.status(), a.raw().body());
        JsonNode s = a.body().get("subnet");
        assertEquals(network, s.get("network_id").asText());
        assertEquals("10.0.0.1", s.get("gateway_ip").asText());
        assertEquals("10.0.0.10", s.at("/allocation_pools/0/start").asText());
        assertEquals(List.of("10.0.0.53"), List.of(s.at("/dns_nameservers/0").asText()));
        assertEquals(acme.id(), s.get("project_id").asText());
        assertTrue(s.get("host_routes").isArray() && s.get("host_routes").isEmpty());
        assertTrue(s.get("ipv6_ra_mode").isNull());
        assertTrue(!s.has("vpc_id") && !s.has("external_ids") && !s.has("revision"), s.toString());
        assertEquals(1, s.get("revision_number").asInt());
        String id = s.get("id").asText();
        Answer v1 = native_("GET", "/v1/subnets/" + id, null);
        assertEquals(network, v1.body().at("/subnet/vpc_id").asText());
        assertEquals(List.of(id), List.of(as(token, "GET", "/networking/v2.0/networks/" + network, null)
                .body().at("/network/subnets/0").asText()));
        Answer filtered = as(token, "GET", "/networking/v2.0/subnets?network_id=" + network + "&ip_version=4", null);
        assertEquals(1, filtered.body().get("subnets").size());
    }

    @Test
    void badInputComesBackInNeutronsFormatNamingNeutronsField() throws Exception {
        Answer badCidr = create("{'subnet': {'network_id': '" + network + "', 'ip_version': 4, 'cidr': '10.0.0.1/24'}}");
        assertEquals(400, badCidr.status(), badCidr.raw().body());
        assertEquals("HTTPBadRequest", badCidr.body().at("/NeutronError/type").asText());
        assertTrue(badCidr.body().at("/NeutronError/message").asText().contains("cidr"), badCidr.raw().body());
        Answer noNetwork = create("{'subnet': {'ip_version': 4, 'cidr': '10.0.0.0/24'}}");
        assertEquals(400, noNetwork.status());
        assertTrue(noNetwork.body().at("/NeutronError/message").asText().contains("network_id"), noNetwork.raw().body());
        assertTrue(!noNetwork.body().at("/NeutronError/message").asText().contains("vpc"), noNetwork.raw().body());
        for (String extra : List.of("'host_routes': [{'destination': '0.0.0.0/0', 'nexthop': '10.0.0.9'}]",
                "'subnetpool_id': 'abc'", "'ipv6_ra_mode': 'slaac'", "'segment_id': 'x'", "'colour': 'red'")) {
            Answer a = create("{'subnet': {'network_id': '" + network + "', 'ip_version': 4, 'cidr': '10.0.0.0/24', "
                    + extra + "}}");
            assertEquals(400, a.status(), extra + " -> " + a.raw().body());
        }
        Answer ok = create("{'subnet': {'network_id': '" + network + "', 'ip_version': 4, 'cidr': '10.0.0.0/24', "
                + "'host_routes': [], 'subnetpool_id': null, 'service_types': []}}");
        assertEquals(201, ok.status(), ok.raw().body());
        Answer overlap = create("{'subnet': {'network_id': '" + network + "', 'ip_version': 4, 'cidr': '10.0.0.0/16'}}");
        assertEquals(409, overlap.status(), overlap.raw().body());
        assertEquals("Conflict", overlap.body().at("/NeutronError/type").asText());
        assertEquals(1, native_("GET", "/v1/subnets", null).body().get("subnets").size());
    }

    @Test
    void anotherProjectsNetworkCannotHoldMySubnet() throws Exception {
        Tenant globex = tenant("globex");
        String theirs = as(login(globex), "POST", "/networking/v2.0/networks", "{'network': {'name': 'g'}}")
                .body().at("/network/id").asText();
        Answer a = create("{'subnet': {'network_id': '" + theirs + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}}");
        assertTrue(a.status() == 404 || a.status() == 400, a.raw().body());
        assertEquals(0, native_("GET", "/v1/subnets", null).body().get("subnets").size());
    }

    @Test
    void anUpdateChangesWhatSkylaneLetsChangeAndADeleteRefusesWhileAPortUsesIt() throws Exception {
        String id = create("{'subnet': {'network_id': '" + network + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}}")
                .body().at("/subnet/id").asText();
        Answer renamed = as(token, "PUT", "/networking/v2.0/subnets/" + id,
                "{'subnet': {'name': 'n', 'dns_nameservers': ['10.0.0.2'], 'enable_dhcp': false}}");
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals(false, renamed.body().at("/subnet/enable_dhcp").asBoolean());
        Answer cidr = as(token, "PUT", "/networking/v2.0/subnets/" + id, "{'subnet': {'cidr': '10.1.0.0/24'}}");
        assertEquals(400, cidr.status());
        String port = native_("POST", "/v1/ports", "{'port': {'vpc_id': '" + network + "', 'tenant_id': '" + acme.id()
                + "'}}").body().at("/port/id").asText();
        Answer inUse = as(token, "DELETE", "/networking/v2.0/subnets/" + id, null);
        assertEquals(409, inUse.status(), inUse.raw().body());
        String why = inUse.body().at("/NeutronError/message").asText();
        assertTrue(why.contains("port " + port) && why.endsWith("delete them first"), why);
        assertTrue(!why.contains("cascade"), "Neutron has no cascade: " + why);
        native_("DELETE", "/v1/ports/" + port, null);
        assertEquals(204, as(token, "DELETE", "/networking/v2.0/subnets/" + id, null).status());
        Answer gone = as(token, "GET", "/networking/v2.0/subnets/" + id, null);
        assertEquals(404, gone.status());
        assertEquals("Subnet " + id + " could not be found.", gone.body().at("/NeutronError/message").asText());
    }
}
