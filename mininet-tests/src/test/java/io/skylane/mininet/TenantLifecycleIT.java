package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tenant's ports over their life: a spoofed source is dropped at the first switch, a deleted
 * port's host is unreachable and no rule for it remains, and after a controller restart the VPC
 * comes back from the intent store and traffic resumes without any API call.
 */
class TenantLifecycleIT {

    private static final String M1 = "02:00:00:00:0c:01";
    private static final String M2 = "02:00:00:00:0c:02";
    private static final String M3 = "02:00:00:00:0c:03";

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void spoofingDeletionAndRestart() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("TenantLifecycleIT");
             Lab lab = Lab.start("TenantLifecycleIT")) {
            lab.start(LabTopo.custom(List.of("s1", "s2"), List.of(
                    Map.of("name", "c1", "ip", "10.9.0.11/24", "mac", M1),
                    Map.of("name", "c2", "ip", "10.9.0.12/24", "mac", M2),
                    Map.of("name", "c3", "ip", "10.9.0.13/24", "mac", M3)),
                    List.of(List.of("s1", "s2"), List.of("c1", "s1"), List.of("c2", "s2"), List.of("c3", "s2"))),
                    controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(2, Duration.ofSeconds(20));
            // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
            rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            TenantLab t = new TenantLab(rest, lab);
            String tenant = t.tenant("c");
            String vpc = t.vpc(tenant);
            String subnet = t.subnet(tenant, vpc, "10.9.0.0/24");
            t.port(tenant, vpc, subnet, "10.9.0.11", M1, "c1");
            t.port(tenant, vpc, subnet, "10.9.0.12", M2, "c2");
            String p3 = t.port(tenant, vpc, subnet, "10.9.0.13", M3, "c3");
            t.awaitActive(3, Duration.ofSeconds(15));
            t.assertReaches("c1", "10.9.0.12");
            t.assertReaches("c1", "10.9.0.13");

            // A source address the port does not own never leaves the first switch.
            lab.cmd("c1", "ip addr add 10.9.0.99/24 dev c1-eth0", Duration.ofSeconds(5));
            Lab.CmdResult spoofed = lab.cmd("c1", "ping -n -c 3 -i 0.2 -W 1 -I 10.9.0.99 10.9.0.12", Duration.ofSeconds(10));
            assertTrue(spoofed.output().contains("100% packet loss"), "spoofed source got through: " + spoofed.output());
            lab.cmd("c1", "ip addr del 10.9.0.99/24 dev c1-eth0", Duration.ofSeconds(5));
            // A forged MAC neither.
            lab.cmd("c1", "ip link set c1-eth0 address 02:00:00:00:0c:99", Duration.ofSeconds(5));
            lab.cmd("c1", "ip neigh flush dev c1-eth0", Duration.ofSeconds(5));
            t.assertUnreachable("c1", "10.9.0.12");
            lab.cmd("c1", "ip link set c1-eth0 address " + M1, Duration.ofSeconds(5));
            t.assertReaches("c1", "10.9.0.12");

            // Deleting a port cuts its host off and leaves no rule for it.
            rest.delete("/v1/ports/" + p3);
            t.assertUnreachable("c1", "10.9.0.13");
            List<String> leftovers = lab.ofctl("s2", "dump-flows").stream()
                    .filter(l -> l.contains(M3) || l.contains("10.9.0.13")).toList();
            assertEquals(List.of(), leftovers, "rules for the deleted port remain on s2");

            // The controller restarts: the VPC comes back from the store, traffic resumes, no API call.
            controller.restart();
            rest.waitForSwitches(2, Duration.ofSeconds(30));
            // A port is ACTIVE once its own switch holds its rules; paths across switches need the links.
            rest.waitForLinks(TopologyLinks.built(lab), Duration.ofSeconds(15));
            t.awaitActive(2, Duration.ofSeconds(20));
            t.assertReaches("c1", "10.9.0.12");
            t.assertUnreachable("c1", "10.9.0.13");
        }
    }
}
