package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/stats} over real HTTP: the parts' counters, every name in snake_case. */
class StatsApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Map<String, Map<String, Long>>> counters = new AtomicReference<>(Map.of());
    private RestServer server;

    @BeforeEach
    void start() {
        RestServices base = TestServices.of(new TestCore(), new SouthboundServiceAdapter());
        RestServices services = new RestServices(base.devices(), base.flows(), base.southbound(), base.topology(),
                base.hosts(), base.paths(), base.linkLastSeen(), base.intents(), counters::get);
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", services);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyCounterIsNamedInSnakeCase() throws Exception {
        counters.set(Map.of(
                "vpc", Map.of("arpAnswered", 40L, "dhcpAcks", 3L, "ttlExpiredAnswered", 1L),
                "hosts", Map.of("move_held", 2L, "refusedFull", 0L, "added", 16L),
                "packets", Map.of("packetsIn", 7L, "emitDropped", 0L),
                "discovery", Map.of("lldpReceived", 5L, "ARPProbes", 1L, "ipv4Seen", 2L)));
        HttpResponse<String> r = get("/v1/stats");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode expected = JSON.readTree(("{'counters': {"
                + "'discovery': {'arp_probes': 1, 'ipv4_seen': 2, 'lldp_received': 5},"
                + "'hosts': {'added': 16, 'move_held': 2, 'refused_full': 0},"
                + "'packets': {'emit_dropped': 0, 'packets_in': 7},"
                + "'vpc': {'arp_answered': 40, 'dhcp_acks': 3, 'ttl_expired_answered': 1}}}").replace('\'', '"'));
        assertEquals(expected, JSON.readTree(r.body()));
        // sorted by part, then by name
        assertEquals("{\"counters\":{\"discovery\":{\"arp_probes\":1,\"ipv4_seen\":2,\"lldp_received\":5},",
                r.body().substring(0, r.body().indexOf("\"hosts\"")));
    }

    @Test
    void twoCountersOfAPartReadingTheSameAreABugNotASilentOverwrite() throws Exception {
        counters.set(Map.of("hosts", Map.of("moveHeld", 1L, "move_held", 2L)));
        HttpResponse<String> r = get("/v1/stats");
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("internal", JSON.readTree(r.body()).at("/error/type").asText());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> r = http.send(TestServices.request(URI.create("http://127.0.0.1:" + server.port() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        OpenApiCheck.check("GET", path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        return r;
    }
}
