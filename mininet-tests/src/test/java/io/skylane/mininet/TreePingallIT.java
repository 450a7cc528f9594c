package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tree of depth 2 and fanout 3 (4 switches, 9 hosts): all 72 host pairs reach each other. */
class TreePingallIT {

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void pingAllAcrossTheTree() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("TreePingallIT");
             Lab lab = Lab.start("TreePingallIT")) {
            lab.start(LabTopo.tree(2, 3), controller.openflowPort());
            controller.rest().waitForSwitches(4, Duration.ofSeconds(20));

            Lab.PingAll result = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(72, result.sent());
            assertEquals(0.0, result.lossPercent(),
                    () -> "pingall lost " + result.failures() + "; controller log " + controller.logFile());
        }
    }
}
