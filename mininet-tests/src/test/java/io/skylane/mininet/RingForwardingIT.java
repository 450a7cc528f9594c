package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Six switches in a ring (a loop), one host each: discovery finds exactly the cables built, every
 * host reaches every other, and broadcasts (ARP) do not storm around the loop.
 */
class RingForwardingIT {

    /** Packet-ins a pingall of 6 hosts may cause: a storm on a loop would cause millions. */
    private static final long STORM_LIMIT = 5_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void pingAllOnALoopWithoutAStorm() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("RingForwardingIT");
             Lab lab = Lab.start("RingForwardingIT")) {
            lab.start(LabTopo.ring(6), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(6, Duration.ofSeconds(20));
            Set<String> built = TopologyLinks.built(lab);
            assertEquals(12, built.size(), "a ring of 6 has 6 cables, 12 directed links");
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(10)), "discovered links");

            long before = packetIns(rest);
            Lab.PingAll result = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, result.lossPercent(),
                    () -> "pingall lost " + result.failures() + "; controller log " + controller.logFile());
            Thread.sleep(1000);
            long caused = packetIns(rest) - before;
            assertTrue(caused < STORM_LIMIT, "the pingall caused " + caused + " packet-ins: a broadcast storm?");
            assertEquals(built, rest.links(), "links after the pingall");
        }
    }

    static long packetIns(SkylaneRest rest) throws Exception {
        return rest.get("/v1/openflow").path("counters").path("packet_in").asLong();
    }
}
