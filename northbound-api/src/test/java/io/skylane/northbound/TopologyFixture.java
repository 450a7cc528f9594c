package io.skylane.northbound;

import static io.skylane.topology.testing.Topologies.FatTree.edgeId;
import static io.skylane.topology.testing.TopologyBuilder.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.core.testing.SouthboundServiceAdapter;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.Host;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathManager;
import io.skylane.topology.testing.FakeHostService;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A REST server over a fake topology and fake hosts, and an HTTP client for it. The network is
 * {@link Topologies#fatTree} k=4 (20 switches, 32 cables, dpids from {@link Topologies.FatTree})
 * and, apart from it, a ring of five switches {@code a1..a5}: two components. Nine hosts:
 *
 * <pre>
 * 00:00:00:00:00:01  untagged  10.0.0.1              edge(0,0) port 1
 * 00:00:00:00:00:02  untagged  10.0.0.2              edge(3,1) port 2
 * 00:00:00:00:00:03  untagged  10.0.0.3, 10.0.0.33   edge(0,0) port 2
 * 00:00:00:00:00:04  vlan 10   10.0.1.4              a1 port 3
 * 00:00:00:00:00:05  vlan 10   10.0.1.5              a3 port 3      (one MAC on two VLANs)
 * 00:00:00:00:00:05  vlan 20   10.0.2.5              a4 port 3
 * 00:00:00:00:00:06  untagged  10.0.0.99             edge(1,0) port 1  (one address, two hosts)
 * 00:00:00:00:00:07  untagged  10.0.0.99             edge(2,0) port 1
 * 00:00:00:00:00:08  untagged  10.0.3.8              switch dead port 1, not in the topology
 * </pre>
 *
 * Discovery's last-seen time is known for the ring's links only ({@link #LINK_SEEN}).
 */
final class TopologyFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant TIME = Instant.parse("2026-01-02T03:04:05Z");
    static final Instant FIRST_SEEN = Instant.parse("2026-01-02T03:00:00Z");
    static final Instant LINK_SEEN = Instant.parse("2026-01-02T03:04:00Z");
    static final long VERSION = 7;
    static final long RING = 0xa1;
    static final int RING_SIZE = 5;
    static final long MISSING_SWITCH = 0xdead;

    final FakeTopologyService topology = new FakeTopologyService(network());
    final FakeHostService hosts = new FakeHostService(hosts());
    private final RestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    TopologyFixture() {
        TestCore core = new TestCore();
        RestServices services = new RestServices(core.devices(), core.flows(), new SouthboundServiceAdapter(),
                topology, hosts, new PathManager(topology, LinkWeigher.HOP_COUNT), TopologyFixture::lastSeen,
                TestServices.intents());
        server = new RestServer(new RestConfig("127.0.0.1", 0), "test", services);
        server.start();
    }

    static TopologySnapshot network() {
        TopologyBuilder b = new TopologyBuilder().version(VERSION).time(TIME);
        Topologies.addFatTree(b, 4);
        return Topologies.addRing(b, RING, RING_SIZE).build();
    }

    static List<Host> hosts() {
        return List.of(
                host(1, VlanId.NONE, cp(edgeId(0, 0), 1), "10.0.0.1"),
                host(2, VlanId.NONE, cp(edgeId(3, 1), 2), "10.0.0.2"),
                host(3, VlanId.NONE, cp(edgeId(0, 0), 2), "10.0.0.3", "10.0.0.33"),
                host(4, VlanId.of(10), cp(RING, 3), "10.0.1.4"),
                host(5, VlanId.of(10), cp(RING + 2, 3), "10.0.1.5"),
                host(5, VlanId.of(20), cp(RING + 3, 3), "10.0.2.5"),
                host(6, VlanId.NONE, cp(edgeId(1, 0), 1), "10.0.0.99"),
                host(7, VlanId.NONE, cp(edgeId(2, 0), 1), "10.0.0.99"),
                host(8, VlanId.NONE, cp(MISSING_SWITCH, 1), "10.0.3.8"));
    }

    static Host host(long mac, VlanId vlan, ConnectPoint at, String... ips) {
        Set<Ip4Address> addresses = Arrays.stream(ips).map(Ip4Address::parse).collect(Collectors.toSet());
        return new Host(MacAddress.of(mac), vlan, addresses, at, FIRST_SEEN, TIME);
    }

    /** The ring's links were last seen at {@link #LINK_SEEN}; the fat-tree's are unknown to discovery. */
    static Optional<Instant> lastSeen(Link l) {
        long d = l.srcDevice().dpid();
        return d >= RING && d < RING + RING_SIZE ? Optional.of(LINK_SEEN) : Optional.empty();
    }

    /** GET, answered with JSON. */
    Response get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + path);
        HttpResponse<String> r = http.send(TestServices.request(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("application/json", r.headers().firstValue("content-type").orElse("").split(";")[0],
                () -> "content type of " + path);
        OpenApiCheck.check("GET", path, r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        return new Response(r.statusCode(), JSON.readTree(r.body()));
    }

    /** GET that must answer 200; its JSON. */
    JsonNode ok(String path) throws IOException, InterruptedException {
        Response r = get(path);
        assertEquals(200, r.status(), () -> "GET " + path + ": " + r.json());
        return r.json();
    }

    static void assertError(Response r, int status, String type, String field) {
        assertEquals(status, r.status(), () -> "status of " + r.json());
        JsonNode e = r.json().get("error");
        assertEquals(type, e.get("type").asText(), () -> "type of " + e);
        assertFalse(e.get("message").asText().isEmpty());
        if (field == null) {
            assertTrue(e.get("field").isNull(), () -> "field of " + e);
        } else {
            assertEquals(field, e.get("field").asText(), () -> "field of " + e);
        }
    }

    /** The 16-hex-digit text of a dpid, as the API writes it. */
    static String id(long dpid) {
        return DeviceId.of(dpid).toString();
    }

    @Override
    public void close() {
        server.close();
    }

    record Response(int status, JsonNode json) {
    }
}
