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
 * honour refused with the client's usual error, and a revoked token refused; and Octavia through
 * the {@code openstack loadbalancer} commands (python3-octaviaclient).
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

            // tags, set, unset and filtered as the client does
            os.ok("acme", "network", "set", "--tag", "blue", "--tag", "prod", "db");
            assertEquals(List.of("blue", "prod"), texts(os.json("acme", "network", "show", "db").get("tags"))
                    .stream().sorted().toList());
            assertEquals(List.of("db"), names(os.json("acme", "network", "list", "--tags", "blue,prod")));
            assertEquals(List.of("www"), names(os.json("acme", "network", "list", "--not-tags", "blue")));
            os.ok("acme", "network", "unset", "--tag", "prod", "db");
            assertEquals(List.of("blue"), texts(admin.get("/v1/vpcs/" + dbId).at("/vpc/tags")), "the VPC's tags");

            // a router joining a subnet of each network
            String edgeId = os.json("acme", "router", "create", "edge").get("id").asText();
            os.ok("acme", "router", "add", "subnet", "edge", subnetId);
            os.ok("acme", "router", "add", "subnet", "edge", "s1");
            JsonNode edge = os.json("acme", "router", "show", "edge");
            assertEquals(List.of("10.20.0.1", "10.30.0.1"), edge.get("interfaces_info").findValuesAsText("ip_address")
                    .stream().sorted().toList(), edge.toString());
            assertEquals(2, os.json("acme", "port", "list", "--router", "edge").size());
            assertEquals(2, admin.get("/v1/routers/" + edgeId).at("/router/subnet_ids").size(), "the same router in /v1");
            OpenStackCli.Result twice = os.run("acme", "router", "add", "subnet", "edge", "s1");
            assertNotEquals(0, twice.exit());
            assertTrue(twice.err().contains("Router already has a port on subnet"), twice.err());
            OpenStackCli.Result busy = os.run("acme", "router", "delete", "edge");
            assertNotEquals(0, busy.exit());
            assertTrue(busy.err().contains("still has ports"), busy.err());
            OpenStackCli.Result gateway = os.run("acme", "router", "set", "--route",
                    "destination=0.0.0.0/0,gateway=10.30.0.9", "edge");
            assertNotEquals(0, gateway.exit());
            assertTrue(gateway.err().contains("static routes are not supported"), gateway.err());
            os.ok("acme", "router", "set", "--name", "edge2", "edge");
            assertEquals(List.of("edge2"), names(os.json("acme", "router", "list")));
            assertEquals(List.of(), names(os.json("globex", "router", "list")), "another project's router is not mine");
            os.ok("acme", "router", "remove", "subnet", "edge2", subnetId);
            os.ok("acme", "router", "remove", "subnet", "edge2", "s1");
            os.ok("acme", "router", "delete", "edge2");
            assertEquals(0, admin.get("/v1/routers").get("routers").size());

            // the catalog as an operator lists it
            assertEquals(9, os.json("acme", "endpoint", "list").size());
            assertEquals(List.of("keystone", "neutron", "octavia"), names(os.json("acme", "service", "list"))
                    .stream().sorted().toList());

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

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void theOpenStackClientDrivesLoadBalancers() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("OpenStackCliLbIT")) {
            SkylaneRest admin = controller.rest();
            JsonNode acme = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"acme\"}}");
            JsonNode globex = admin.post("/v1/tenants", "{\"tenant\": {\"name\": \"globex\"}}");
            String acmeId = acme.at("/tenant/id").asText();
            Path dir = Files.createTempDirectory(LabSupport.workDir(), "openstack-lb-");
            OpenStackCli os = new OpenStackCli(dir, controller.apiPort())
                    .tokenCloud("acme", acme.at("/token/secret").asText(), acmeId)
                    .tokenCloud("globex", globex.at("/token/secret").asText(), globex.at("/tenant/id").asText());
            os.json("acme", "network", "create", "web");
            String subnetId = os.json("acme", "subnet", "create", "--network", "web", "--subnet-range", "10.50.0.0/24",
                    "s1").get("id").asText();

            // a load balancer with a listener, a pool, two members and a monitor, each waited for
            JsonNode lb = os.json("acme", "loadbalancer", "create", "--name", "lb1", "--vip-subnet-id", "s1",
                    "--vip-address", "10.50.0.100", "--wait");
            String lbId = lb.get("id").asText();
            assertEquals("ACTIVE", lb.get("provisioning_status").asText());
            assertEquals("skylane", lb.get("provider").asText());
            assertEquals(subnetId, lb.get("vip_subnet_id").asText());
            assertEquals("10.50.0.100", admin.get("/v1/load-balancers/" + lbId).at("/load_balancer/vip_address").asText());
            JsonNode listener = os.json("acme", "loadbalancer", "listener", "create", "--name", "l1", "--protocol", "TCP",
                    "--protocol-port", "80", "--wait", "lb1");
            assertEquals(80, listener.get("protocol_port").asInt());
            String poolId = os.json("acme", "loadbalancer", "pool", "create", "--name", "p1", "--protocol", "TCP",
                    "--lb-algorithm", "SOURCE_IP_PORT", "--listener", "l1", "--wait").get("id").asText();
            os.json("acme", "loadbalancer", "member", "create", "--name", "m1", "--address", "10.50.0.11",
                    "--protocol-port", "8080", "--subnet-id", "s1", "--wait", "p1");
            os.json("acme", "loadbalancer", "member", "create", "--name", "m2", "--address", "10.50.0.12",
                    "--protocol-port", "8080", "--wait", "p1");
            JsonNode monitor = os.json("acme", "loadbalancer", "healthmonitor", "create", "--name", "hm1", "--type",
                    "TCP", "--delay", "5", "--timeout", "3", "--max-retries", "2", "--wait", "p1");
            assertEquals("TCP", monitor.get("type").asText());
            assertEquals(poolId, admin.get("/v1/listeners/" + listener.get("id").asText())
                    .at("/listener/default_pool_id").asText());

            // the status tree, lists and shows
            OpenStackCli.Result tree = os.run("acme", "loadbalancer", "status", "show", "lb1");
            assertEquals(0, tree.exit(), tree.err());
            JsonNode statuses = OpenStackCliIT.json(tree.out()).get("loadbalancer");
            assertEquals(lbId, statuses.get("id").asText());
            assertEquals(poolId, statuses.at("/listeners/0/pools/0/id").asText());
            assertEquals(2, statuses.at("/listeners/0/pools/0/members").size());
            assertEquals("TCP", statuses.at("/listeners/0/pools/0/health_monitor/type").asText());
            assertEquals(List.of("lb1"), column(os.json("acme", "loadbalancer", "list"), "name"));
            assertEquals(List.of("l1"), column(os.json("acme", "loadbalancer", "listener", "list"), "name"));
            assertEquals(List.of("p1"), column(os.json("acme", "loadbalancer", "pool", "list"), "name"));
            assertEquals(List.of("m1", "m2"), sorted(column(os.json("acme", "loadbalancer", "member", "list", "p1"),
                    "name")));
            assertEquals(List.of("hm1"), column(os.json("acme", "loadbalancer", "healthmonitor", "list"), "name"));
            assertEquals(List.of("lb1"), column(os.json("acme", "loadbalancer", "list", "--vip-subnet-id", "s1"),
                    "name"));
            assertEquals(monitor.get("id").asText(), os.json("acme", "loadbalancer", "pool", "show", "p1")
                    .get("healthmonitor_id").asText());

            // set, each waited for (a change of the name alone settles again)
            os.ok("acme", "loadbalancer", "set", "--name", "www", "--description", "front", "--wait", "lb1");
            assertEquals("front", os.json("acme", "loadbalancer", "show", "www").get("description").asText());
            os.ok("acme", "loadbalancer", "listener", "set", "--allowed-cidr", "10.50.0.0/24", "--wait", "l1");
            assertEquals("10.50.0.0/24", admin.get("/v1/listeners/" + listener.get("id").asText())
                    .at("/listener/allowed_cidrs/0").asText());
            os.ok("acme", "loadbalancer", "pool", "set", "--lb-algorithm", "SOURCE_IP", "--wait", "p1");
            os.ok("acme", "loadbalancer", "member", "set", "--weight", "5", "--wait", "p1", "m1");
            assertEquals(5, os.json("acme", "loadbalancer", "member", "show", "p1", "m1").get("weight").asInt());
            os.ok("acme", "loadbalancer", "healthmonitor", "set", "--delay", "10", "--wait", "hm1");
            assertEquals(10, os.json("acme", "loadbalancer", "healthmonitor", "show", "hm1").get("delay").asInt());

            // refused, with the client's error naming the reason; nothing made
            OpenStackCli.Result http = os.run("acme", "loadbalancer", "listener", "create", "--protocol", "HTTP",
                    "--protocol-port", "8000", "www");
            assertNotEquals(0, http.exit());
            assertTrue(http.err().contains("Provider 'skylane' does not support a requested option: Skylane balances "
                    + "at L4: protocol HTTP is not supported (TCP or UDP) (HTTP 501)"), http.err());
            OpenStackCli.Result rr = os.run("acme", "loadbalancer", "pool", "create", "--protocol", "TCP",
                    "--lb-algorithm", "ROUND_ROBIN", "--loadbalancer", "www");
            assertNotEquals(0, rr.exit());
            assertTrue(rr.err().contains("does not support ROUND_ROBIN algorithm") && rr.err().contains("SOURCE_IP_PORT")
                    && rr.err().contains("(HTTP 501)"), rr.err());
            OpenStackCli.Result httpMonitor = os.run("acme", "loadbalancer", "healthmonitor", "create", "--type", "HTTP",
                    "--delay", "5", "--timeout", "3", "--max-retries", "2", "p1");
            assertNotEquals(0, httpMonitor.exit());
            assertTrue(httpMonitor.err().contains("health monitor type HTTP is not supported"), httpMonitor.err());
            assertEquals(1, admin.get("/v1/listeners").get("listeners").size());
            assertEquals(1, admin.get("/v1/pools").get("pools").size());
            OpenStackCli.Result inUse = os.run("acme", "loadbalancer", "delete", "www");
            assertNotEquals(0, inUse.exit());
            assertTrue(inUse.err().contains("(HTTP 409)") && inUse.err().contains("cascade"), inUse.err());

            // another project sees none of it
            assertEquals(List.of(), column(os.json("globex", "loadbalancer", "list"), "name"));
            OpenStackCli.Result hidden = os.run("globex", "loadbalancer", "show", lbId);
            assertNotEquals(0, hidden.exit());

            // the provider, and what Skylane has none of
            assertEquals(List.of("skylane"), column(os.json("acme", "loadbalancer", "provider", "list"), "name"));
            assertEquals(List.of(), column(os.json("acme", "loadbalancer", "flavor", "list"), "name"));
            OpenStackCli.Result stats = os.run("acme", "loadbalancer", "stats", "show", "www");
            assertNotEquals(0, stats.exit());
            assertTrue(stats.err().contains("(HTTP 501)"), stats.err());

            // deletes, one by one and by cascade
            os.ok("acme", "loadbalancer", "healthmonitor", "delete", "--wait", "hm1");
            os.ok("acme", "loadbalancer", "member", "delete", "--wait", "p1", "m2");
            assertEquals(List.of("m1"), column(os.json("acme", "loadbalancer", "member", "list", "p1"), "name"));
            os.ok("acme", "loadbalancer", "delete", "--cascade", "--wait", "www");
            assertEquals(List.of(), column(os.json("acme", "loadbalancer", "list"), "name"));
            for (String type : List.of("load-balancers", "listeners", "pools", "health-monitors")) {
                assertEquals(0, admin.get("/v1/" + type).elements().next().size(), type);
            }
        }
    }

    private static JsonNode json(String text) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
    }

    private static List<String> column(JsonNode list, String name) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.get(name).asText()));
        return out;
    }

    private static List<String> sorted(List<String> in) {
        List<String> out = new ArrayList<>(in);
        java.util.Collections.sort(out);
        return out;
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
