package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.server.cli.CliEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code skylane} client commands, run in process against a real controller. */
class SkylaneCliTest {

    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    static Path dir;
    private static SkylaneController controller;
    private static String url;

    /** A tenant of each test, with its token. */
    private String tenant;
    private String tenantToken;

    /** What one command did. */
    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return M.readTree(out);
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nout:\n" + out + "\nerr:\n" + err;
        }
    }

    @BeforeAll
    static void start() {
        controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        controller.start();
        url = "http://127.0.0.1:" + controller.apiPort();
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    @BeforeEach
    void newTenant() throws Exception {
        Run r = admin("tenant", "create", "--name", "acme", "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        tenant = r.json().path("tenant").path("id").asText();
        tenantToken = r.json().path("token").path("secret").asText();
    }

    /**
     * Runs the command line with {@code env} and the working directory {@code workDir}, built as
     * {@code skylane} builds it for these arguments (only the command they call).
     */
    static Run cli(Map<String, String> env, Path workDir, String... args) {
        CommandLine cl = SkylaneCommand.commandLine(new CliEnv(env, workDir), args);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run admin(String... args) {
        return cli(Map.of("SKYLANE_URL", url, "SKYLANE_ADMIN_TOKEN", TestConfigs.ADMIN_TOKEN), dir, args);
    }

    /** As the tenant, with its token in SKYLANE_TOKEN. */
    Run as(String... args) {
        return cli(Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", tenantToken), dir, args);
    }

    Run ok(Run r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    /** Creates as the tenant with {@code -o json}; the new resource. */
    JsonNode create(String resource, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(resource.split(" ")));
        all.add("create");
        all.addAll(List.of(args));
        all.addAll(List.of("-o", "json"));
        JsonNode j = ok(as(all.toArray(new String[0]))).json();
        return j.elements().next();
    }

    static String http(String token, String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void createsEveryResourceAndListsAndShowsThem() throws Exception {
        JsonNode vpc = create("vpc", "--name", "web", "--tags", "a,b", "--external-id", "k=v", "--description", "d");
        assertEquals("web", vpc.path("name").asText());
        assertEquals("[\"a\",\"b\"]", vpc.path("tags").toString());
        assertEquals("{\"k\":\"v\"}", vpc.path("external_ids").toString());
        String vpcId = vpc.path("id").asText();
        JsonNode subnet = create("subnet", "--vpc", vpcId, "--name", "front", "--cidr", "10.0.0.0/24",
                "--pool", "10.0.0.10-10.0.0.20", "--dns", "8.8.8.8,1.1.1.1", "--no-dhcp");
        assertEquals("10.0.0.1", subnet.path("gateway_ip").asText());
        assertEquals("[{\"start\":\"10.0.0.10\",\"end\":\"10.0.0.20\"}]", subnet.path("allocation_pools").toString());
        assertEquals(2, subnet.path("dns_nameservers").size());
        assertFalse(subnet.path("enable_dhcp").asBoolean());
        String subnetId = subnet.path("id").asText();
        JsonNode group = create("security-group", "--name", "ssh");
        String groupId = group.path("id").asText();
        JsonNode rule = create("security-group rule", "--group", groupId, "--direction", "ingress", "--protocol", "tcp",
                "--port", "22-23", "--remote-ip-prefix", "0.0.0.0/0");
        assertEquals(22, rule.path("port_range_min").asInt());
        assertEquals(23, rule.path("port_range_max").asInt());
        JsonNode fromGroup = create("security-group rule", "--group", groupId, "--direction", "ingress",
                "--remote-group", groupId, "--ethertype", "IPv4");
        assertEquals(groupId, fromGroup.path("remote_group_id").asText());
        JsonNode port = create("port", "--vpc", vpcId, "--name", "vm1", "--ip", "subnet_id=" + subnetId + ",ip_address=10.0.0.11",
                "--mac", "02:00:00:00:00:01", "--security-group", groupId, "--binding", "d1:1",
                "--allowed-address-pair", "ip_address=10.0.0.99");
        assertEquals("10.0.0.11", port.path("fixed_ips").get(0).path("ip_address").asText());
        assertEquals("02:00:00:00:00:01", port.path("mac_address").asText());
        assertEquals("[\"" + groupId + "\"]", port.path("security_groups").toString());
        assertEquals("{\"dpid\":\"00000000000000d1\",\"port\":1}", port.path("binding").toString());
        assertEquals("10.0.0.99", port.path("allowed_address_pairs").get(0).path("ip_address").asText());
        JsonNode open = create("port", "--vpc", vpcId, "--ip", "10.0.0.12", "--no-port-security", "--no-security-group");
        assertFalse(open.path("port_security_enabled").asBoolean());

        Run vpcs = ok(as("vpc", "list"));
        assertTrue(vpcs.out().startsWith("ID "), vpcs.out());
        assertTrue(vpcs.out().matches("(?s).*" + vpcId + " +web +\\d+ +" + tenant + "\n"), vpcs.out());
        assertEquals(http(tenantToken, "/v1/vpcs") + "\n", ok(as("vpc", "list", "-o", "json")).out(),
                "json is the API's answer as it came");
        Run ports = ok(as("port", "list", "--vpc", vpcId));
        assertTrue(ports.out().contains("vm1"), ports.out());
        assertTrue(ports.out().contains("10.0.0.11"), ports.out());
        assertEquals(3, ports.out().split("\n").length, "header and two ports:\n" + ports.out());
        Run rules = ok(as("security-group", "rule", "list", "--group", groupId));
        assertTrue(rules.out().contains("22-23"), rules.out());
        assertTrue(rules.out().contains("group " + groupId), rules.out());
        assertTrue(rules.out().contains("egress"), "the default egress rules of a new group:\n" + rules.out());
        Run filtered = ok(as("subnet", "list", "--filter", "cidr=10.0.0.0/24", "--filter", "name=front"));
        assertTrue(filtered.out().contains(subnetId), filtered.out());
        assertEquals(1, ok(as("subnet", "list", "--filter", "name=back")).out().split("\n").length, "header only");
        Run page = as("security-group", "list", "--limit", "1");
        assertEquals(0, page.exit(), page.toString());
        assertEquals(2, page.out().split("\n").length, page.out());
        String first = page.out().split("\n")[1].split(" ")[0];
        assertEquals("(more: add --marker " + first + ")\n", page.err(), "the next page on stderr");
        Run next = ok(as("security-group", "list", "--limit", "1", "--marker", first));
        assertEquals(2, next.out().split("\n").length, next.out());
        assertFalse(next.out().contains(first), next.out());

        Run shown = ok(as("subnet", "show", subnetId));
        assertTrue(shown.out().matches("(?s).*\ncidr +10\\.0\\.0\\.0/24\n.*"), shown.out());
        assertTrue(shown.out().contains("start=10.0.0.10, end=10.0.0.20"), shown.out());
        Run groupShown = ok(as("security-group", "show", groupId));
        assertTrue(groupShown.out().matches("(?s).*" + rule.path("id").asText()
                + " +ingress +IPv4 +tcp +22-23 +0\\.0\\.0\\.0/0\n.*"), groupShown.out());
        assertEquals(http(tenantToken, "/v1/ports/" + port.path("id").asText()) + "\n",
                ok(as("port", "show", port.path("id").asText(), "--output", "JSON")).out());
    }

    @Test
    void tenantsAndTheirTokensAreTheAdmins() throws Exception {
        Run created = ok(admin("tenant", "create", "--name", "globex", "--description", "second"));
        assertTrue(created.out().matches("(?s)id +[0-9a-f-]{36}\nname +globex\n.*"), created.out());
        assertTrue(created.out().contains("\ntoken:\n"), created.out());
        assertTrue(created.out().contains("secret"), created.out());
        assertTrue(created.out().contains("shown only this once"), created.out());
        assertTrue(ok(admin("tenant", "list")).out().contains("globex"));
        assertTrue(ok(admin("tenant", "show", tenant)).out().contains("acme"));
        Run issued = ok(admin("tenant", "token", "create", tenant, "--description", "ci", "-o", "json"));
        String tokenId = issued.json().path("token").path("id").asText();
        String secret = issued.json().path("token").path("secret").asText();
        Run tokens = ok(admin("tenant", "token", "list", tenant));
        assertTrue(tokens.out().contains(tokenId) && tokens.out().contains("ci"), tokens.out());
        assertEquals(3, tokens.out().split("\n").length, "header, first token, this one:\n" + tokens.out());
        assertEquals(0, cli(Map.of("SKYLANE_URL", url), dir, "vpc", "list", "--token", secret).exit());
        assertEquals("deleted token " + tokenId + "\n", ok(admin("tenant", "token", "delete", tenant, tokenId)).out());
        Run revoked = cli(Map.of("SKYLANE_URL", url), dir, "vpc", "list", "--token", secret);
        assertEquals(1, revoked.exit(), revoked.toString());
        assertTrue(revoked.err().contains("401 unauthorized"), revoked.err());
        Run forbidden = as("tenant", "create", "--name", "x");
        assertEquals(1, forbidden.exit(), forbidden.toString());
        assertTrue(forbidden.err().contains("403 forbidden"), forbidden.err());
    }

    @Test
    void theAdminNamesTheTenantOfWhatItCreates() throws Exception {
        Run missing = admin("vpc", "create", "--name", "web");
        assertEquals(1, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("(field: tenant_id)"), missing.err());
        Run made = ok(admin("vpc", "create", "--name", "web", "--tenant", tenant, "-o", "json"));
        assertEquals(tenant, made.json().path("vpc").path("tenant_id").asText());
        assertTrue(ok(admin("vpc", "list", "--tenant", tenant)).out().contains("web"));
    }

    @Test
    void updateWithIfMatchAndAStaleRevision() throws Exception {
        String id = create("vpc", "--name", "web").path("id").asText();
        Run updated = ok(as("vpc", "update", id, "--name", "web2", "--if-match", "1"));
        assertTrue(updated.out().matches("(?s).*\nname +web2\n.*\nrevision +2\n"), updated.out());
        Run stale = as("vpc", "update", id, "--name", "web3", "--if-match", "1");
        assertEquals(1, stale.exit(), stale.toString());
        assertTrue(stale.err().startsWith("skylane: 412 precondition_failed: "), stale.err());
        assertEquals("", stale.out());
        Run nothing = as("vpc", "update", id);
        assertEquals(2, nothing.exit(), nothing.toString());
        assertTrue(nothing.err().contains("nothing to change"), nothing.err());
        Run subnetUpdate = ok(as("subnet", "update", create("subnet", "--vpc", id, "--cidr", "10.1.0.0/24").path("id").asText(),
                "--no-gateway", "--dns", "", "-o", "json"));
        assertTrue(subnetUpdate.json().path("subnet").path("gateway_ip").isNull(), subnetUpdate.out());
    }

    @Test
    void deleteIsRefusedWhileInUseUnlessCascade() throws Exception {
        String vpc = create("vpc", "--name", "web").path("id").asText();
        String subnet = create("subnet", "--vpc", vpc, "--cidr", "10.0.0.0/24").path("id").asText();
        Run refused = as("vpc", "delete", vpc);
        assertEquals(1, refused.exit(), refused.toString());
        assertTrue(refused.err().startsWith("skylane: 409 conflict: "), refused.err());
        assertEquals("deleted vpc " + vpc + "\n", ok(as("vpc", "delete", vpc, "--cascade")).out());
        Run gone = as("subnet", "show", subnet);
        assertEquals(1, gone.exit(), gone.toString());
        assertTrue(gone.err().contains("404 not_found"), gone.err());
        String group = create("security-group", "--name", "g").path("id").asText();
        assertEquals("", ok(as("security-group", "delete", group, "--if-match", "1", "-o", "json")).out());
    }

    @Test
    void badInputNamesTheField() {
        String vpc = as("vpc", "create", "-o", "json").out().replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        Run bad = as("subnet", "create", "--vpc", vpc, "--cidr", "10.0.0.1/24");
        assertEquals(1, bad.exit(), bad.toString());
        assertTrue(bad.err().startsWith("skylane: 400 bad_request: cidr: "), bad.err());
        assertTrue(bad.err().endsWith(" (field: cidr)\n"), bad.err());
        Run badPort = as("port", "create", "--vpc", vpc, "--ip", "subnet_id=" + vpc);
        assertEquals(1, badPort.exit(), badPort.toString());
        assertTrue(badPort.err().contains("(field: fixed_ips[0].subnet_id)"), badPort.err());
    }

    @Test
    void usageErrorsExitWith2() {
        Run missing = as("subnet", "create", "--vpc", "x");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("--cidr"), missing.err());
        Run both = as("subnet", "create", "--vpc", "x", "--cidr", "10.0.0.0/24", "--gateway", "10.0.0.1", "--no-gateway");
        assertEquals(2, both.exit(), both.toString());
        assertTrue(both.err().contains("--gateway and --no-gateway both set gateway_ip"), both.err());
        Run notANumber = as("security-group", "rule", "create", "--group", "g", "--direction", "ingress", "--port", "ssh");
        assertEquals(2, notANumber.exit(), notANumber.toString());
        assertTrue(notANumber.err().contains("--port: \"ssh\" is not a number"), notANumber.err());
        assertEquals(2, as("vpc").exit());
        assertEquals(2, as("vpc", "list", "--output", "yaml").exit());
        assertEquals(2, as("vpc", "list", "--url", "ftp://x").exit());
        assertEquals(2, as("security-group", "rule", "update", "x").exit(), "rules cannot change");
    }

    @Test
    void withoutATokenTheApiSays401() {
        Run r = cli(Map.of("SKYLANE_URL", url), dir.resolve("nowhere"), "vpc", "list");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().startsWith("skylane: 401 unauthorized: a bearer token is required\n"), r.err());
        assertTrue(r.err().contains("SKYLANE_TOKEN"), r.err());
    }

    @Test
    void onThisMachineTheAdminTokenOfDevelopmentModeIsFound() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work/data"));
        Files.writeString(work.resolve("admin-token"), TestConfigs.ADMIN_TOKEN + "\n");
        Map<String, String> env = new HashMap<>();
        Run r = cli(env, work.getParent(), "tenant", "list", "--url", url);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains(tenant), r.out());
        Run elsewhere = cli(env, work.getParent(), "tenant", "list", "--url", url.replace("127.0.0.1", "127.0.0.2"));
        assertTrue(elsewhere.exit() == 1 || elsewhere.exit() == 3, elsewhere.toString());
        assertFalse(elsewhere.err().contains("403"), elsewhere.toString());
    }

    @Test
    void anUnreachableControllerExitsWith3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = cli(Map.of("SKYLANE_TOKEN", "x"), dir, "vpc", "list", "--url", "http://127.0.0.1:" + port);
        assertEquals(3, r.exit(), r.toString());
        assertEquals("skylane: cannot reach http://127.0.0.1:" + port + ": connection refused\n", r.err());
        Run unknown = cli(Map.of("SKYLANE_TOKEN", "x"), dir, "vpc", "list", "--url", "http://no-such-host.invalid:8181");
        assertEquals(3, unknown.exit(), unknown.toString());
        assertEquals("skylane: cannot reach http://no-such-host.invalid:8181: unknown host\n", unknown.err());
    }
}
