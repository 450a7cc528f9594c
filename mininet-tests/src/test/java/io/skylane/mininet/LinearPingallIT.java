package io.skylane.mininet;

import static io.skylane.mininet.LabTopo.dpid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Three switches in a line, one host each: every host reaches every other, over 1.3 and 1.0. */
class LinearPingallIT {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void pingAllOverOpenFlow13() throws Exception {
        LabSupport.assumeRoot();
        run("LinearPingallIT-of13", LabTopo.linear(3), "1.3");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void pingAllOverOpenFlow10() throws Exception {
        LabSupport.assumeRoot();
        run("LinearPingallIT-of10", LabTopo.linear(3).openFlow10(), "1.0");
    }

    private static void run(String name, LabTopo topo, String version) throws Exception {
        try (ControllerProcess controller = ControllerProcess.start(name);
             Lab lab = Lab.start(name)) {
            lab.start(topo, controller.openflowPort());
            List<JsonNode> devices = controller.rest().waitForSwitches(3, Duration.ofSeconds(20));

            Set<String> ids = new HashSet<>();
            devices.forEach(d -> ids.add(d.path("id").asText()));
            assertEquals(Set.of(dpid(1), dpid(2), dpid(3)), ids);
            for (JsonNode device : devices) {
                assertEquals(version, device.path("version").asText(), device::toString);
            }
            for (JsonNode sw : lab.switches()) {
                JsonNode device = devices.stream()
                        .filter(d -> d.path("id").asText().equals(sw.path("dpid").asText())).findFirst().orElseThrow();
                Set<String> reported = new HashSet<>();
                device.path("ports").forEach(p -> reported.add(p.path("name").asText()));
                sw.path("ports").forEach(p -> assertTrue(reported.contains(p.path("intf").asText()),
                        () -> "REST ports of " + sw.path("name").asText() + " lack " + p.path("intf") + ": " + device));
            }

            Lab.PingAll result = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, result.lossPercent(),
                    () -> "pingall lost " + result.failures() + "; controller log " + controller.logFile());
        }
    }
}
