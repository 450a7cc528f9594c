package io.skylane.northbound;

import static io.skylane.northbound.TopologyFixture.RING;
import static io.skylane.northbound.TopologyFixture.assertError;
import static io.skylane.northbound.TopologyFixture.id;
import static io.skylane.topology.testing.Topologies.FatTree.aggId;
import static io.skylane.topology.testing.Topologies.FatTree.edgeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/topology}, {@code /v1/links} and {@code /v1/hosts} over real HTTP, on the fat-tree
 * and ring of {@link TopologyFixture}.
 */
class TopologyApiTest {

    private TopologyFixture api;

    @BeforeEach
    void start() {
        api = new TopologyFixture();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void topologyCountsTheSnapshot() throws Exception {
        JsonNode t = api.ok("/v1/topology");
        assertEquals(TopologyFixture.VERSION, t.get("version").asLong());
        assertEquals("2026-01-02T03:04:05Z", t.get("time").asText());
        assertEquals(20 + 5, t.get("devices").asInt());
        assertEquals(2 * (32 + 5), t.get("links").asInt(), "directed links");
        assertEquals(32 + 5, t.get("cables").asInt());
        assertEquals(9, t.get("hosts").asInt());
        assertEquals(8 * 2 + 5, t.get("edge_ports").asInt(), "two per fat-tree edge switch, one per ring switch");
        assertEquals(2, t.get("components").asInt(), "the fat-tree and the ring");
        assertError(api.get("/v1/topology?verbose=true"), 400, "bad_request", "verbose");
    }

    @Test
    void aOneWayLinkIsACableAndJoinsNoComponent() throws Exception {
        TopologyBuilder b = new TopologyBuilder().version(3).device(4);
        b.cable(1, 1, 2, 1);
        b.link(2, 2, 3, 1);
        api.topology.set(b.build());
        JsonNode t = api.ok("/v1/topology");
        assertEquals(3, t.get("version").asInt());
        assertEquals(4, t.get("devices").asInt());
        assertEquals(3, t.get("links").asInt());
        assertEquals(2, t.get("cables").asInt());
        assertEquals(3, t.get("components").asInt(), "{1, 2}, {3} (reached one way only), {4}");
        assertEquals(0, t.get("edge_ports").asInt());
    }

    @Test
    void linksAreEveryDirectedLinkSorted() throws Exception {
        JsonNode links = api.ok("/v1/links");
        assertEquals(74, links.size());
        List<String> order = new ArrayList<>();
        links.forEach(l -> order.add(key(l)));
        assertEquals(order.stream().sorted().toList(), order, "sorted by source, then destination");

        JsonNode first = links.get(0);
        assertEquals("{\"device\":\"00000000000000a1\",\"port\":1}", first.get("src").toString(),
                "the ring's dpids sort before the fat-tree's");
        assertEquals("{\"device\":\"00000000000000a2\",\"port\":2}", first.get("dst").toString());
        assertEquals("2026-01-02T03:04:00Z", first.get("last_seen").asText());

        JsonNode fatTree = links.get(2 * TopologyFixture.RING_SIZE);
        assertEquals(id(edgeId(0, 0)), fatTree.get("src").get("device").asText());
        assertEquals(3, fatTree.get("src").get("port").asInt(), "edge(0,0)'s first uplink");
        assertEquals(id(aggId(0, 0)), fatTree.get("dst").get("device").asText());
        assertEquals(1, fatTree.get("dst").get("port").asInt());
        assertTrue(fatTree.get("last_seen").isNull(), "not known to discovery");
    }

    @Test
    void linksOfOneDevice() throws Exception {
        JsonNode links = api.ok("/v1/links?device=a1");
        assertEquals(4, links.size(), "to and from a2 and a5");
        for (JsonNode l : links) {
            assertTrue(l.get("src").get("device").asText().equals(id(RING))
                    || l.get("dst").get("device").asText().equals(id(RING)), l::toString);
            assertEquals("2026-01-02T03:04:00Z", l.get("last_seen").asText());
        }
        assertEquals(links, api.ok("/v1/links?device=00000000000000a1"));
        assertEquals(0, api.ok("/v1/links?device=ff").size(), "a switch not in the topology has no links");
        assertError(api.get("/v1/links?device=xyz"), 400, "bad_request", "device");
        assertError(api.get("/v1/links?device="), 400, "bad_request", "device");
        assertError(api.get("/v1/links?device=a1&device=a2"), 400, "bad_request", "device");
        assertError(api.get("/v1/links?dpid=a1"), 400, "bad_request", "dpid");
    }

    @Test
    void hostsAreListedByMacThenVlan() throws Exception {
        JsonNode hosts = api.ok("/v1/hosts");
        assertEquals(9, hosts.size());
        JsonNode h1 = hosts.get(0);
        assertEquals("00:00:00:00:00:01", h1.get("mac").asText());
        assertTrue(h1.get("vlan").isNull(), "untagged");
        assertEquals("[\"10.0.0.1\"]", h1.get("ips").toString());
        assertEquals(id(edgeId(0, 0)), h1.get("location").get("device").asText());
        assertEquals(1, h1.get("location").get("port").asInt());
        assertEquals("2026-01-02T03:00:00Z", h1.get("first_seen").asText());
        assertEquals("2026-01-02T03:04:05Z", h1.get("last_seen").asText());
        assertEquals(10, hosts.get(4).get("vlan").asInt());
        assertEquals(20, hosts.get(5).get("vlan").asInt());
        assertEquals("00:00:00:00:00:05", hosts.get(5).get("mac").asText());
    }

    @Test
    void hostFilters() throws Exception {
        assertEquals(List.of("00:00:00:00:00:01", "00:00:00:00:00:03"),
                macs(api.ok("/v1/hosts?device=" + Long.toHexString(edgeId(0, 0)))));
        assertEquals(List.of("00:00:00:00:00:06", "00:00:00:00:00:07"), macs(api.ok("/v1/hosts?ip=10.0.0.99")));
        assertEquals(List.of("00:00:00:00:00:03"), macs(api.ok("/v1/hosts?ip=10.0.0.33")));
        assertEquals(2, api.ok("/v1/hosts?mac=00:00:00:00:00:05").size());
        JsonNode both = api.ok("/v1/hosts?mac=00-00-00-00-00-05&ip=10.0.2.5");
        assertEquals(1, both.size());
        assertEquals(20, both.get(0).get("vlan").asInt());
        assertEquals(0, api.ok("/v1/hosts?mac=00:00:00:00:00:01&device=a1").size());
        assertEquals(0, api.ok("/v1/hosts?ip=192.0.2.1").size());

        assertError(api.get("/v1/hosts?mac=00:00:00:00:00"), 400, "bad_request", "mac");
        assertError(api.get("/v1/hosts?ip=10.0.0.256"), 400, "bad_request", "ip");
        assertError(api.get("/v1/hosts?ip=host.example"), 400, "bad_request", "ip");
        assertError(api.get("/v1/hosts?device=of:zz"), 400, "bad_request", "device");
        assertError(api.get("/v1/hosts?vlan=10"), 400, "bad_request", "vlan");
    }

    @Test
    void oneHostByMac() throws Exception {
        JsonNode h = api.ok("/v1/hosts/00:00:00:00:00:03");
        assertEquals("[\"10.0.0.3\",\"10.0.0.33\"]", h.get("ips").toString());
        assertEquals(2, h.get("location").get("port").asInt());
        assertEquals(h, api.ok("/v1/hosts/00-00-00-00-00-03"));

        assertError(api.get("/v1/hosts/00:00:00:00:00:99"), 404, "not_found", null);
        assertError(api.get("/v1/hosts/not-a-mac"), 400, "bad_request", "mac");
        assertError(api.get("/v1/hosts/00:00:00:00:00:05"), 400, "bad_request", "vlan");
        assertEquals(10, api.ok("/v1/hosts/00:00:00:00:00:05?vlan=10").get("vlan").asInt());
        assertEquals("10.0.2.5", api.ok("/v1/hosts/00:00:00:00:00:05?vlan=20").get("ips").get(0).asText());
        assertEquals("00:00:00:00:00:01", api.ok("/v1/hosts/00:00:00:00:00:01?vlan=none").get("mac").asText());
        assertError(api.get("/v1/hosts/00:00:00:00:00:05?vlan=30"), 404, "not_found", null);
        assertError(api.get("/v1/hosts/00:00:00:00:00:05?vlan=4096"), 400, "bad_request", "vlan");
    }

    private static List<String> macs(JsonNode hosts) {
        List<String> out = new ArrayList<>();
        hosts.forEach(h -> out.add(h.get("mac").asText()));
        return out;
    }

    /** A sortable key of a link: both ends as fixed-width text. */
    private static String key(JsonNode l) {
        return String.format("%s/%08d>%s/%08d", l.get("src").get("device").asText(), l.get("src").get("port").asInt(),
                l.get("dst").get("device").asText(), l.get("dst").get("port").asInt());
    }
}
