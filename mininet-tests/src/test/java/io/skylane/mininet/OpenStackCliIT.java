package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code openstack} client against a controller, with nothing but a {@code clouds.yaml}
 * (docs/openstack.md): Keystone tokens from a tenant token (token and password methods) and from
 * the admin token, Neutron networks created, listed, shown, renamed and deleted, the same networks
 * seen as VPCs through {@code /v1}, another project's network invisible, what Skylane cannot
 * honour refused with the client's usual error, and a revoked token refused.
 */
class OpenStackCliIT {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theOpenStackClientDrivesNetworks() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("OpenStackCliIT")) {
            SkylaneRest admin = controller.rest();
            JsonNode acme = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"acme\"}}");
            JsonNode globex = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"globex\"}}");
            String acmeId = acme.at("/tenant/id").asText();
            String acmeSecret = acme.at("/token/secret").asText();
            Path dir = Files.createTempDirectory(LabSupport.workDir(), "openstack-");
            OpenStackCli os = new OpenStackCli(dir, controller.apiPort())
                    .tokenCloud("acme", acmeSecret, acmeId)
                    .passwordCloud("acme-password", "acme", acmeSecret, "acme")
                    .tokenCloud("globex", globex.at("/token/secret").asText(), globex.at("/tenant/id").asText())
                    .passwordCloud("admin", "admin", ControllerProcess.ADMIN_TOKEN, "admin");

            // create, and the same resource through /v1
            JsonNode web = os.json("acme", "network", "create", "web", "--description", "front end");
            String webId = web.get("id").asText();
            assertEquals(acmeId, web.get("project_id").asText());
            assertEquals("ACTIVE", web.get("status").asText());
            JsonNode vpc = admin.get("/v1/vpcs/" + webId).get("vpc");
            assertEquals("web", vpc.get("name").asText());
            assertEquals("front end", vpc.get("description").asText());

            // a VPC made through /v1 is a network, with its subnet
            String dbId = admin.post("/v1/vpcs", "{\"vpc\": {\"name\": \"db\", \"tenant_id\": \"" + acmeId + "\"}}")
                    .at("/vpc/id").asText();
            String subnetId = admin.post("/v1/subnets", "{\"subnet\": {\"vpc_id\": \"" + dbId
                    + "\", \"cidr\": \"10.20.0.0/24\", \"tenant_id\": \"" + acmeId + "\"}}").at("/subnet/id").asText();
            assertEquals(List.of("db", "web"), names(os.json("acme", "network", "list", "--sort-column", "Name")));
            JsonNode db = os.json("acme", "network", "show", "db");
            assertEquals(dbId, db.get("id").asText());
            assertEquals(List.of(subnetId), texts(db.get("subnets")));

            // password authentication sees the same; another project sees nothing of acme's
            assertEquals(List.of("db", "web"), names(os.json("acme-password", "network", "list", "--sort-column", "Name")));
            String gId = os.json("globex", "network", "create", "g").get("id").asText();
            assertEquals(List.of("g"), names(os.json("globex", "network", "list")));
            OpenStackCli.Result hidden = os.run("acme", "network", "show", gId);
            assertNotEquals(0, hidden.exit());
            assertTrue(hidden.err().contains("No Network found for " + gId), hidden.err());
            assertEquals(List.of("db", "g", "web"), names(os.json("admin", "network", "list", "--sort-column", "Name")));

            // update, filters
            os.ok("acme", "network", "set", "--name", "www", "web");
            assertEquals("www", os.json("acme", "network", "show", webId).get("name").asText());
            assertEquals(List.of("www"), names(os.json("acme", "network", "list", "--name", "www")));

            // what Skylane cannot honour: refused with the reason, nothing created
            OpenStackCli.Result shared = os.run("acme", "network", "create", "--share", "s");
            assertNotEquals(0, shared.exit());
            assertTrue(shared.err().contains("BadRequestException: 400") && shared.err().contains("never shared"),
                    shared.err());
            OpenStackCli.Result external = os.run("acme", "network", "create", "--external", "e");
            assertNotEquals(0, external.exit());
            assertTrue(external.err().contains("external networks are not supported"), external.err());
            assertEquals(2, names(os.json("acme", "network", "list")).size());

            // delete: a network with a port is in use; its subnets go with it
            String portId = admin.post("/v1/ports", "{\"port\": {\"vpc_id\": \"" + dbId + "\", \"tenant_id\": \""
                    + acmeId + "\"}}").at("/port/id").asText();
            OpenStackCli.Result inUse = os.run("acme", "network", "delete", "db");
            assertNotEquals(0, inUse.exit());
            assertTrue(inUse.err().contains("in use"), inUse.err());
            admin.delete("/v1/ports/" + portId);
            os.ok("acme", "network", "delete", "db", "www");
            assertEquals(List.of(), names(os.json("acme", "network", "list")));
            assertEquals(0, admin.get("/v1/subnets").get("subnets").size());

            // a token: issued, then revoked; the revoked one authenticates nothing
            String token = os.json("acme", "token", "issue").get("id").asText();
            String[] withToken = {"--os-auth-type", "token", "--os-auth-url",
                    "http://127.0.0.1:" + controller.apiPort() + "/identity/v3", "--os-token", token,
                    "--os-project-id", acmeId, "network", "list", "-f", "json"};
            assertEquals(0, os.bare(withToken).exit(), "the issued token works");
            os.ok("acme", "token", "revoke", token);
            OpenStackCli.Result revoked = os.bare(withToken);
            assertNotEquals(0, revoked.exit());
            assertTrue(revoked.err().contains("401"), revoked.err());
        }
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get("Name").asText()));
        return out;
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }
}
