package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A k=4 fat tree (20 switches, 16 hosts, many equal-cost paths and loops): full discovery, pingall. */
class FatTreeIT {

    private static final Logger log = LoggerFactory.getLogger(FatTreeIT.class);

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void discoversEveryLinkAndPingsAll() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("FatTreeIT");
             Lab lab = Lab.start("FatTreeIT")) {
            lab.start(LabTopo.fatTree(4), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            long started = System.nanoTime();
            rest.waitForSwitches(20, Duration.ofSeconds(30));
            Set<String> built = TopologyLinks.built(lab);
            assertEquals(64, built.size(), "a k=4 fat tree has 32 cables, 64 directed links");
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(15)), "discovered links");
            log.info("fat tree k=4: all 20 switches connected and 64 links discovered {} ms after start",
                    (System.nanoTime() - started) / 1_000_000);

            Lab.PingAll result = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, result.lossPercent(),
                    () -> "pingall lost " + result.failures() + "; controller log " + controller.logFile());
            assertEquals(240, result.sent(), "16 hosts, 240 ordered pairs");
        }
    }
}
