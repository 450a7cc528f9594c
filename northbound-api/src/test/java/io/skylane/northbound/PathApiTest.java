package io.skylane.northbound;

import static io.skylane.northbound.TopologyFixture.RING;
import static io.skylane.northbound.TopologyFixture.assertError;
import static io.skylane.northbound.TopologyFixture.id;
import static io.skylane.topology.testing.Topologies.FatTree.coreId;
import static io.skylane.topology.testing.Topologies.FatTree.edgeId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /v1/paths} over real HTTP on the fat-tree and ring of {@link TopologyFixture}: ends
 * named by datapath id, MAC or IPv4 address, k-shortest, disjoint backups, no path, bad input.
 */
class PathApiTest {

    private static final String H1 = "00:00:00:00:00:01";
    private static final String H2 = "00:00:00:00:00:02";

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
    void shortestPathBetweenSwitches() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=a1&dst=00000000000000a3");
        assertEquals(TopologyFixture.VERSION, r.get("version").asLong());
        assertEquals("{\"type\":\"device\",\"device\":\"00000000000000a1\"}", r.get("src").toString());
        assertEquals(id(RING + 2), r.get("dst").get("device").asText());
        assertFalse(r.has("backup"), "asked only when disjoint=true");
        assertFalse(r.has("reason"));
        assertEquals(1, r.get("paths").size());
        JsonNode p = r.get("paths").get(0);
        assertEquals(2, p.get("cost").asInt());
        assertTrue(p.get("cost").isIntegralNumber(), "hop counts are written as integers");
        assertEquals(2, p.get("hops").asInt());
        assertEquals(List.of(id(RING), id(RING + 1), id(RING + 2)), devices(p));
        JsonNode l0 = p.get("links").get(0);
        assertEquals("{\"device\":\"00000000000000a1\",\"port\":1}", l0.get("src").toString());
        assertEquals("{\"device\":\"00000000000000a2\",\"port\":2}", l0.get("dst").toString());
        assertFalse(p.has("ports"), "switch-level");
    }

    @Test
    void betweenHostsByMacEachSwitchHasItsPorts() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=" + H1 + "&dst=" + H2);
        JsonNode src = r.get("src");
        assertEquals("host", src.get("type").asText());
        assertEquals(H1, src.get("mac").asText());
        assertTrue(src.get("vlan").isNull());
        assertEquals(id(edgeId(0, 0)), src.get("device").asText());
        assertEquals(1, src.get("port").asInt());

        JsonNode p = r.get("paths").get(0);
        assertEquals(4, p.get("hops").asInt(), "edge, aggregation, core, aggregation, edge");
        assertEquals(id(edgeId(0, 0)), devices(p).get(0));
        assertEquals(id(edgeId(3, 1)), devices(p).get(4));
        JsonNode ports = p.get("ports");
        assertEquals(5, ports.size(), "one entry per switch");
        assertEquals("{\"device\":\"" + id(edgeId(0, 0)) + "\",\"in_port\":1,\"out_port\":3}",
                ports.get(0).toString(), "in from the host, out of the lowest uplink");
        assertEquals(id(edgeId(3, 1)), ports.get(4).get("device").asText());
        assertEquals(2, ports.get(4).get("out_port").asInt(), "to h2's port");
        for (int i = 0; i < 4; i++) {
            JsonNode link = p.get("links").get(i);
            assertEquals(ports.get(i).get("out_port"), link.get("src").get("port"));
            assertEquals(ports.get(i + 1).get("in_port"), link.get("dst").get("port"));
        }
    }

    @Test
    void hostsByIpAndAHostsSecondAddressOnOneSwitch() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=10.0.0.1&dst=10.0.0.33");
        assertEquals("00:00:00:00:00:03", r.get("dst").get("mac").asText());
        JsonNode p = r.get("paths").get(0);
        assertEquals(0, p.get("hops").asInt());
        assertEquals(0, p.get("cost").asInt());
        assertEquals(List.of(id(edgeId(0, 0))), devices(p));
        assertEquals("[{\"device\":\"" + id(edgeId(0, 0)) + "\",\"in_port\":1,\"out_port\":2}]",
                p.get("ports").toString());
    }

    @Test
    void hostToSwitchIsSwitchLevel() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=10.0.0.1&dst=" + hex(coreId(3)));
        assertEquals("host", r.get("src").get("type").asText());
        assertEquals("device", r.get("dst").get("type").asText());
        JsonNode p = r.get("paths").get(0);
        assertEquals(2, p.get("hops").asInt());
        assertFalse(p.has("ports"));
    }

    @Test
    void kShortestPathsInIncreasingCostWithForwardingsPathFirst() throws Exception {
        JsonNode shortest = api.ok("/v1/paths?src=" + H1 + "&dst=" + H2).get("paths").get(0);
        JsonNode paths = api.ok("/v1/paths?src=" + H1 + "&dst=" + H2 + "&k=16").get("paths");
        assertEquals(16, paths.size());
        assertEquals(shortest, paths.get(0));
        Set<List<String>> distinct = new HashSet<>();
        int previous = 0;
        for (JsonNode p : paths) {
            int cost = p.get("cost").asInt();
            assertTrue(cost >= previous, () -> "costs must not decrease: " + paths);
            previous = cost;
            assertEquals(p.get("hops").asInt() + 1, p.get("ports").size());
            assertTrue(distinct.add(devices(p)), "each path once");
            assertEquals(devices(p).size(), new HashSet<>(devices(p)).size(), "loopless");
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(4, paths.get(i).get("cost").asInt(), "(k/2)^2 = 4 equal-cost paths across the core");
        }
        assertEquals(6, paths.get(4).get("cost").asInt());

        assertEquals(3, api.ok("/v1/paths?src=" + hex(edgeId(0, 0)) + "&dst=" + hex(edgeId(3, 1)) + "&k=3")
                .get("paths").size());
        assertEquals(2, api.ok("/v1/paths?src=a1&dst=a3&k=16").get("paths").size(), "a ring has two ways round");
    }

    @Test
    void fewerPathsThanTieForCheapestStillStartWithForwardingsPath() throws Exception {
        JsonNode shortest = api.ok("/v1/paths?src=" + H1 + "&dst=" + H2).get("paths").get(0);
        assertEquals(shortest, api.ok("/v1/paths?src=" + H1 + "&dst=" + H2 + "&k=1").get("paths").get(0),
                "k=1 is the answer without k");
        JsonNode two = api.ok("/v1/paths?src=" + H1 + "&dst=" + H2 + "&k=2").get("paths");
        assertEquals(2, two.size());
        assertEquals(shortest, two.get(0));
        assertFalse(devices(two.get(0)).equals(devices(two.get(1))), "two different paths");
        assertEquals(4, two.get(1).get("cost").asInt(), "still one of the four cheapest");
    }

    @Test
    void srcEqualsDstOnOneSwitchIsAPathWithoutLinks() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=a1&dst=00000000000000a1");
        assertEquals(1, r.get("paths").size());
        JsonNode p = r.get("paths").get(0);
        assertEquals(0, p.get("hops").asInt());
        assertEquals(0, p.get("cost").asInt());
        assertEquals(0, p.get("links").size());
        assertEquals(List.of(id(RING)), devices(p));
        assertFalse(r.has("reason"));
        assertEquals(1, api.ok("/v1/paths?src=a1&dst=a1&k=5").get("paths").size(), "one path to itself");

        JsonNode hostToItsSwitch = api.ok("/v1/paths?src=10.0.1.4&dst=a1");
        assertEquals(0, hostToItsSwitch.get("paths").get(0).get("hops").asInt());
    }

    @Test
    void srcEqualsDstForOneHostIsRefused() throws Exception {
        assertError(api.get("/v1/paths?src=" + H1 + "&dst=" + H1), 400, "bad_request", "dst");
        assertError(api.get("/v1/paths?src=" + H1 + "&dst=10.0.0.1"), 400, "bad_request", "dst");
        JsonNode twoHostsOneSwitch = api.ok("/v1/paths?src=" + H1 + "&dst=00:00:00:00:00:03");
        assertEquals(1, twoHostsOneSwitch.get("paths").size(), "two hosts on one switch are fine");
    }

    @Test
    void disjointBackupInTheRing() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=a1&dst=a3&disjoint=true");
        assertEquals(List.of(id(RING), id(RING + 1), id(RING + 2)), devices(r.get("paths").get(0)));
        JsonNode backup = r.get("backup");
        assertEquals(List.of(id(RING), id(RING + 4), id(RING + 3), id(RING + 2)), devices(backup));
        assertEquals(3, backup.get("cost").asInt());
        Set<String> primaryCables = cables(r.get("paths").get(0));
        for (String c : cables(backup)) {
            assertFalse(primaryCables.contains(c), () -> "shared cable " + c);
        }
        assertFalse(r.has("reason"));

        JsonNode hosts = api.ok("/v1/paths?src=10.0.1.4&dst=10.0.1.5&disjoint=true&k=1");
        assertEquals(4, hosts.get("backup").get("ports").size(), "host-level backup: a1, a5, a4, a3");
        assertEquals(3, hosts.get("backup").get("ports").get(3).get("out_port").asInt());
    }

    @Test
    void noBackupIsSaidWhy() throws Exception {
        TopologyBuilder line = new TopologyBuilder().version(2);
        line.cable(1, 1, 2, 1);
        line.cable(2, 2, 3, 1);
        api.topology.set(line.build());
        JsonNode r = api.ok("/v1/paths?src=1&dst=3&disjoint=true");
        assertEquals(1, r.get("paths").size(), "the working path is still there");
        assertTrue(r.get("backup").isNull());
        assertTrue(r.get("reason").asText().startsWith("no backup"), r::toString);

        JsonNode local = api.ok("/v1/paths?src=2&dst=2&disjoint=true");
        assertEquals(0, local.get("paths").get(0).get("hops").asInt());
        assertTrue(local.get("reason").asText().contains("one switch"), local::toString);
    }

    @Test
    void noPathBetweenComponentsIsAnEmptyAnswerWithAReason() throws Exception {
        JsonNode r = api.ok("/v1/paths?src=a1&dst=" + hex(edgeId(0, 0)));
        assertEquals(0, r.get("paths").size());
        assertTrue(r.get("reason").asText().contains("not reachable"), r::toString);

        JsonNode hosts = api.ok("/v1/paths?src=" + H1 + "&dst=10.0.1.4&disjoint=true");
        assertEquals(0, hosts.get("paths").size());
        assertTrue(hosts.get("backup").isNull());
        assertTrue(hosts.has("reason"));
        assertEquals(0, api.ok("/v1/paths?src=" + H1 + "&dst=10.0.1.4&k=4").get("paths").size());

        JsonNode stale = api.ok("/v1/paths?src=10.0.3.8&dst=" + H1);
        assertEquals(0, stale.get("paths").size());
        assertTrue(stale.get("reason").asText().contains("not in the topology"), stale::toString);
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                bad("src missing", "dst=a1", 400, "bad_request", "src"),
                bad("dst missing", "src=a1", 400, "bad_request", "dst"),
                bad("dst empty", "src=a1&dst=", 400, "bad_request", "dst"),
                bad("bad dpid", "src=xyz&dst=a1", 400, "bad_request", "src"),
                bad("dpid too long", "src=a1&dst=00000000000000000001", 400, "bad_request", "dst"),
                bad("switch not in the topology", "src=ff&dst=a1", 404, "not_found", "src"),
                bad("k=0", "src=a1&dst=a3&k=0", 400, "bad_request", "k"),
                bad("k=17", "src=a1&dst=a3&k=17", 400, "bad_request", "k"),
                bad("k not a number", "src=a1&dst=a3&k=two", 400, "bad_request", "k"),
                bad("k=abc", "src=a1&dst=a3&k=abc", 400, "bad_request", "k"),
                bad("k negative", "src=a1&dst=a3&k=-1", 400, "bad_request", "k"),
                bad("k huge", "src=a1&dst=a3&k=99999999999", 400, "bad_request", "k"),
                bad("k empty", "src=a1&dst=a3&k=", 400, "bad_request", "k"),
                bad("k twice", "src=a1&dst=a3&k=2&k=3", 400, "bad_request", "k"),
                bad("k with a backup", "src=a1&dst=a3&k=2&disjoint=true", 400, "bad_request", "k"),
                bad("disjoint not a boolean", "src=a1&dst=a3&disjoint=yes", 400, "bad_request", "disjoint"),
                bad("unknown MAC", "src=00:00:00:00:00:99&dst=a1", 404, "not_found", "src"),
                bad("unknown MAC as dst", "src=a1&dst=00:00:00:00:00:99", 404, "not_found", "dst"),
                bad("bad MAC", "src=a1&dst=00:00:00:00:00:zz", 400, "bad_request", "dst"),
                bad("MAC on two VLANs", "src=a1&dst=00:00:00:00:00:05", 400, "bad_request", "dst"),
                bad("unknown IP", "src=10.9.9.9&dst=a1", 404, "not_found", "src"),
                bad("bad IP", "src=a1&dst=10.0.0.256", 400, "bad_request", "dst"),
                bad("IP of two hosts", "src=10.0.0.99&dst=a1", 400, "bad_request", "src"),
                bad("unknown parameter", "source=a1&dst=a3", 400, "bad_request", "source"));
    }

    private static Arguments bad(String name, String query, int status, String type, String field) {
        return Arguments.of(name, query, status, type, field);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badQueriesNameTheParameter(String name, String query, int status, String type, String field)
            throws Exception {
        assertError(api.get("/v1/paths?" + query), status, type, field);
    }

    /** A dpid as a query writes it: hex without leading zeros. */
    private static String hex(long dpid) {
        return Long.toHexString(dpid);
    }

    private static List<String> devices(JsonNode path) {
        List<String> out = new ArrayList<>();
        path.get("devices").forEach(d -> out.add(d.asText()));
        return out;
    }

    /** The cables of a path, each named the same whichever way it is crossed. */
    private static Set<String> cables(JsonNode path) {
        Set<String> out = new HashSet<>();
        for (JsonNode l : path.get("links")) {
            String a = l.get("src").toString();
            String b = l.get("dst").toString();
            out.add(a.compareTo(b) < 0 ? a + b : b + a);
        }
        return out;
    }
}
