package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Keystone v3 subset over real HTTP, as keystoneauth calls it. */
class KeystoneApiTest extends OpenStackHttp {

    @Test
    void versionDiscoveryNamesV3AtTheAddressTheClientUsed() throws Exception {
        Answer v3 = call("GET", "/identity/v3", null);
        assertEquals(200, v3.status());
        assertTrue(v3.body().at("/version/id").asText().startsWith("v3."));
        assertEquals(base() + "/identity/v3/", v3.body().at("/version/links/0/href").asText());
        Answer all = call("GET", "/identity", null);
        assertEquals(300, all.status());
        assertEquals(v3.body().get("version"), all.body().at("/versions/values/0"));
    }

    @Test
    void theTokenMethodScopedToTheTenantsProjectGivesATokenAndTheCatalog() throws Exception {
        Tenant acme = tenant("acme");
        Answer a = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + acme.secret() + "'}}, 'scope': {'project': {'id': '" + acme.id() + "'}}}}");
        assertEquals(201, a.status(), a.raw().body());
        String token = a.header("X-Subject-Token");
        assertNotNull(token);
        assertTrue(!token.equals(acme.secret()), "a token of its own, not the Skylane secret");
        JsonNode t = a.body().get("token");
        assertEquals(acme.id(), t.at("/project/id").asText());
        assertEquals("acme", t.at("/project/name").asText());
        assertEquals(acme.id(), t.at("/user/id").asText());
        assertEquals(List.of("member", "reader"), names(t.get("roles")));
        assertEquals(List.of("identity", "network", "load-balancer"), types(t.get("catalog")));
        JsonNode network = t.get("catalog").get(1);
        assertEquals(base() + "/networking", network.at("/endpoints/0/url").asText());
        assertEquals(List.of("public", "internal", "admin"), network.get("endpoints").findValuesAsText("interface"));
        JsonNode octavia = t.get("catalog").get(2);
        assertEquals("octavia", octavia.get("name").asText());
        assertEquals(base() + "/load-balancer", octavia.at("/endpoints/0/url").asText());
        assertTrue(t.get("expires_at").asText().endsWith("Z"));
    }

    @Test
    void thePasswordMethodTakesTheTenantsNameAndTokenSecret() throws Exception {
        Tenant acme = tenant("acme");
        Answer ok = call("POST", "/identity/v3/auth/tokens", password("acme", acme.secret(), "acme"));
        assertEquals(201, ok.status(), ok.raw().body());
        assertEquals(acme.id(), ok.body().at("/token/project/id").asText());
        Answer wrongUser = call("POST", "/identity/v3/auth/tokens", password("globex", acme.secret(), "acme"));
        assertEquals(401, wrongUser.status());
        assertEquals(401, wrongUser.body().at("/error/code").asInt());
        assertEquals("Unauthorized", wrongUser.body().at("/error/title").asText());
        Answer wrongSecret = call("POST", "/identity/v3/auth/tokens", password("acme", "sky_nope", "acme"));
        assertEquals(401, wrongSecret.status());
        assertNotNull(wrongSecret.header("WWW-Authenticate"));
    }

    @Test
    void aTenantCannotScopeToAnotherProjectAndUnscopedMeansItsOwn() throws Exception {
        Tenant acme = tenant("acme");
        Tenant globex = tenant("globex");
        Answer other = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + acme.secret() + "'}}, 'scope': {'project': {'id': '" + globex.id() + "'}}}}");
        assertEquals(401, other.status(), other.raw().body());
        Answer byName = call("POST", "/identity/v3/auth/tokens", password("acme", acme.secret(), "globex"));
        assertEquals(401, byName.status());
        Answer unscoped = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + acme.secret() + "'}}}}");
        assertEquals(201, unscoped.status());
        assertEquals(acme.id(), unscoped.body().at("/token/project/id").asText());
        Answer domain = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + acme.secret() + "'}}, 'scope': {'domain': {'id': 'default'}}}}");
        assertEquals(401, domain.status());
        assertTrue(domain.body().at("/error/message").asText().contains("projects only"));
    }

    @Test
    void theAdminTokenIsThePasswordOfAdminAndMayScopeToAnyProject() throws Exception {
        Tenant acme = tenant("acme");
        String admin = loginAdmin();
        Answer validate = as(admin, "GET", "/identity/v3/auth/tokens", null, "X-Subject-Token", admin);
        assertEquals(200, validate.status());
        assertEquals(List.of("admin", "member", "reader"), names(validate.body().at("/token/roles")));
        assertEquals("admin", validate.body().at("/token/project/id").asText());
        Answer scoped = call("POST", "/identity/v3/auth/tokens", password("admin", ADMIN_TOKEN, "acme"));
        assertEquals(201, scoped.status());
        assertEquals(acme.id(), scoped.body().at("/token/project/id").asText());
        Answer projects = as(admin, "GET", "/identity/v3/auth/projects", null);
        assertEquals(List.of("admin", "acme"), projects.body().get("projects").findValuesAsText("name"));
    }

    @Test
    void aTokenIsValidatedRescopedAndRevoked() throws Exception {
        Tenant acme = tenant("acme");
        String token = login(acme);
        assertEquals(200, as(token, "HEAD", "/identity/v3/auth/tokens", null, "X-Subject-Token", token).status());
        Answer rescoped = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': ['token'], "
                + "'token': {'id': '" + token + "'}}, 'scope': {'project': {'id': '" + acme.id() + "'}}}}");
        assertEquals(201, rescoped.status(), "a Keystone token authenticates as the Skylane token it stands for");
        assertEquals(204, as(token, "DELETE", "/identity/v3/auth/tokens", null, "X-Subject-Token", token).status());
        Answer after = as(token, "GET", "/networking/v2.0/networks", null);
        assertEquals(401, after.status());
        assertEquals("HTTPUnauthorized", after.body().at("/NeutronError/type").asText());
        String again = rescoped.header("X-Subject-Token");
        assertEquals(200, as(again, "GET", "/networking/v2.0/networks", null).status(), "another token lives on");
    }

    @Test
    void revokingTheTenantTokenThroughTheNativeApiEndsItsKeystoneTokens() throws Exception {
        Tenant acme = tenant("acme");
        String token = login(acme);
        String tokenId = native_("GET", "/v1/tenants/" + acme.id() + "/tokens", null).body().at("/tokens/0/id").asText();
        assertEquals(204, native_("DELETE", "/v1/tenants/" + acme.id() + "/tokens/" + tokenId, null).status());
        assertEquals(401, as(token, "GET", "/networking/v2.0/networks", null).status());
        assertEquals(401, as(token, "GET", "/identity/v3/auth/projects", null).status());
    }

    @Test
    void projectAndUserLookUpsSeeTheTokensOwnOnly() throws Exception {
        Tenant acme = tenant("acme");
        Tenant globex = tenant("globex");
        String token = login(acme);
        Answer mine = as(token, "GET", "/identity/v3/projects/" + acme.id(), null);
        assertEquals(200, mine.status());
        assertEquals("acme", mine.body().at("/project/name").asText());
        assertEquals(404, as(token, "GET", "/identity/v3/projects/" + globex.id(), null).status());
        Answer byName = as(token, "GET", "/identity/v3/projects?name=globex", null);
        assertEquals(0, byName.body().get("projects").size());
        Answer user = as(token, "GET", "/identity/v3/users?name=acme", null);
        assertEquals(acme.id(), user.body().at("/users/0/id").asText());
        assertEquals(404, as(token, "GET", "/identity/v3/users/" + globex.id(), null).status());
    }

    @Test
    void malformedRequestsAre400InKeystonesFormat() throws Exception {
        Answer noMethod = call("POST", "/identity/v3/auth/tokens", "{'auth': {'identity': {'methods': []}}}");
        assertEquals(400, noMethod.status());
        assertEquals(400, noMethod.body().at("/error/code").asInt());
        Answer notJson = call("POST", "/identity/v3/auth/tokens", "{'auth'");
        assertEquals(400, notJson.status());
        assertEquals("Bad Request", notJson.body().at("/error/title").asText());
        Answer unknown = call("GET", "/identity/v3/domains", null);
        assertEquals(404, unknown.status());
        assertEquals(404, unknown.body().at("/error/code").asInt());
    }

    private static String password(String user, String secret, String project) {
        return "{'auth': {'identity': {'methods': ['password'], 'password': {'user': {'name': '" + user
                + "', 'domain': {'name': 'Default'}, 'password': '" + secret + "'}}}, 'scope': {'project': "
                + "{'name': '" + project + "', 'domain': {'name': 'Default'}}}}}";
    }

    private static List<String> names(JsonNode roles) {
        List<String> out = new ArrayList<>();
        roles.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static List<String> types(JsonNode catalog) {
        List<String> out = new ArrayList<>();
        catalog.forEach(s -> out.add(s.get("type").asText()));
        return out;
    }

    @Test
    void theCatalogIsReadableAsServicesEndpointsAndRegionsWithALiveToken() throws Exception {
        String token = login(tenant("acme"));
        assertEquals(401, call("GET", "/identity/v3/services", null).status());
        Answer services = as(token, "GET", "/identity/v3/services", null);
        assertEquals(200, services.status(), services.raw().body());
        assertEquals(List.of("identity", "network", "load-balancer"),
                services.body().get("services").findValuesAsText("type"));
        assertEquals(List.of("neutron"), as(token, "GET", "/identity/v3/services?type=network", null).body()
                .get("services").findValuesAsText("name"));
        assertEquals("octavia", as(token, "GET", "/identity/v3/services/load-balancer", null).body()
                .at("/service/name").asText());

        JsonNode endpoints = as(token, "GET", "/identity/v3/endpoints", null).body().get("endpoints");
        assertEquals(9, endpoints.size());
        JsonNode network = as(token, "GET", "/identity/v3/endpoints?service_id=network&interface=public", null)
                .body().get("endpoints");
        assertEquals(1, network.size());
        assertEquals(base() + "/networking", network.get(0).get("url").asText());
        assertEquals("RegionOne", network.get(0).get("region_id").asText());
        assertEquals("public", as(token, "GET", "/identity/v3/endpoints/network-public", null).body()
                .at("/endpoint/interface").asText());
        assertEquals(List.of("RegionOne"), as(token, "GET", "/identity/v3/regions", null).body()
                .get("regions").findValuesAsText("id"));
        assertEquals(200, as(token, "GET", "/identity/v3/regions/RegionOne", null).status());
        for (String missing : List.of("services/compute", "endpoints/compute-public", "regions/RegionTwo")) {
            Answer a = as(token, "GET", "/identity/v3/" + missing, null);
            assertEquals(404, a.status(), missing);
            assertTrue(a.body().at("/error/message").asText().startsWith("Could not find "), a.raw().body());
        }
    }
}
