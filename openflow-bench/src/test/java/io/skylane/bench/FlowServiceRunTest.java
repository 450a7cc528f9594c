package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Flow-service mode: the real flow rule manager and southbound in process, the emulated switches over TCP. */
class FlowServiceRunTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void everySwitchHoldsItsRulesConfirmedByBarrierThenNone() throws IOException {
        BenchConfig c = BenchConfig.builder().mode(BenchMode.FLOW_SERVICE).host("127.0.0.1").port(freePort())
                .switches(3).rules(200).connectTimeoutMs(10_000).deadlineSeconds(60).build();
        BenchResult r = LoadGenerator.run(c, line -> { });
        assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
        assertEquals("3/3", r.summary().get("verified"));
        assertEquals("3/3", r.summary().get("deleted_verified"));
        assertEquals("flow_service", r.summary().get("mode"));
    }
}
