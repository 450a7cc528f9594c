package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options of a run: defaults, what each mode makes of them, and what is refused. */
class BenchConfigTest {

    private static String refused(BenchConfigBuilder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void defaultsAreCbenchLike() {
        BenchConfig c = BenchConfig.builder().build();
        assertEquals(BenchMode.LATENCY, c.mode());
        assertEquals("127.0.0.1", c.host());
        assertEquals(6653, c.port());
        assertEquals("1.3", c.openflow());
        assertEquals(16, c.switches());
        assertEquals(100_000, c.macs());
        assertEquals(256, c.buffers());
        assertEquals(16, c.loops());
        assertEquals(1000, c.durationMs());
        assertEquals(1, c.window(), "latency mode: one outstanding");
        assertEquals(1000, c.answerTimeoutMs(), "latency mode");
        assertTrue(c.api().isEmpty() && c.apiToken().isEmpty());
    }

    @Test
    void whatEachModeMakesOfTheOptions() {
        BenchConfig throughput = BenchConfig.builder().mode(BenchMode.THROUGHPUT).window(64).build();
        assertEquals(64, throughput.window());
        assertEquals(5000, throughput.answerTimeoutMs());
        assertEquals(7, BenchConfig.builder().answerTimeoutMs(7).build().answerTimeoutMs());
        // connect timeout + warm-up + loops + a minute; flows mode adds three REST request timeouts
        assertEquals(30 + 2 + 16 + 60, BenchConfig.builder().build().deadlineSeconds());
        assertEquals(30 + 2 + 16 + 60 + 3 * 60, BenchConfig.builder().mode(BenchMode.FLOWS)
                .api(URI.create("http://127.0.0.1:8181")).build().deadlineSeconds());
        assertEquals(9, BenchConfig.builder().deadlineSeconds(9).build().deadlineSeconds());
        assertTrue(BenchConfig.builder().apiToken(" ").build().apiToken().isEmpty(), "blank token: none");
    }

    @Test
    void churnModeNeedsTheApiAndSettlesItsDeadlineFromTheSchedule() {
        assertTrue(refused(BenchConfig.builder().mode(BenchMode.CHURN)).contains("churn mode needs --api"));
        URI api = URI.create("http://127.0.0.1:8181");
        BenchConfig paced = BenchConfig.builder().mode(BenchMode.CHURN).api(api)
                .churn(ChurnSettings.of(2, 3000, 50, 0, true)).build();
        assertEquals(60 + 2 * 60, paced.deadlineSeconds(), "a minute, plus 60 s of schedule twice (creates, deletes)");
        BenchConfig unpaced = BenchConfig.builder().mode(BenchMode.CHURN).api(api)
                .churn(ChurnSettings.of(16, 10_000, 0, 0, false)).build();
        assertEquals(60 + 100, unpaced.deadlineSeconds(), "a minute, plus 10 ms per create");
        assertEquals(16, unpaced.churn().vpcCount(), "one VPC per client by default");
        assertEquals(3, unpaced.churn().vpcOf(3));
        assertEquals(1, ChurnSettings.of(16, 10, 0, 2, false).vpcOf(3));
        assertTrue(unpaced.describe().containsKey("churn"));
        assertThrows(IllegalArgumentException.class, () -> ChurnSettings.of(0, 1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> ChurnSettings.of(1, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> ChurnSettings.of(1, 1, -1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> ChurnSettings.of(1, 65_534, 0, 1, false),
                "more ports than one /16 subnet holds");
    }

    @Test
    void eachSwitchGetsItsDpidAndWhatItsModeNeeds() {
        SwitchSpec latency = SwitchSpec.of(BenchConfig.builder().dpidBase(0x100).openflow("1.0").build(), 3);
        assertEquals(0x103, latency.dpid());
        assertEquals(3, latency.index());
        assertEquals(Wire.OF10, latency.wireVersion());
        assertEquals(1, latency.window());
        assertFalse(latency.recordFlows());
        assertEquals(-1, latency.watchPriority());
        assertEquals(1_000_000_000L, latency.answerTimeoutNs());
        SwitchSpec flows = SwitchSpec.of(BenchConfig.builder().mode(BenchMode.FLOWS).window(64).priority(321)
                .api(URI.create("http://x")).build(), 0);
        assertTrue(flows.recordFlows());
        assertEquals(321, flows.watchPriority());
        assertEquals(1, flows.window(), "no packet-ins outside latency and throughput modes");
        assertEquals(64, SwitchSpec.of(BenchConfig.builder().mode(BenchMode.THROUGHPUT).window(64).build(), 0)
                .window());
    }

    @Test
    void fabricModeTakesItsSwitchesAndPortsFromTheFatTree() {
        BenchConfig c = BenchConfig.builder().mode(BenchMode.FABRIC).fatTreeK(8).switches(3).ports(2)
                .api(URI.create("http://x")).build();
        assertEquals(80, c.switches());
        assertEquals(8, c.ports());
        assertEquals(8, c.fatTreeK());
        assertEquals(4, BenchConfig.builder().build().fatTreeK(), "k=4 unless told");
        assertEquals(30 + 2 + 16 + 60 + 3 * 30, c.deadlineSeconds(), "discovery, cut and mend: a connect timeout each");
        assertEquals(0x300000L, SwitchSpec.of(c, 64).dpid(), "the fat-tree's dpids: the first core switch");
        assertEquals(0x1300000L, SwitchSpec.of(c.toBuilder().dpidBase(0x1000001).build(), 64).dpid(),
                "shifted by --dpid-base - 1");
        assertEquals("fabric mode needs --api", refused(BenchConfig.builder().mode(BenchMode.FABRIC)));
        assertEquals("fat-tree k must be even, 2..64", refused(BenchConfig.builder().fatTreeK(5)));
        assertEquals("fat-tree k must be even, 2..64", refused(BenchConfig.builder().fatTreeK(66)));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        BenchConfig c = BenchConfig.builder().mode(BenchMode.THROUGHPUT).host("10.0.0.9").port(6633).openflow("1.0")
                .switches(8).dpidBase(100).macs(500).seed(9).buffers(0).tables(1).ports(2).window(64).warmupSeconds(0)
                .loops(3).durationMs(250).threads(2).answerStats(false).learn(false).answerTimeoutMs(700)
                .stallTimeoutMs(900).connectTimeoutMs(1000).deadlineSeconds(30).echoIntervalMs(2000)
                .api(URI.create("http://127.0.0.1:8181")).apiToken("secret").rules(10).priority(7)
                .requestTimeoutMs(5000).toolVersion("1.2.3").fatTreeK(8).build();
        BenchConfig copy = c.toBuilder().build();
        assertEquals(c.describe(), copy.describe());
        assertEquals(c.apiToken(), copy.apiToken());
        assertEquals(c.toolVersion(), copy.toolVersion());
    }

    @Test
    void theJsonParametersNameEveryOptionButTheToken() {
        Map<String, Object> p = BenchConfig.builder().apiToken("secret").build().describe();
        assertEquals("latency", p.get("mode"));
        assertEquals("127.0.0.1:6653", p.get("controller"));
        assertEquals(27, p.size());
        assertFalse(p.containsValue("secret"));
    }

    @Test
    void refusesValuesOutOfRangeNamingThem() {
        assertEquals("--of must be 1.0 or 1.3", refused(BenchConfig.builder().openflow("1.1")));
        assertEquals("flows mode needs --api", refused(BenchConfig.builder().mode(BenchMode.FLOWS)));
        assertEquals("controller port must be 1..65535", refused(BenchConfig.builder().port(0)));
        assertEquals("switches must be 1..100000", refused(BenchConfig.builder().switches(0)));
        assertEquals("ports must be 1..200 (1.0) or 1..1000", refused(BenchConfig.builder().openflow("1.0").ports(201)));
        assertEquals("window must be 1..1048576", refused(BenchConfig.builder().window(0)));
        assertEquals("duration must be at least 10 ms", refused(BenchConfig.builder().durationMs(9)));
        assertEquals("threads must be 1..64", refused(BenchConfig.builder().threads(65)));
        assertEquals("stall timeout must be at least 100 ms", refused(BenchConfig.builder().stallTimeoutMs(99)));
        assertEquals("priority must be 0..65535", refused(BenchConfig.builder().priority(0x10000)));
        assertThrows(NullPointerException.class, () -> BenchConfig.builder().mode(null));
    }
}
