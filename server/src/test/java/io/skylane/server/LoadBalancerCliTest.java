package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.server.SkylaneCliTest.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skylane load-balancer|listener|pool|member|health-monitor}, run in process against a real
 * controller: a load balancer's tree made through the client and read back (docs/cli.md).
 */
class LoadBalancerCliTest {

    @TempDir
    static Path dir;
    private static SkylaneController controller;
    private static String url;

    private String tenantToken;
    private String subnet;

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
    void tenantWithASubnet() throws Exception {
        Run r = SkylaneCliTest.cli(Map.of("SKYLANE_URL", url, "SKYLANE_ADMIN_TOKEN", TestConfigs.ADMIN_TOKEN),
                dir, "tenant", "create", "--name", "acme", "-o", "json");
        assertEquals(0, r.exit(), r.toString());
        tenantToken = r.json().path("token").path("secret").asText();
        String vpc = create("vpc", "--name", "web").path("id").asText();
        subnet = create("subnet", "--vpc", vpc, "--cidr", "10.0.0.0/24").path("id").asText();
    }

    /** As the tenant. */
    private Run as(String... args) {
        return SkylaneCliTest.cli(Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", tenantToken), dir, args);
    }

    private Run ok(Run r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    /** {@code <command> create <args> -o json} as the tenant; the new resource. */
    private JsonNode create(String command, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(command, "create"));
        all.addAll(List.of(args));
        all.addAll(List.of("-o", "json"));
        return ok(as(all.toArray(new String[0]))).json().elements().next();
    }

    /** The API's answer to {@code GET path}, as the tenant. */
    private String http(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + tenantToken).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * The resource at {@code path} once the load balancer's data plane has settled its statuses
     * (provisioning ACTIVE), waiting at most 10 s.
     */
    private JsonNode settled(String path, String key) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http(path)).path(key);
            if ("ACTIVE".equals(r.path("provisioning_status").asText()) || System.nanoTime() > deadline) {
                assertEquals("ACTIVE", r.path("provisioning_status").asText(), r.toString());
                return r;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void buildsALoadBalancersTreeAndReadsItBack() throws Exception {
        JsonNode lb = create("load-balancer", "--name", "web", "--vip-subnet", subnet);
        String lbId = lb.path("id").asText();
        assertEquals("10.0.0.2", lb.path("vip_address").asText(), "allocated in the subnet");
        assertEquals("PENDING_CREATE", lb.path("provisioning_status").asText());
        JsonNode listener = create("listener", "--name", "http", "--load-balancer", lbId, "--protocol", "tcp",
                "--port", "80", "--allowed-cidr", "10.0.0.0/24");
        String listenerId = listener.path("id").asText();
        assertEquals("TCP", listener.path("protocol").asText());
        assertEquals(80, listener.path("protocol_port").asInt());
        JsonNode pool = create("pool", "--listener", listenerId, "--protocol", "TCP", "--lb-algorithm", "source_ip",
                "--session-persistence", "SOURCE_IP");
        String poolId = pool.path("id").asText();
        assertEquals(lbId, pool.path("loadbalancer_id").asText());
        assertEquals("{\"type\":\"SOURCE_IP\"}", pool.path("session_persistence").toString());
        JsonNode member = create("member", "--pool", poolId, "--name", "a", "--address", "10.0.0.20", "--port", "8080",
                "--weight", "5");
        String memberId = member.path("id").asText();
        assertEquals(poolId, member.path("pool_id").asText());
        assertEquals(subnet, member.path("subnet_id").asText(), "found");
        JsonNode monitor = create("health-monitor", "--pool", poolId, "--type", "tcp", "--delay", "5", "--timeout", "3",
                "--max-retries", "2");
        assertEquals(3, monitor.path("max_retries_down").asInt(), "the default");

        // The load balancer's data plane settles the statuses: no switch holds a port of the VPC, so
        // there is nothing to program (ACTIVE); no port has the member's address, so the monitor
        // marks it down (ERROR), and with it its pool, listener and load balancer.
        settled("/v1/pools/" + poolId + "/members/" + memberId, "member");
        settled("/v1/load-balancers/" + lbId, "load_balancer");
        Run shown = ok(as("listener", "show", listenerId));
        assertTrue(shown.out().matches("(?s).*\ndefault_pool_id +" + poolId + "\n.*"), shown.out());
        Run members = ok(as("member", "list", "--pool", poolId));
        assertTrue(members.out().matches("(?s)ID .*\n" + memberId + " +a +10\\.0\\.0\\.20 +8080 +5 +false +ACTIVE +ERROR\n"),
                members.out());
        assertEquals(http("/v1/pools/" + poolId + "/members/" + memberId) + "\n",
                ok(as("member", "show", "--pool", poolId, memberId, "-o", "json")).out());
        Run lbs = ok(as("load-balancer", "list", "--vip-subnet", subnet));
        assertTrue(lbs.out().matches("(?s).*\n" + lbId + " +web +10\\.0\\.0\\.2 +[0-9a-f-]{36} +ACTIVE +ERROR\n"),
                lbs.out());

        Run tree = ok(as("load-balancer", "status", lbId));
        String[] lines = tree.out().split("\n");
        assertEquals(6, lines.length, tree.out());
        assertTrue(lines[1].startsWith("load balancer ") && lines[1].contains(lbId), tree.out());
        assertTrue(lines[2].startsWith("  listener ") && lines[2].contains(listenerId), tree.out());
        assertTrue(lines[3].startsWith("    pool ") && lines[3].contains(poolId), tree.out());
        assertTrue(lines[4].startsWith("      health monitor ") && lines[4].contains("TCP"), tree.out());
        assertTrue(lines[5].startsWith("      member ") && lines[5].contains("10.0.0.20:8080"), tree.out());
        assertEquals(http("/v1/load-balancers/" + lbId + "/status") + "\n",
                ok(as("load-balancer", "status", lbId, "-o", "json")).out());
    }

    @Test
    void updatesAndCascadingDeletes() throws Exception {
        String lbId = create("load-balancer", "--vip-subnet", subnet, "--vip-address", "10.0.0.9").path("id").asText();
        String poolId = create("pool", "--load-balancer", lbId, "--protocol", "UDP", "--lb-algorithm", "SOURCE_IP_PORT")
                .path("id").asText();
        String memberId = create("member", "--pool", poolId, "--address", "10.0.0.21", "--port", "53").path("id").asText();
        long revision = settled("/v1/pools/" + poolId + "/members/" + memberId, "member").path("revision").asLong();
        JsonNode drained = ok(as("member", "update", "--pool", poolId, memberId, "--down", "--weight", "0",
                "--if-match", Long.toString(revision), "-o", "json")).json().path("member");
        assertFalse(drained.path("admin_state_up").asBoolean());
        assertEquals(0, drained.path("weight").asInt());
        assertEquals(revision + 1, drained.path("revision").asLong());
        JsonNode changed = ok(as("pool", "update", poolId, "--lb-algorithm", "source_ip", "-o", "json")).json().path("pool");
        assertEquals("SOURCE_IP", changed.path("lb_algorithm").asText());

        Run inUse = as("load-balancer", "delete", lbId);
        assertEquals(1, inUse.exit(), inUse.toString());
        assertTrue(inUse.err().startsWith("skylane: 409 conflict: "), inUse.err());
        assertEquals("deleted load balancer " + lbId + "\n", ok(as("load-balancer", "delete", lbId, "--cascade")).out());
        Run gone = as("member", "show", "--pool", poolId, memberId);
        assertEquals(1, gone.exit(), gone.toString());
        assertTrue(gone.err().contains("404 not_found"), gone.err());
    }

    @Test
    void badInputNamesTheField() throws Exception {
        String lbId = create("load-balancer", "--vip-subnet", subnet).path("id").asText();
        Run port = as("listener", "create", "--load-balancer", lbId, "--protocol", "TCP", "--port", "65536");
        assertEquals(1, port.exit(), port.toString());
        assertTrue(port.err().startsWith("skylane: 400 bad_request: ") && port.err().endsWith("(field: protocol_port)\n"),
                port.err());
        String poolId = create("pool", "--load-balancer", lbId, "--protocol", "TCP", "--lb-algorithm", "SOURCE_IP")
                .path("id").asText();
        Run outside = as("member", "create", "--pool", poolId, "--address", "192.168.0.1", "--port", "80");
        assertEquals(1, outside.exit(), outside.toString());
        assertTrue(outside.err().contains("(field: address)"), outside.err());
        Run timing = as("health-monitor", "create", "--pool", poolId, "--type", "PING", "--delay", "3",
                "--timeout", "5", "--max-retries", "1");
        assertEquals(1, timing.exit(), timing.toString());
        assertTrue(timing.err().contains("(field: timeout)"), timing.err());
    }
}
