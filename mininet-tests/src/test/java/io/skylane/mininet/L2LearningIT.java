package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reactive learning switch ({@code forwarding.mode: l2-learning}) on Open vSwitch: lab hosts
 * on two switches reach each other; a broadcast from a lab host reaches every lab host, and
 * reaches a host on a tenant's port only until the tenant data plane claims that port (floods
 * then go out of the unclaimed ports only).
 */
class L2LearningIT {

    private static final String H2_MAC = "02:00:00:00:0e:02";
    private static final String TENANT_MAC = "02:00:00:00:0e:10";

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void learnsAndKeepsLabFloodsOffTenantPorts() throws Exception {
        LabSupport.assumeRoot();
        Path config = LabSupport.workDir().resolve("L2LearningIT.yaml");
        Files.writeString(config, "forwarding:\n  mode: l2-learning\n", StandardCharsets.UTF_8);
        try (ControllerProcess controller = ControllerProcess.start("L2LearningIT", List.of("--config", config.toString()));
             Lab lab = Lab.start("L2LearningIT")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "h1", "ip", "10.0.0.1/24", "mac", "02:00:00:00:0e:01"),
                    Map.of("name", "h2", "ip", "10.0.0.2/24", "mac", H2_MAC),
                    Map.of("name", "h3", "ip", "10.0.0.3/24", "mac", "02:00:00:00:0e:03"),
                    Map.of("name", "t1", "ip", "10.1.0.10/24", "mac", TENANT_MAC)),
                    List.of(List.of("s1", "s2"), List.of("h1", "s1"), List.of("t1", "s1"), List.of("h2", "s2"),
                            List.of("h3", "s2"))),
                    controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(20));

            Lab.CmdResult ping = lab.cmd("h1", "ping -n -c 3 -W 2 10.0.0.2", Duration.ofSeconds(15));
            assertEquals(0, ping.rc(), "h1 -> h2 across two switches: " + ping.output());
            assertTrue(rest.get("/v1/devices/" + LabTopo.dpid(1) + "/flows").toString().contains(H2_MAC),
                    "the learning switch installed a rule towards h2");

            // Control: nothing claimed yet, so h2's ARP broadcast is flooded to t1 too.
            assertTrue(seesBroadcastFromH2(lab, "10.0.0.98"), "before the claim, t1 sees h2's broadcast");

            TenantLab t = new TenantLab(rest, lab);
            String tenant = t.tenant("l2");
            String vpc = t.vpc(tenant);
            String subnet = t.subnet(tenant, vpc, "10.1.0.0/24");
            t.port(tenant, vpc, subnet, "10.1.0.10", TENANT_MAC, "t1");
            t.awaitActive(1, Duration.ofSeconds(15));

            assertTrue(!seesBroadcastFromH2(lab, "10.0.0.99"), "a claimed tenant port gets no lab flood");
            // Floods still reach the lab hosts (now as outputs to the unclaimed ports): h3 -> h1 is new.
            Lab.CmdResult after = lab.cmd("h3", "ping -n -c 3 -W 2 10.0.0.1", Duration.ofSeconds(15));
            assertEquals(0, after.rc(), "h3 -> h1 after the claim: " + after.output());
        }
    }

    /** Captures on t1 while h2 ARPs for an unused address; true if t1 saw an ARP from h2. */
    private static boolean seesBroadcastFromH2(Lab lab, String unusedIp) throws InterruptedException {
        String capture = lab.bgStart("t1", "timeout 5 tcpdump -n -l -i t1-eth0 -c 1 arp and ether src " + H2_MAC);
        Thread.sleep(1500); // tcpdump is listening
        lab.cmd("h2", "ping -n -c 2 -W 1 " + unusedIp, Duration.ofSeconds(10));
        JsonNode done = lab.bgWait(capture, Duration.ofSeconds(10));
        String out = done.path("output").asText();
        return out.contains("1 packet captured");
    }
}
