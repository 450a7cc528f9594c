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
 * the admin token, Neutron networks, subnets, ports, security groups and rules created, listed,
 * shown, changed and deleted, the same resources seen through {@code /v1}, another project's network invisible, what Skylane cannot
 * honour refused with the client's usual error, and a revoked token refused.
 */
class OpenStackCliIT {

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theOpenStackClientDrivesNetworksSubnetsPortsAndSecurityGroups() throws Exception {
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

            // subnets, as the client makes them
            JsonNode s1 = os.json("acme", "subnet", "create", "--network", "www", "--subnet-range", "10.30.0.0/24",
                    "--dns-nameserver", "10.30.0.53", "s1");
            assertEquals(webId, s1.get("network_id").asText());
            assertEquals("10.30.0.1", s1.get("gateway_ip").asText());
            assertEquals(webId, admin.get("/v1/subnets/" + s1.get("id").asText()).at("/subnet/vpc_id").asText());
            JsonNode s2 = os.json("acme", "subnet", "create", "--network", "www", "--subnet-range", "10.30.1.0/24",
                    "--no-dhcp", "--gateway", "none", "--allocation-pool", "start=10.30.1.10,end=10.30.1.20", "s2");
            assertTrue(s2.get("gateway_ip").isNull());
            assertEquals(false, s2.get("enable_dhcp").asBoolean());
            os.ok("acme", "subnet", "set", "--name", "s2b", "s2");
            assertEquals(List.of("s1", "s2b"), names(os.json("acme", "subnet", "list", "--network", "www",
                    "--sort-column", "Name")));
            OpenStackCli.Result badCidr = os.run("acme", "subnet", "create", "--network", "www",
                    "--subnet-range", "10.30.2.7/24", "bad");
            assertNotEquals(0, badCidr.exit());
            assertTrue(badCidr.err().contains("BadRequestException: 400") && badCidr.err().contains("host bits"),
                    badCidr.err());
            OpenStackCli.Result overlap = os.run("acme", "subnet", "create", "--network", "www",
                    "--subnet-range", "10.30.0.0/16", "dup");
            assertNotEquals(0, overlap.exit());
            assertTrue(overlap.err().contains("ConflictException: 409") && overlap.err().contains("overlaps"),
                    overlap.err());
            OpenStackCli.Result theirs = os.run("acme", "subnet", "create", "--network", gId,
                    "--subnet-range", "10.40.0.0/24", "x");
            assertNotEquals(0, theirs.exit(), "another project's network holds no subnet of mine");
            os.ok("acme", "subnet", "delete", "s2b");
            assertEquals(List.of("s1"), names(os.json("acme", "subnet", "list", "--network", "www")));

            // ports: placed by binding:profile, or left to be learned; addresses unique
            JsonNode p1 = os.json("acme", "port", "create", "--network", "www", "--fixed-ip",
                    "subnet=s1,ip-address=10.30.0.11", "--mac-address", "02:00:00:00:30:11",
                    "--binding-profile", "dpid=00000000000000d1", "--binding-profile", "port=3", "p1");
            String p1Id = p1.get("id").asText();
            JsonNode p1v1 = admin.get("/v1/ports/" + p1Id).get("port");
            assertEquals("00000000000000d1", p1v1.at("/binding/dpid").asText());
            assertEquals(3, p1v1.at("/binding/port").asInt());
            assertEquals("10.30.0.11", p1v1.at("/fixed_ips/0/ip_address").asText());
            assertEquals("DOWN", p1.get("status").asText(), "no switch holds its rules");
            os.json("acme", "port", "create", "--network", "www", "p2");
            os.ok("acme", "port", "set", "--no-security-group", "--disable-port-security", "p2");
            assertEquals(false, os.json("acme", "port", "show", "p2").get("port_security_enabled").asBoolean());
            os.ok("acme", "port", "unset", "--binding-profile", "port", "--binding-profile", "dpid", "p1");
            assertTrue(admin.get("/v1/ports/" + p1Id).at("/port/binding").isNull(), "learned by its MAC now");
            OpenStackCli.Result host = os.run("acme", "port", "create", "--network", "www", "--host", "compute1", "p3");
            assertNotEquals(0, host.exit());
            assertTrue(host.err().contains("\"compute1\" is no registered hypervisor"), host.err());
            admin.post("/v1/hypervisors", "{\"hypervisor\": {\"name\": \"compute1\", \"datapath_id\": "
                    + "\"00000000000000c1\", \"endpoint_ip\": \"192.168.77.1\"}}");
            JsonNode onHost = os.json("acme", "port", "create", "--network", "www", "--host", "compute1", "p3");
            assertEquals("compute1", onHost.get("binding_host_id").asText(), onHost.toString());
            assertEquals("{\"dpid\":\"00000000000000c1\"}", admin.get("/v1/ports/" + onHost.get("id").asText())
                    .at("/port/binding").toString(), "bound to the hypervisor's bridge, learned at its ports");
            os.ok("acme", "port", "delete", "p3");
            OpenStackCli.Result taken = os.run("acme", "port", "create", "--network", "www", "--fixed-ip",
                    "ip-address=10.30.0.11", "p4");
            assertNotEquals(0, taken.exit());
            assertTrue(taken.err().contains("ConflictException: 409") && taken.err().contains("already used"),
                    taken.err());
            assertEquals(List.of("p1", "p2"), names(os.json("acme", "port", "list", "--network", "www",
                    "--sort-column", "Name")));
            os.ok("acme", "port", "delete", "p1", "p2");

            // security groups and rules
            assertEquals(List.of("default"), names(os.json("acme", "security", "group", "list")));
            JsonNode webGroup = os.json("acme", "security", "group", "create", "web");
            assertEquals(2, webGroup.get("rules").size(), "Neutron's two egress rules");
            String webGroupId = webGroup.get("id").asText();
            JsonNode http = os.json("acme", "security", "group", "rule", "create", "--protocol", "tcp",
                    "--dst-port", "80", "web");
            assertEquals(80, http.get("port_range_min").asInt());
            os.json("acme", "security", "group", "rule", "create", "--protocol", "icmp", "--remote-group", "default", "web");
            assertEquals(4, admin.get("/v1/security-groups/" + webGroupId).at("/security_group/rules").size());
            OpenStackCli.Result again = os.run("acme", "security", "group", "rule", "create", "--protocol", "tcp",
                    "--dst-port", "80", "web");
            assertNotEquals(0, again.exit());
            assertTrue(again.err().contains("ConflictException: 409") && again.err().contains("already has this rule"),
                    again.err());
            os.ok("acme", "security", "group", "rule", "delete", http.get("id").asText());
            assertEquals(3, os.json("acme", "security", "group", "rule", "list", "web").size());
            os.ok("acme", "security", "group", "delete", "web");
            assertEquals(List.of("default"), names(os.json("acme", "security", "group", "list")));

            // delete: a network with a port is in use; its subnets go with it
            String portId = admin.post("/v1/ports", "{\"port\": {\"vpc_id\": \"" + dbId + "\", \"tenant_id\": \""
                    + acmeId + "\"}}").at("/port/id").asText();
            OpenStackCli.Result inUse = os.run("acme", "network", "delete", "db");
            assertNotEquals(0, inUse.exit());
            assertTrue(inUse.err().contains("in use"), inUse.err());
            admin.delete("/v1/ports/" + portId);
            os.ok("acme", "network", "delete", "db", "www");
            assertEquals(List.of(), names(os.json("acme", "network", "list")));
            assertEquals(0, admin.get("/v1/subnets").get("subnets").size(), "subnets go with their network");

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
