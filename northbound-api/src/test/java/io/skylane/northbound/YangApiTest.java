package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.model.YangModules;
import io.skylane.vpc.yang.YangModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/yang} and {@code GET /v1/yang/{module}}, and the YANG check of answers itself. */
class YangApiTest extends IntentHttp {

    @Test
    void listsTheModulesAsYangtoolsParsesThem() throws Exception {
        Answer a = admin("GET", "/v1/yang", null);
        assertEquals(200, a.status(), a.raw().body());
        JsonNode modules = a.body().get("modules");
        List<String> names = new ArrayList<>();
        for (JsonNode m : modules) {
            String name = m.get("name").asText();
            names.add(name);
            assertEquals(4, m.size(), m.toString());
            assertEquals("/v1/yang/" + name, m.get("href").asText());
            org.opendaylight.yangtools.yang.model.api.Module parsed = YangModel.get().context()
                    .findModules(name).stream().findFirst().orElseThrow();
            assertEquals(parsed.getNamespace().toString(), m.get("namespace").asText(), name);
            assertEquals(parsed.getRevision().orElseThrow().toString(), m.get("revision").asText(), name);
        }
        assertEquals(YangModules.names(), names);
    }

    @Test
    void servesEachModuleText() throws Exception {
        String tenantToken = tenant("reader")[1];
        for (String name : YangModules.names()) {
            Answer a = call(tenantToken, "GET", "/v1/yang/" + name, null);
            assertEquals(200, a.status(), name);
            assertTrue(a.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("application/yang"),
                    a.raw().headers().toString());
            assertEquals(YangModules.text(name).orElseThrow(), a.raw().body());
        }
    }

    @Test
    void unknownModulesAndMissingTokensAreRefused() throws Exception {
        Answer unknown = admin("GET", "/v1/yang/ietf-inet-types", null);
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.error().get("type").asText());
        assertEquals(404, admin("GET", "/v1/yang/skylane-vpc.yang", null).status());
        Answer traversal = admin("GET", "/v1/yang/..%2Fyang%2Fskylane-vpc", null);
        assertEquals(400, traversal.status(), "an encoded '/' is refused before routing");
        assertEquals("bad_request", traversal.error().get("type").asText());
        assertEquals(400, admin("GET", "/v1/yang?x=1", null).status());
        assertEquals(401, call(null, "GET", "/v1/yang", null).status());
        assertEquals(401, call(null, "GET", "/v1/yang/skylane-vpc", null).status());
        assertEquals(405, admin("POST", "/v1/yang", "{}").status());
    }

    @Test
    void answersThatBreakTheModelFailTheCheck() throws Exception {
        String tok = tenant("checked")[1];
        Answer vpc = call(tok, "POST", "/v1/vpcs", "{'vpc':{'name':'a'}}");
        assertEquals(201, vpc.status());
        ObjectNode bad = vpc.body().deepCopy();
        ((ObjectNode) bad.get("vpc")).put("segment_id", 0);
        AssertionError e = assertThrows(AssertionError.class, () -> YangCheck.check("POST", "/v1/vpcs", 201, bad));
        assertTrue(e.getMessage().contains("segment_id"), e.getMessage());
        ObjectNode list = M.createObjectNode();
        list.putArray("vpcs").add(bad.get("vpc"));
        assertThrows(AssertionError.class, () -> YangCheck.check("GET", "/v1/vpcs?limit=5", 200, list));
        assertThrows(AssertionError.class, () -> YangCheck.check("GET", "/v1/vpcs", 200, M.createObjectNode()));
        assertEquals(0, YangCheck.check("GET", "/v1/vpcs", 404, bad));
        assertEquals(0, YangCheck.check("GET", "/v1/devices", 200, M.createArrayNode()));
        assertNull(YangCheck.LISTS.get(io.skylane.vpc.model.ResourceType.TOKEN));
    }

    /** Resources with every optional field filled (and some left null) conform to the model. */
    @Test
    void fullyPopulatedResourcesConform() throws Exception {
        String[] t = tenant("full");
        String tok = t[1];
        int before = yangChecked.get();
        String v = id(call(tok, "POST", "/v1/vpcs", "{'vpc':{'name':'n','description':'d','tags':['a','b'],"
                + "'external_ids':{'k1':'v1','k2':''}}}"), "vpc");
        Answer s4 = call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + v + "','cidr':'10.2.0.0/24',"
                + "'allocation_pools':[{'start':'10.2.0.10','end':'10.2.0.20'},{'start':'10.2.0.30','end':'10.2.0.40'}],"
                + "'dns_nameservers':['8.8.8.8','2001:4860:4860::8888'],'enable_dhcp':false}}");
        assertEquals(201, s4.status(), s4.raw().body());
        Answer s6 = call(tok, "POST", "/v1/subnets", "{'subnet':{'vpc_id':'" + v + "','cidr':'2001:db8::/64',"
                + "'gateway_ip':null}}");
        assertEquals(201, s6.status(), s6.raw().body());
        String g = id(call(tok, "POST", "/v1/security-groups", "{'security_group':{'name':'web','rules':["
                + "{'direction':'ingress','protocol':'icmp','port_range_min':8,'port_range_max':0},"
                + "{'direction':'ingress','ethertype':'IPv6','protocol':'58','remote_ip_prefix':'2001:db8::/32'},"
                + "{'direction':'egress','protocol':'tcp','port_range_min':1,'port_range_max':65535}]}}"), "security_group");
        Answer rule = call(tok, "POST", "/v1/security-group-rules", "{'security_group_rule':{'security_group_id':'" + g
                + "','direction':'ingress','protocol':'udp','port_range_min':53,'port_range_max':53,'remote_group_id':'"
                + g + "','name':'dns','tags':['x']}}");
        assertEquals(201, rule.status(), rule.raw().body());
        Answer port = call(tok, "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "','fixed_ips':[{'subnet_id':'"
                + id(s4, "subnet") + "','ip_address':'10.2.0.15'},{'subnet_id':'" + id(s6, "subnet") + "'}],"
                + "'mac_address':'fa:16:3e:00:00:01','security_groups':['" + g + "'],"
                + "'allowed_address_pairs':[{'ip_address':'10.2.0.100'},{'ip_address':'10.9.0.0/16','mac_address':'fa:16:3e:00:00:02'}],"
                + "'binding':{'dpid':'00000000000000d1','port':4294967040},'device_id':'vm-1','device_owner':'compute:nova',"
                + "'admin_state_up':false}}");
        assertEquals(201, port.status(), port.raw().body());
        Answer bare = call(tok, "POST", "/v1/ports", "{'port':{'vpc_id':'" + v + "','security_groups':[],"
                + "'port_security_enabled':false,'fixed_ips':[]}}");
        assertEquals(201, bare.status(), bare.raw().body());
        for (String list : List.of("vpcs", "subnets", "ports", "security-groups", "security-group-rules")) {
            assertEquals(200, call(tok, "GET", "/v1/" + list, null).status(), list);
        }
        assertEquals(200, admin("GET", "/v1/tenants", null).status());
        assertEquals(200, call(tok, "GET", "/v1/tenants/" + t[0], null).status());
        assertEquals(24, yangChecked.get() - before, "checked " + (yangChecked.get() - before));
    }
}
