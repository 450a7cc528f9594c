package io.skylane.mininet;

import static io.skylane.mininet.LabTopo.dpid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A switch loses its controller and comes back: the controller sees both transitions, forwarding
 * works again, and the audit leaves only Skylane's rules, each once.
 */
class SwitchReconnectAuditIT {

    private static final String STALE = "cookie=0x0,table=0,priority=7,ip,nw_dst=10.99.99.99,actions=drop";
    private static final Pattern DURATION = Pattern.compile("duration=([0-9.]+)s");

    /** The scenario: del-controller, then set-controller. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void delAndSetControllerReconnects() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("SwitchReconnectAuditIT-delset");
             Lab lab = Lab.start("SwitchReconnectAuditIT-delset")) {
            lab.start(LabTopo.linear(3), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(3, Duration.ofSeconds(20));
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the disconnect");

            lab.disconnectController("s2");
            rest.waitForDevice(dpid(2), false, Duration.ofSeconds(15));
            lab.connectController("s2", controller.openflowPort());
            rest.waitForDevice(dpid(2), true, Duration.ofSeconds(15));

            Lab.PingAll after = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, after.lossPercent(),
                    () -> "pingall after the reconnect lost " + after.failures() + "; log " + controller.logFile());
            FlowTables.assertOnlySkylaneRules(lab, List.of("s1", "s2", "s3"), Duration.ofSeconds(10));
        }
    }

    /**
     * Open vSwitch flushes a bridge's flows when it goes from no controller to one (so
     * del-controller/set-controller cannot show the audit at work). Pointing the switch at a port
     * where nobody listens keeps its flows: while it is away a foreign rule is added; when it
     * comes back the audit must delete that rule and leave Skylane's table-miss entry untouched
     * (not re-added: its age keeps growing).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void auditDeletesForeignRulesAndKeepsMatchingOnes() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("SwitchReconnectAuditIT-audit");
             Lab lab = Lab.start("SwitchReconnectAuditIT-audit")) {
            lab.start(LabTopo.linear(3), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(3, Duration.ofSeconds(20));
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the disconnect");

            lab.connectController("s2", LabSupport.freePort());
            rest.waitForDevice(dpid(2), false, Duration.ofSeconds(15));
            lab.ofctl("s2", "add-flow", STALE);
            assertTrue(lab.dumpFlows("s2").stream().anyMatch(f -> f.match().contains("10.99.99.99")),
                    "the foreign rule was not added");
            double missAgeBefore = tableMissAge(lab);

            lab.connectController("s2", controller.openflowPort());
            rest.waitForDevice(dpid(2), true, Duration.ofSeconds(15));
            FlowTables.assertOnlySkylaneRules(lab, List.of("s1", "s2", "s3"), Duration.ofSeconds(10));
            assertTrue(tableMissAge(lab) >= missAgeBefore,
                    "the table-miss entry was re-added instead of kept; log " + controller.logFile());

            Lab.PingAll after = lab.pingAllWarm(Duration.ofSeconds(1));
            assertEquals(0.0, after.lossPercent(),
                    () -> "pingall after the reconnect lost " + after.failures() + "; log " + controller.logFile());
        }
    }

    private static double tableMissAge(Lab lab) {
        Lab.Flow miss = lab.dumpFlows("s2").stream().filter(f -> f.table() == 0 && f.priority() == 0).findFirst()
                .orElseThrow(() -> new AssertionError("s2 has no table-miss entry"));
        Matcher m = DURATION.matcher(miss.raw());
        assertTrue(m.find(), () -> "no duration in " + miss.raw());
        return Double.parseDouble(m.group(1));
    }
}
