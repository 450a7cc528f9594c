package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A host moves to another switch (same MAC and IP, like a migrating VM) and stays reachable. */
class HostMoveIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMovedHostStaysReachable() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("HostMoveIT");
             Lab lab = Lab.start("HostMoveIT")) {
            lab.start(LabTopo.ring(4), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(4, Duration.ofSeconds(20));
            // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
            rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the move");
            String mac = lab.hosts().get(0).path("mac").asText();

            JsonNode moved = lab.moveHost("h1", "s3");
            // a migrated VM announces itself; here its first packets do
            lab.ping("h1", "h2", 3, Duration.ofSeconds(1));
            JsonNode host = waitForLocation(rest, mac, moved.path("switch_port").asInt(), Duration.ofSeconds(10));
            assertEquals(LabTopo.dpid(3), host.path("location").path("device").asText(), host::toString);

            for (String other : new String[] {"h2", "h3", "h4"}) {
                Lab.Ping p = lab.ping(other, "h1", 3, Duration.ofSeconds(1));
                assertTrue(p.received() >= 2, () -> other + " -> h1 after the move: " + p + "; log " + controller.logFile());
            }
        }
    }

    private static JsonNode waitForLocation(SkylaneRest rest, String mac, int port, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode h : rest.get("/v1/hosts?mac=" + mac)) {
                last = h;
                if (h.path("location").path("port").asInt() == port) {
                    return h;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("host " + mac + " not seen at port " + port + " in time; last " + last);
    }
}
