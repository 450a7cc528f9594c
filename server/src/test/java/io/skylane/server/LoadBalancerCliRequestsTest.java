package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests {@code skylane load-balancer|listener|pool|member|health-monitor} send, against a
 * stub that records them: method, path (a member's under its pool), query, If-Match and body as
 * docs/api.md ("Load balancers") says; and the status tree printed as a table.
 * {@link LoadBalancerCliTest} runs the same commands against a real controller.
 */
class LoadBalancerCliRequestsTest {

    private static final ObjectMapper M = new ObjectMapper();

    /** One request the stub received. */
    record Request(String method, String target, String ifMatch, JsonNode body) {
    }

    private final List<Request> seen = new CopyOnWriteArrayList<>();
    private volatile String answer = "{}";
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        byte[] in = x.getRequestBody().readAllBytes();
        seen.add(new Request(x.getRequestMethod(), x.getRequestURI().getRawPath()
                + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()),
                x.getRequestHeaders().getFirst("If-Match"), in.length == 0 ? null : M.readTree(in)));
        boolean delete = x.getRequestMethod().equals("DELETE");
        byte[] out = answer.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(delete ? 204 : 200, delete ? -1 : out.length);
        try (OutputStream o = x.getResponseBody()) {
            if (!delete) {
                o.write(out);
            }
        }
    }

    private SkylaneCliTest.Run run(String... args) {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return SkylaneCliTest.cli(Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", "t"), java.nio.file.Path.of(""), args);
    }

    /** Runs the command, which must succeed with one request: the one given. */
    private void sends(String method, String target, String body, String... args) throws Exception {
        seen.clear();
        SkylaneCliTest.Run r = run(args);
        assertEquals(0, r.exit(), String.join(" ", args) + "\n" + r);
        assertEquals(1, seen.size(), seen.toString());
        Request q = seen.get(0);
        assertEquals(method + " " + target, q.method() + " " + q.target(), String.join(" ", args));
        assertEquals(body == null ? null : M.readTree(body), q.body(), String.join(" ", args));
    }

    @Test
    void loadBalancersListenersAndPools() throws Exception {
        sends("POST", "/v1/load-balancers", "{\"load_balancer\": {\"vip_subnet_id\": \"s1\", \"vip_address\": \"10.0.0.9\","
                + " \"admin_state_up\": false, \"name\": \"web\"}}",
                "load-balancer", "create", "--vip-subnet", "s1", "--vip-address", "10.0.0.9", "--down", "--name", "web");
        sends("GET", "/v1/load-balancers?vpc_id=v1&limit=5", null, "load-balancer", "list", "--vpc", "v1", "--limit", "5");
        sends("PUT", "/v1/load-balancers/lb1", "{\"load_balancer\": {\"admin_state_up\": true}}",
                "load-balancer", "update", "lb1", "--up");
        sends("GET", "/v1/load-balancers/lb1/status", null, "load-balancer", "status", "lb1");
        sends("DELETE", "/v1/load-balancers/lb1?cascade=true", null, "load-balancer", "delete", "lb1", "--cascade");
        sends("POST", "/v1/listeners", "{\"listener\": {\"loadbalancer_id\": \"lb1\", \"protocol\": \"TCP\","
                + " \"protocol_port\": 80, \"default_pool_id\": \"p1\", \"allowed_cidrs\": [\"10.0.0.0/24\", \"10.1.0.0/24\"]}}",
                "listener", "create", "--load-balancer", "lb1", "--protocol", "tcp", "--port", "80", "--default-pool", "p1",
                "--allowed-cidr", "10.0.0.0/24,10.1.0.0/24");
        sends("PUT", "/v1/listeners/l1", "{\"listener\": {\"default_pool_id\": null, \"allowed_cidrs\": []}}",
                "listener", "update", "l1", "--no-default-pool", "--allowed-cidr", "");
        sends("GET", "/v1/listeners?loadbalancer_id=lb1", null, "listener", "list", "--load-balancer", "lb1");
        sends("POST", "/v1/pools", "{\"pool\": {\"listener_id\": \"l1\", \"protocol\": \"UDP\", \"lb_algorithm\": \"SOURCE_IP\","
                + " \"session_persistence\": {\"type\": \"SOURCE_IP\"}}}",
                "pool", "create", "--listener", "l1", "--protocol", "udp", "--lb-algorithm", "source_ip",
                "--session-persistence", "source_ip");
        sends("PUT", "/v1/pools/p1", "{\"pool\": {\"lb_algorithm\": \"SOURCE_IP_PORT\", \"session_persistence\": null}}",
                "pool", "update", "p1", "--lb-algorithm", "SOURCE_IP_PORT", "--no-session-persistence");
        sends("GET", "/v1/pools?listener_id=l1", null, "pool", "list", "--listener", "l1");
    }

    @Test
    void membersAreUnderTheirPoolAndMonitorsNameIt() throws Exception {
        sends("POST", "/v1/pools/p1/members", "{\"member\": {\"address\": \"10.0.0.20\", \"protocol_port\": 8080,"
                + " \"weight\": 0, \"backup\": true}}",
                "member", "create", "--pool", "p1", "--address", "10.0.0.20", "--port", "8080", "--weight", "0", "--backup");
        sends("GET", "/v1/pools/p1/members?subnet_id=s1", null, "member", "list", "--pool", "p1", "--subnet", "s1");
        sends("GET", "/v1/pools/p1/members/m1", null, "member", "show", "--pool", "p1", "m1");
        sends("PUT", "/v1/pools/p1/members/m1", "{\"member\": {\"admin_state_up\": false}}",
                "member", "update", "m1", "--pool", "p1", "--down", "--if-match", "2");
        assertEquals("\"2\"", seen.get(0).ifMatch(), "the ETag form");
        sends("DELETE", "/v1/pools/p%2F1/members/m1", null, "member", "delete", "--pool", "p/1", "m1");
        sends("POST", "/v1/health-monitors", "{\"healthmonitor\": {\"pool_id\": \"p1\", \"type\": \"UDP-CONNECT\","
                + " \"delay\": 5, \"timeout\": 3, \"max_retries\": 2}}",
                "health-monitor", "create", "--pool", "p1", "--type", "udp-connect", "--delay", "5", "--timeout", "3",
                "--max-retries", "2");
        sends("PUT", "/v1/health-monitors/h1", "{\"healthmonitor\": {\"delay\": 10, \"max_retries_down\": 4}}",
                "health-monitor", "update", "h1", "--delay", "10", "--max-retries-down", "4");
        sends("GET", "/v1/health-monitors?pool_id=p1", null, "health-monitor", "list", "--pool", "p1");
    }

    @Test
    void usageErrorsSendNothing() {
        for (List<String> call : List.of(
                List.of("member", "list"),
                List.of("member", "show", "m1"),
                List.of("member", "create", "--pool", "p1", "--address", "10.0.0.20"),
                List.of("member", "update", "--pool", "p1", "m1", "--port", "81"),
                List.of("health-monitor", "create", "--pool", "p1", "--type", "TCP", "--delay", "5", "--timeout", "3"),
                List.of("listener", "create", "--load-balancer", "lb1", "--protocol", "TCP", "--port", "http"),
                List.of("listener", "update", "l1", "--protocol", "UDP"),
                List.of("pool", "create", "--load-balancer", "lb1", "--protocol", "TCP", "--lb-algorithm", "SOURCE_IP",
                        "--session-persistence", "SOURCE_IP", "--no-session-persistence"),
                List.of("load-balancer", "status"))) {
            SkylaneCliTest.Run r = run(call.toArray(new String[0]));
            assertEquals(2, r.exit(), call + "\n" + r);
        }
        assertEquals(List.of(), seen);
    }

    @Test
    void theStatusTreeIsATableIndentedByLevel() throws Exception {
        answer = "{\"statuses\": {\"loadbalancer\": {\"id\": \"lb1\", \"name\": \"web\", \"provisioning_status\": \"PENDING_CREATE\","
                + " \"operating_status\": \"OFFLINE\", \"listeners\": [{\"id\": \"l1\", \"name\": \"http\","
                + " \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\", \"pools\": [{\"id\": \"p1\","
                + " \"name\": \"\", \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\","
                + " \"health_monitor\": {\"id\": \"h1\", \"type\": \"TCP\", \"provisioning_status\": \"PENDING_CREATE\","
                + " \"operating_status\": \"OFFLINE\"}, \"members\": [{\"id\": \"m1\", \"name\": \"a\", \"address\": \"10.0.0.20\","
                + " \"protocol_port\": 8080, \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\"}]},"
                + " {\"id\": \"p2\", \"name\": \"\", \"provisioning_status\": \"PENDING_CREATE\", \"operating_status\": \"OFFLINE\","
                + " \"health_monitor\": null, \"members\": []}]}]}}}";
        SkylaneCliTest.Run r = run("load-balancer", "status", "lb1");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(List.of(
                "RESOURCE              ID   NAME  DETAIL          PROVISIONING    OPERATING",
                "load balancer         lb1  web   -               PENDING_CREATE  OFFLINE",
                "  listener            l1   http  -               PENDING_CREATE  OFFLINE",
                "    pool              p1         -               PENDING_CREATE  OFFLINE",
                "      health monitor  h1   -     TCP             PENDING_CREATE  OFFLINE",
                "      member          m1   a     10.0.0.20:8080  PENDING_CREATE  OFFLINE",
                "    pool              p2         -               PENDING_CREATE  OFFLINE"),
                List.of(r.out().split("\n")), r.out());
        SkylaneCliTest.Run json = run("load-balancer", "status", "lb1", "-o", "json");
        assertEquals(M.readTree(answer), M.readTree(json.out()), "json: the answer as it came");
        assertTrue(seen.stream().allMatch(q -> q.target().equals("/v1/load-balancers/lb1/status")), seen.toString());
    }
}
