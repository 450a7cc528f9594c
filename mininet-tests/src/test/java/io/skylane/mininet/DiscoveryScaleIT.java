package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 100-switch ring (200 directed links, a loop through every switch) is discovered completely,
 * and the REST links equal the links built. The time from the switches' connection to full
 * discovery is logged for docs/benchmarks.md; it is not asserted beyond a generous timeout.
 */
class DiscoveryScaleIT {

    private static final Logger log = LoggerFactory.getLogger(DiscoveryScaleIT.class);
    private static final int SWITCHES = 100;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aHundredSwitchRingIsDiscoveredCompletely() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("DiscoveryScaleIT");
             Lab lab = Lab.start("DiscoveryScaleIT")) {
            long started = System.nanoTime();
            lab.start(LabTopo.ring(SWITCHES, 1), controller.openflowPort());
            long labUp = System.nanoTime();
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(SWITCHES, Duration.ofSeconds(90));
            long connected = System.nanoTime();
            Set<String> built = TopologyLinks.built(lab);
            assertEquals(2 * SWITCHES, built.size(), "a ring of 100 has 100 cables, 200 directed links");
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(60)), "discovered links");
            long discovered = System.nanoTime();
            log.info("ring of {}: Mininet up in {} ms; all switches connected {} ms later; all {} links discovered {} ms "
                    + "after the last switch connected", SWITCHES, (labUp - started) / 1_000_000,
                    (connected - labUp) / 1_000_000, built.size(), (discovered - connected) / 1_000_000);
        }
    }
}
