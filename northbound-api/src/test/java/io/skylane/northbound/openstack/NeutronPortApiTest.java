package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neutron's ports over real HTTP: Skylane's ports, placed by binding:host_id or binding:profile, or learned by MAC. */
class NeutronPortApiTest extends OpenStackHttp {

    private Tenant acme;
    private String token;
    private String network;
    private String subnet;

    @BeforeEach
    void login() throws Exception {
        acme = tenant("acme");
        token = login(acme);
        network = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': 'web'}}").body()
                .at("/network/id").asText();
        subnet = as(token, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + network
                + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}}").body().at("/subnet/id").asText();
    }

    private Answer create(String body) throws Exception {
        return as(token, "POST", "/networking/v2.0/ports", body);
    }

    @Test
    void aPortBoundByItsProfileIsSkylanesPortBoundToThatSwitchPort() throws Exception {
        Answer a = create("{'port': {'name': 'p1', 'network_id': '" + network + "', 'fixed_ips': [{'subnet_id': '"
                + subnet + "', 'ip_address': '10.0.0.11'}], 'mac_address': '02:00:00:00:00:11', "
                + "'binding:profile': {'dpid': '00000000000000d1', 'port': '3'}, 'device_owner': 'compute:nova', "
                + "'binding:vnic_type': 'normal'}}");
        assertEquals(201, a.status(), a.raw().body());
        JsonNode p = a.body().get("port");
        assertEquals(network, p.get("network_id").asText());
        assertEquals("10.0.0.11", p.at("/fixed_ips/0/ip_address").asText());
        assertEquals(subnet, p.at("/fixed_ips/0/subnet_id").asText());
        assertEquals("00000000000000d1", p.at("/binding:profile/dpid").asText());
        assertEquals(3, p.at("/binding:profile/port").asInt());
        assertEquals("normal", p.get("binding:vnic_type").asText());
        assertEquals("DOWN", p.get("status").asText());
        assertEquals(1, p.get("security_groups").size(), "the project's default group");
        assertTrue(!p.has("vpc_id") && !p.has("binding"), p.toString());
        JsonNode v1 = native_("GET", "/v1/ports/" + p.get("id").asText(), null).body().get("port");
        assertEquals(3, v1.at("/binding/port").asInt());
        assertEquals("compute:nova", v1.get("device_owner").asText());
    }

    @Test
    void anEmptyProfileLeavesThePortToBeLearnedAndAnUpdateMovesIt() throws Exception {
        Answer a = create("{'port': {'network_id': '" + network + "', 'binding:profile': {}}}");
        assertEquals(201, a.status(), a.raw().body());
        String id = a.body().at("/port/id").asText();
        assertTrue(a.body().at("/port/binding:profile").isObject() && a.body().at("/port/binding:profile").isEmpty());
        assertTrue(native_("GET", "/v1/ports/" + id, null).body().at("/port/binding").isNull());
        assertTrue(a.body().at("/port/fixed_ips/0/ip_address").asText().startsWith("10.0.0."));
        Answer bound = as(token, "PUT", "/networking/v2.0/ports/" + id,
                "{'port': {'binding:profile': {'dpid': '00000000000000d2', 'port': 7}, 'name': 'moved'}}");
        assertEquals(200, bound.status(), bound.raw().body());
        assertEquals(7, native_("GET", "/v1/ports/" + id, null).body().at("/port/binding/port").asInt());
        Answer unbound = as(token, "PUT", "/networking/v2.0/ports/" + id, "{'port': {'binding:profile': {}}}");
        assertEquals(200, unbound.status(), unbound.raw().body());
        assertTrue(native_("GET", "/v1/ports/" + id, null).body().at("/port/binding").isNull());
    }

    private String port(String id) throws Exception {
        return native_("GET", "/v1/ports/" + id, null).body().get("port").get("binding").toString();
    }

    private Answer update(String id, String fields) throws Exception {
        return as(token, "PUT", "/networking/v2.0/ports/" + id, "{'port': {" + fields + "}}");
    }

    @Test
    void aHostIdNamesAHypervisorsBridgeAndIsShownByItsName() throws Exception {
        assertEquals(201, native_("POST", "/v1/hypervisors", "{'hypervisor': {'name': 'compute-1', "
                + "'datapath_id': '00000000000000a1', 'endpoint_ip': '192.168.0.1'}}").status());
        // A tenant, which cannot list hypervisors, names one by its name.
        assertEquals(403, call("GET", "/v1/hypervisors", null, "Authorization", "Bearer " + acme.secret()).status());
        Answer a = create("{'port': {'network_id': '" + network + "', 'binding:host_id': 'compute-1', "
                + "'device_owner': 'compute:nova'}}");
        assertEquals(201, a.status(), a.raw().body());
        String id = a.body().at("/port/id").asText();
        assertEquals("compute-1", a.body().at("/port/binding:host_id").asText());
        assertEquals("{\"dpid\":\"00000000000000a1\"}", port(id), "bound to the bridge, learned at its ports");
        assertEquals("00000000000000a1", a.body().at("/port/binding:profile/dpid").asText());
        assertTrue(a.body().at("/port/binding:profile/port").isMissingNode());
        assertEquals("compute-1", as(token, "GET", "/networking/v2.0/ports/" + id, null).body()
                .at("/port/binding:host_id").asText());
        assertEquals(List.of(id), ids(as(token, "GET", "/networking/v2.0/ports?binding:host_id=compute-1", null)));

        // A datapath id, 16 hex digits or of:-prefixed; shown as the dpid when no hypervisor has it.
        Answer byDpid = update(id, "'binding:host_id': 'of:00000000000000B2'");
        assertEquals(200, byDpid.status(), byDpid.raw().body());
        assertEquals("00000000000000b2", byDpid.body().at("/port/binding:host_id").asText());
        assertEquals("{\"dpid\":\"00000000000000b2\"}", port(id));
        assertEquals(200, update(id, "'binding:host_id': '00000000000000a1'").status());
        assertEquals("compute-1", as(token, "GET", "/networking/v2.0/ports/" + id, null).body()
                .at("/port/binding:host_id").asText(), "the hypervisor's name, however it was given");

        // "" or null clears it: learned anywhere.
        Answer cleared = update(id, "'binding:host_id': ''");
        assertEquals(200, cleared.status(), cleared.raw().body());
        assertEquals("", cleared.body().at("/port/binding:host_id").asText());
        assertEquals("null", port(id));
        assertEquals(200, update(id, "'binding:host_id': 'compute-1'").status());
        assertEquals(200, update(id, "'binding:host_id': null").status());
        assertEquals("null", port(id));
    }

    @Test
    void aHostIdAndAProfileAgreeOrAreRefused() throws Exception {
        assertEquals(201, native_("POST", "/v1/hypervisors", "{'hypervisor': {'name': 'compute-1', "
                + "'datapath_id': '00000000000000a1', 'endpoint_ip': '192.168.0.1'}}").status());
        // A profile with the host's switch and a port: that switch port; shown with the host's name.
        Answer a = create("{'port': {'network_id': '" + network + "', 'binding:host_id': 'compute-1', "
                + "'binding:profile': {'dpid': '00000000000000a1', 'port': 4}}}");
        assertEquals(201, a.status(), a.raw().body());
        String id = a.body().at("/port/id").asText();
        assertEquals("{\"dpid\":\"00000000000000a1\",\"port\":4}", port(id));
        assertEquals("compute-1", a.body().at("/port/binding:host_id").asText());
        // A profile with a dpid and no port is the same as the host id.
        Answer onSwitch = update(id, "'binding:profile': {'dpid': '00000000000000a1'}");
        assertEquals(200, onSwitch.status(), onSwitch.raw().body());
        assertEquals("{\"dpid\":\"00000000000000a1\"}", port(id));
        assertEquals("compute-1", onSwitch.body().at("/port/binding:host_id").asText());
        // Another switch in the profile than the host's: refused, nothing changed.
        Answer other = update(id, "'binding:host_id': 'compute-1', 'binding:profile': {'dpid': '00000000000000a2', "
                + "'port': 1}");
        assertEquals(400, other.status(), other.raw().body());
        assertEquals("HTTPBadRequest", other.body().at("/NeutronError/type").asText());
        assertTrue(other.body().at("/NeutronError/message").asText().contains("00000000000000a2"), other.raw().body());
        assertEquals("{\"dpid\":\"00000000000000a1\"}", port(id));
        // An unknown host is a 400 naming it.
        Answer unknown = update(id, "'binding:host_id': 'compute-9'");
        assertEquals(400, unknown.status(), unknown.raw().body());
        assertTrue(unknown.body().at("/NeutronError/message").asText().contains("compute-9"), unknown.raw().body());
        Answer notText = update(id, "'binding:host_id': 7");
        assertEquals(400, notText.status(), notText.raw().body());
        // Two ports on one host: a host is not a switch port.
        assertEquals(201, create("{'port': {'network_id': '" + network + "', 'binding:host_id': 'compute-1'}}").status());
        // The profile alone still binds to a switch port, shown with its host.
        assertEquals(200, update(id, "'binding:profile': {'dpid': '00000000000000d1', 'port': 2}").status());
        assertEquals("00000000000000d1", as(token, "GET", "/networking/v2.0/ports/" + id, null).body()
                .at("/port/binding:host_id").asText());
    }

    @Test
    void securityGroupsPairsAndPortSecurityAreSkylanesAndDevicesFilter() throws Exception {
        String group = as(token, "POST", "/networking/v2.0/security-groups", "{'security_group': {'name': 'g'}}")
                .body().at("/security_group/id").asText();
        Answer a = create("{'port': {'network_id': '" + network + "', 'security_groups': ['" + group + "'], "
                + "'allowed_address_pairs': [{'ip_address': '10.0.0.200'}], 'device_id': 'vm-1'}}");
        assertEquals(201, a.status(), a.raw().body());
        assertEquals(List.of(group), List.of(a.body().at("/port/security_groups/0").asText()));
        assertEquals("10.0.0.200", a.body().at("/port/allowed_address_pairs/0/ip_address").asText());
        String id = a.body().at("/port/id").asText();
        Answer insecure = as(token, "PUT", "/networking/v2.0/ports/" + id,
                "{'port': {'port_security_enabled': false}}");
        assertEquals(409, insecure.status(), "groups still set: " + insecure.raw().body());
        Answer off = as(token, "PUT", "/networking/v2.0/ports/" + id,
                "{'port': {'port_security_enabled': false, 'security_groups': [], 'allowed_address_pairs': []}}");
        assertEquals(200, off.status(), off.raw().body());
        create("{'port': {'network_id': '" + network + "', 'device_id': 'vm-2'}}");
        Answer byDevice = as(token, "GET", "/networking/v2.0/ports?device_id=vm-1", null);
        assertEquals(List.of(id), byDevice.body().get("ports").findValuesAsText("id"));
        Answer byNetwork = as(token, "GET", "/networking/v2.0/ports?network_id=" + network + "&fields=id", null);
        assertEquals(2, byNetwork.body().get("ports").size());
    }

    @Test
    void theFixedIpsFilterFindsPortsByAddressSubnetAndSubstringAsNeutronDoes() throws Exception {
        String other = as(token, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + network
                + "', 'ip_version': 4, 'cidr': '10.0.1.0/24'}}").body().at("/subnet/id").asText();
        String a = create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'ip_address': '10.0.0.21'}]}}")
                .body().at("/port/id").asText();
        String b = create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'ip_address': '10.0.1.21'}]}}")
                .body().at("/port/id").asText();
        create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'ip_address': '10.0.0.30'}]}}");
        String ports = "/networking/v2.0/ports?";
        // as openstacksdk's ports(fixed_ips=[...]), the client's --fixed-ip and gophercloud send it
        assertEquals(List.of(a), ids(as(token, "GET", ports + "fixed_ips=ip_address%3D10.0.0.21", null)));
        assertEquals(List.of(b), ids(as(token, "GET", ports + "fixed_ips=subnet_id%3D" + other, null)));
        assertEquals(List.of(a), ids(as(token, "GET", ports + "fixed_ips=ip_address%3D10.0.0.21&fixed_ips=subnet_id%3D"
                + subnet, null)), "both on the same fixed IP");
        assertEquals(List.of(), ids(as(token, "GET", ports + "fixed_ips=ip_address%3D10.0.0.21&fixed_ips=subnet_id%3D"
                + other, null)));
        assertEquals(2, ids(as(token, "GET", ports + "fixed_ips=ip_address%3D10.0.0.21&fixed_ips=ip_address%3D10.0.1.21",
                null)).size(), "any of a key's values");
        assertEquals(List.of(a, b).stream().sorted().toList(), ids(as(token, "GET", ports
                + "fixed_ips=ip_address_substr%3D.21&sort_key=id", null)));
        Answer bad = as(token, "GET", ports + "fixed_ips=10.0.0.21", null);
        assertEquals(400, bad.status(), bad.raw().body());
        assertTrue(bad.body().at("/NeutronError/message").asText().contains("fixed_ips"), bad.raw().body());
    }

    private static List<String> ids(Answer a) {
        assertEquals(200, a.status(), a.raw().body());
        return a.body().get("ports").findValuesAsText("id");
    }

    @Test
    void whatSkylaneCannotPlaceOrHonourIsRefusedAndAddressesStayUnique() throws Exception {
        for (String extra : List.of("'binding:host_id': 'compute-1'", "'binding:vnic_type': 'direct'",
                "'binding:profile': {'pci_slot': '0000:01:00.0'}", "'binding:profile': {'dpid': 'xyz', 'port': 1}",
                "'binding:profile': {'dpid': '00000000000000d1', 'port': 'eth0'}", "'qos_policy_id': 'q'",
                "'extra_dhcp_opts': [{'opt_name': 'mtu', 'opt_value': '9000'}]", "'dns_name': 'vm'")) {
            Answer a = create("{'port': {'network_id': '" + network + "', " + extra + "}}");
            assertEquals(400, a.status(), extra + " -> " + a.raw().body());
            assertEquals("HTTPBadRequest", a.body().at("/NeutronError/type").asText());
        }
        assertEquals(0, native_("GET", "/v1/ports", null).body().get("ports").size());
        assertEquals(201, create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'ip_address': '10.0.0.5'}], "
                + "'binding:host_id': ''}}").status());
        Answer taken = create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'ip_address': '10.0.0.5'}]}}");
        assertEquals(409, taken.status(), taken.raw().body());
        assertEquals("Conflict", taken.body().at("/NeutronError/type").asText());
        Answer outside = create("{'port': {'network_id': '" + network + "', 'fixed_ips': [{'subnet_id': '" + subnet
                + "', 'ip_address': '10.9.0.5'}]}}");
        assertEquals(400, outside.status(), outside.raw().body());
        assertTrue(outside.body().at("/NeutronError/message").asText().contains("fixed_ips"), outside.raw().body());
    }

    @Test
    void anotherProjectsPortAndNetworkAreOutOfReach() throws Exception {
        Tenant globex = tenant("globex");
        String g = login(globex);
        String theirNet = as(g, "POST", "/networking/v2.0/networks", "{'network': {'name': 'g'}}").body()
                .at("/network/id").asText();
        Answer onTheirs = create("{'port': {'network_id': '" + theirNet + "'}}");
        assertTrue(onTheirs.status() == 404 || onTheirs.status() == 400, onTheirs.raw().body());
        String mine = create("{'port': {'network_id': '" + network + "'}}").body().at("/port/id").asText();
        assertEquals(404, as(g, "GET", "/networking/v2.0/ports/" + mine, null).status());
        assertEquals(404, as(g, "DELETE", "/networking/v2.0/ports/" + mine, null).status());
        assertEquals(204, as(token, "DELETE", "/networking/v2.0/ports/" + mine, null).status());
    }
}
