package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The controller goes away (stopped with SIGTERM, or killed) and comes back on the same ports:
 * the switches reconnect by themselves, forwarding works, and the tables hold only Skylane's rules.
 */
class ControllerRestartIT {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void stopAndStartAgain() throws Exception {
        LabSupport.assumeRoot();
        restartScenario("ControllerRestartIT-stop", false);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void crashAndStartAgain() throws Exception {
        LabSupport.assumeRoot();
        restartScenario("ControllerRestartIT-kill", true);
    }

    private static void restartScenario(String name, boolean crash) throws Exception {
        try (ControllerProcess controller = ControllerProcess.start(name);
             Lab lab = Lab.start(name)) {
            lab.start(LabTopo.linear(3), controller.openflowPort());
            controller.rest().waitForSwitches(3, Duration.ofSeconds(20));
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the restart");

            if (crash) {
                controller.kill();
            } else {
                controller.stop();
            }
            assertFalse(controller.isAlive());
            assertTrue(controller.rest().healthStatus().isEmpty(), "something still answers on the API port");

            controller.restart();
            controller.rest().waitForSwitches(3, Duration.ofSeconds(30));
            Lab.PingAll after = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, after.lossPercent(),
                    () -> "pingall after the restart lost " + after.failures() + "; log " + controller.logFile());
            FlowTables.assertOnlySkylaneRules(lab, List.of("s1", "s2", "s3"), Duration.ofSeconds(10));
        }
    }
}
