package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Neutron's tag API and tag filters over real HTTP: the tags are the Skylane resource's. */
class NeutronTagsApiTest extends NeutronHttp {

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(t -> out.add(t.asText()));
        return out;
    }

    @Test
    void tagsAreSetAddedCheckedAndRemovedAsTheClientDoesAndAreTheNativeTags() throws Exception {
        String id = network("web");
        String tags = "/networking/v2.0/networks/" + id + "/tags";
        Answer put = as(token, "PUT", tags, "{'tags': ['blue', 'prod', 'blue']}");
        assertEquals(200, put.status(), put.raw().body());
        assertEquals(List.of("blue", "prod"), texts(put.body().get("tags")), "a tag given twice is kept once");
        assertEquals(List.of("blue", "prod"), texts(native_("GET", "/v1/vpcs/" + id, null).body().at("/vpc/tags")));
        assertEquals(2, as(token, "GET", "/networking/v2.0/networks/" + id, null).body()
                .at("/network/revision_number").asInt(), "a change of tags is a new revision");

        assertEquals(201, as(token, "PUT", tags + "/gold", null).status());
        assertEquals(201, as(token, "PUT", tags + "/gold", null).status(), "adding a tag it has changes nothing");
        assertEquals(List.of("blue", "prod", "gold"), texts(as(token, "GET", tags, null).body().get("tags")));
        assertEquals(3, as(token, "GET", "/networking/v2.0/networks/" + id, null).body()
                .at("/network/revision_number").asInt());
        assertEquals(204, as(token, "GET", tags + "/gold", null).status());
        assertEquals(404, as(token, "GET", tags + "/silver", null).status());

        assertEquals(204, as(token, "DELETE", tags + "/prod", null).status());
        Answer gone = as(token, "DELETE", tags + "/prod", null);
        assertEquals(404, gone.status());
        assertEquals("Tag prod could not be found for network " + id + ".",
                gone.body().at("/NeutronError/message").asText());
        assertEquals(List.of("blue", "gold"), texts(as(token, "GET", "/networking/v2.0/networks/" + id, null)
                .body().at("/network/tags")));
        assertEquals(204, as(token, "DELETE", tags, null).status());
        assertEquals(List.of(), texts(as(token, "GET", tags, null).body().get("tags")));
    }

    @Test
    void theFourTagFiltersSelectAsNeutronsDo() throws Exception {
        String both = network("both");
        String blue = network("blue");
        network("none");
        as(token, "PUT", "/networking/v2.0/networks/" + both + "/tags", "{'tags': ['blue', 'prod']}");
        as(token, "PUT", "/networking/v2.0/networks/" + blue + "/tags", "{'tags': ['blue']}");
        assertEquals(List.of("both"), names("tags=blue,prod"));
        assertEquals(List.of("blue", "both"), names("tags=blue"));
        assertEquals(List.of("blue", "both"), names("tags-any=prod,blue"));
        assertEquals(List.of("blue", "none"), names("not-tags=blue,prod"));
        assertEquals(List.of("none"), names("not-tags-any=blue,prod"));
        assertEquals(List.of("both"), names("tags=blue&tags-any=prod"));
    }

    private List<String> names(String query) throws Exception {
        Answer a = as(token, "GET", "/networking/v2.0/networks?sort_key=name&" + query, null);
        assertEquals(200, a.status(), a.raw().body());
        return a.body().get("networks").findValuesAsText("name");
    }

    @Test
    void badBodiesAndOtherProjectsResourcesAreRefusedAndNothingChanges() throws Exception {
        String id = network("web");
        String tags = "/networking/v2.0/networks/" + id + "/tags";
        for (String body : List.of("{'tags': 'blue'}", "{'tags': [1]}", "{'tag': ['a']}", "[]")) {
            Answer a = as(token, "PUT", tags, body);
            assertEquals(400, a.status(), body);
            assertEquals("HTTPBadRequest", a.body().at("/NeutronError/type").asText(), body);
        }
        Answer empty = as(token, "PUT", tags, "{'tags': ['']}");
        assertEquals(400, empty.status(), "the native validation applies: " + empty.raw().body());
        assertEquals(1, native_("GET", "/v1/vpcs/" + id, null).body().at("/vpc/revision").asInt(), "nothing changed");

        String theirs = as(login(tenant("globex")), "POST", "/networking/v2.0/networks", "{'network': {'name': 'g'}}")
                .body().at("/network/id").asText();
        assertEquals(404, as(token, "PUT", "/networking/v2.0/networks/" + theirs + "/tags", "{'tags': ['x']}").status());
        assertEquals(404, as(token, "GET", "/networking/v2.0/networks/" + theirs + "/tags", null).status());
        assertEquals(List.of(), texts(native_("GET", "/v1/vpcs/" + theirs, null).body().at("/vpc/tags")));
    }

    @Test
    void subnetsPortsAndSecurityGroupsHaveTagsButRulesDoNot() throws Exception {
        String net = network("web");
        String subnet = as(token, "POST", "/networking/v2.0/subnets", "{'subnet': {'network_id': '" + net
                + "', 'cidr': '10.0.0.0/24', 'ip_version': 4}}").body().at("/subnet/id").asText();
        String port = as(token, "POST", "/networking/v2.0/ports", "{'port': {'network_id': '" + net + "'}}")
                .body().at("/port/id").asText();
        String group = as(token, "POST", "/networking/v2.0/security-groups", "{'security_group': {'name': 'g'}}")
                .body().at("/security_group/id").asText();
        for (String path : List.of("subnets/" + subnet, "ports/" + port, "security-groups/" + group)) {
            Answer a = as(token, "PUT", "/networking/v2.0/" + path + "/tags", "{'tags': ['t']}");
            assertEquals(200, a.status(), path + ": " + a.raw().body());
            assertEquals(List.of("t"), texts(as(token, "GET", "/networking/v2.0/" + path + "/tags", null)
                    .body().get("tags")), path);
        }
        String rule = as(token, "GET", "/networking/v2.0/security-group-rules?security_group_id=" + group, null)
                .body().at("/security_group_rules/0/id").asText();
        assertEquals(404, as(token, "PUT", "/networking/v2.0/security-group-rules/" + rule + "/tags",
                "{'tags': ['t']}").status());
    }
}
