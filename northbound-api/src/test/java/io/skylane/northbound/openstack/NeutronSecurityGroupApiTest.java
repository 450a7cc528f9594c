package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Neutron's security groups and rules over real HTTP: Skylane's, with Neutron's names and aliases. */
class NeutronSecurityGroupApiTest extends OpenStackHttp {

    private Tenant acme;
    private String token;

    @BeforeEach
    void login() throws Exception {
        acme = tenant("acme");
        token = login(acme);
    }

    @Test
    void theDefaultGroupIsThereAndANewGroupGetsNeutronsEgressRules() throws Exception {
        Answer list = as(token, "GET", "/networking/v2.0/security-groups", null);
        assertEquals(List.of("default"), list.body().get("security_groups").findValuesAsText("name"));
        JsonNode dflt = list.body().at("/security_groups/0");
        assertEquals(4, dflt.get("security_group_rules").size(), dflt.toString());
        Answer made = as(token, "POST", "/networking/v2.0/security-groups",
                "{'security_group': {'name': 'web', 'description': 'web tier'}}");
        assertEquals(201, made.status(), made.raw().body());
        JsonNode g = made.body().get("security_group");
        assertEquals(true, g.get("stateful").asBoolean());
        assertEquals(acme.id(), g.get("project_id").asText());
        JsonNode rules = g.get("security_group_rules");
        assertEquals(2, rules.size());
        assertEquals(List.of("egress", "egress"), rules.findValuesAsText("direction"));
        assertEquals(List.of("IPv4", "IPv6"), rules.findValuesAsText("ethertype").stream().sorted().toList());
        assertEquals(g.get("id").asText(), rules.get(0).get("security_group_id").asText());
        assertEquals(200, native_("GET", "/v1/security-groups/" + g.get("id").asText(), null).status());
        Answer stateless = as(token, "POST", "/networking/v2.0/security-groups",
                "{'security_group': {'name': 'x', 'stateful': false}}");
        assertEquals(400, stateless.status());
        Answer reserved = as(token, "POST", "/networking/v2.0/security-groups", "{'security_group': {'name': 'default'}}");
        assertEquals(409, reserved.status(), reserved.raw().body());
    }

    @Test
    void rulesAreMadeAsTheClientMakesThemWithProtocolNamesAndNumbersAndNeverChanged() throws Exception {
        String group = as(token, "POST", "/networking/v2.0/security-groups", "{'security_group': {'name': 'web'}}")
                .body().at("/security_group/id").asText();
        Answer ssh = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp', "
                + "'port_range_min': 22, 'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0'}}");
        assertEquals(201, ssh.status(), ssh.raw().body());
        JsonNode r = ssh.body().get("security_group_rule");
        assertEquals("tcp", r.get("protocol").asText());
        assertEquals("0.0.0.0/0", r.get("normalized_cidr").asText());
        assertTrue(r.get("remote_address_group_id").isNull());
        Answer gre = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'protocol': 'gre'}}");
        assertEquals(201, gre.status(), gre.raw().body());
        assertEquals("gre", gre.body().at("/security_group_rule/protocol").asText(), "answered as given");
        String greId = gre.body().at("/security_group_rule/id").asText();
        assertEquals("47", native_("GET", "/v1/security-group-rules/" + greId, null).body()
                .at("/security_group_rule/protocol").asText(), "kept as the number");
        assertEquals(List.of("gre"), as(token, "GET", "/networking/v2.0/security-group-rules?protocol=gre", null)
                .body().get("security_group_rules").findValuesAsText("protocol"));
        Answer number = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'protocol': 132}}");
        assertEquals(201, number.status(), number.raw().body());
        assertEquals("132", number.body().at("/security_group_rule/protocol").asText());
        Answer icmp6 = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'ethertype': 'IPv6', "
                + "'protocol': 'ipv6-icmp'}}");
        assertEquals(201, icmp6.status(), icmp6.raw().body());
        assertEquals("ipv6-icmp", icmp6.body().at("/security_group_rule/protocol").asText());
        Answer twice = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'ethertype': 'IPv4', 'protocol': 'tcp', "
                + "'port_range_min': 22, 'port_range_max': 22, 'remote_ip_prefix': '0.0.0.0/0'}}");
        assertEquals(409, twice.status(), twice.raw().body());
        Answer badRange = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + group + "', 'direction': 'ingress', 'protocol': 'tcp', "
                + "'port_range_min': 90, 'port_range_max': 80}}");
        assertEquals(400, badRange.status());
        assertTrue(badRange.body().at("/NeutronError/message").asText().contains("port_range"), badRange.raw().body());
        String id = r.get("id").asText();
        assertEquals(405, as(token, "PUT", "/networking/v2.0/security-group-rules/" + id,
                "{'security_group_rule': {'description': 'x'}}").status());
        Answer inGroup = as(token, "GET", "/networking/v2.0/security-groups/" + group, null);
        assertEquals(6, inGroup.body().at("/security_group/security_group_rules").size());
        Answer filtered = as(token, "GET", "/networking/v2.0/security-group-rules?security_group_id=" + group
                + "&direction=ingress", null);
        assertEquals(4, filtered.body().get("security_group_rules").size());
        assertEquals(204, as(token, "DELETE", "/networking/v2.0/security-group-rules/" + id, null).status());
        Answer gone = as(token, "GET", "/networking/v2.0/security-group-rules/" + id, null);
        assertEquals("Security group rule " + id + " could not be found.", gone.body().at("/NeutronError/message").asText());
    }

    @Test
    void anotherProjectsGroupIsInvisibleAndTheDefaultGroupStays() throws Exception {
        Tenant globex = tenant("globex");
        String theirs = as(login(globex), "POST", "/networking/v2.0/security-groups",
                "{'security_group': {'name': 'g'}}").body().at("/security_group/id").asText();
        assertEquals(404, as(token, "GET", "/networking/v2.0/security-groups/" + theirs, null).status());
        Answer rule = as(token, "POST", "/networking/v2.0/security-group-rules", "{'security_group_rule': {"
                + "'security_group_id': '" + theirs + "', 'direction': 'ingress'}}");
        assertTrue(rule.status() == 404 || rule.status() == 400, rule.raw().body());
        String dflt = as(token, "GET", "/networking/v2.0/security-groups?name=default", null).body()
                .at("/security_groups/0/id").asText();
        assertEquals(409, as(token, "DELETE", "/networking/v2.0/security-groups/" + dflt, null).status());
        Answer renamed = as(token, "PUT", "/networking/v2.0/security-groups/" + dflt,
                "{'security_group': {'description': 'mine'}}");
        assertEquals(200, renamed.status(), renamed.raw().body());
    }

    @Test
    void aGroupInUseIsRefusedWithWhatNeutronsUserCanDo() throws Exception {
        String network = as(token, "POST", "/networking/v2.0/networks", "{'network': {'name': 'web'}}").body()
                .at("/network/id").asText();
        as(token, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + network
                + "', 'ip_version': 4, 'cidr': '10.0.0.0/24'}}");
        String group = as(token, "POST", "/networking/v2.0/security-groups", "{'security_group': {'name': 'g'}}")
                .body().at("/security_group/id").asText();
        String port = as(token, "POST", "/networking/v2.0/ports", "{'port': {'network_id': '" + network
                + "', 'security_groups': ['" + group + "']}}").body().at("/port/id").asText();
        Answer inUse = as(token, "DELETE", "/networking/v2.0/security-groups/" + group, null);
        assertEquals(409, inUse.status(), inUse.raw().body());
        String why = inUse.body().at("/NeutronError/message").asText();
        assertTrue(why.contains("port " + port) && why.endsWith("remove it from them first"), why);
        assertTrue(!why.contains("cascade"), "Neutron has no cascade: " + why);
    }
}
