package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Flow-restart mode: switches that already hold the rules connect to a fresh flow rule service,
 * which is then handed the same rules; it sends the audits' reads and no FLOW_MOD. With the
 * server's grace (10 s from each audit): the rules must be handed over before it ends, which a
 * shorter grace did not leave time for on a loaded machine (3 audits took 4.5 s).
 */
class FlowRestartRunTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BenchConfig config(String openflow) throws IOException {
        return BenchConfig.builder().mode(BenchMode.FLOW_RESTART).host("127.0.0.1").port(freePort()).openflow(openflow)
                .switches(3).rules(200).connectTimeoutMs(10_000).deadlineSeconds(60).build();
    }

    @Test
    void aFabricHoldingTheRulesGetsOnlyTheAuditsReads() throws IOException {
        BenchResult r = LoadGenerator.run(config("1.3"), line -> { });

        assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
        assertEquals("flow_restart", r.summary().get("mode"));
        assertEquals("3/3", r.summary().get("verified"));
        assertEquals(0L, r.summary().get("flow_mods_sent"));
        assertEquals(0L, r.summary().get("switch_flow_mods"));
        assertEquals(3L, r.summary().get("flow_stats_requests"));
        assertEquals(12L, r.summary().get("switch_stats_requests"),
                "per switch: DESC and PORT_DESC at the handshake, the audit's flow and group reads");
        assertEquals(3L, r.summary().get("audits"));
        assertEquals(3L, r.summary().get("audit_kept"), "the table-miss entries");
        assertEquals(0L, r.summary().get("audit_added"));
        assertEquals(0L, r.summary().get("audit_removed"));
        assertEquals(600L, r.summary().get("held"));
        assertEquals(600L, r.summary().get("claimed"));
        assertEquals(0L, r.summary().get("deleted"));
    }

    @Test
    void openFlow10SwitchesToo() throws IOException {
        BenchResult r = LoadGenerator.run(config("1.0"), line -> { });

        assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message() + " " + r.summary());
        assertEquals(0L, r.summary().get("flow_mods_sent"));
        assertEquals(600L, r.summary().get("claimed"));
    }
}
