package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.southbound.ovsdb.OvsdbConfig;
import io.skylane.southbound.ovsdb.OvsdbManager;
import io.skylane.southbound.ovsdb.OvsdbTarget;
import io.skylane.southbound.ovsdb.TunnelPortResult;
import io.skylane.southbound.ovsdb.TunnelPortResult.Change;
import io.skylane.southbound.ovsdb.TunnelPortResult.State;
import io.skylane.southbound.ovsdb.TunnelType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skylane's OVSDB client against the machine's real Open vSwitch: on a scratch netdev bridge of
 * its own, created and deleted here, the tunnel port gets the ofport ovs-vswitchd gives it, an
 * endpoint change keeps it, a second Geneve port with the same local_ip is refused (the error and
 * ofport -1 come back as a refused result, docs/overlay-design.md §2), and removal deletes both.
 * The client connects to the system's ovsdb-server through its own unix socket: nothing of the
 * system's configuration but the scratch bridge is touched. Until the server wires the client in,
 * this drives the southbound class directly rather than the built server.
 */
class OvsdbTunnelPortIT {

    private static final Logger log = LoggerFactory.getLogger(OvsdbTunnelPortIT.class);

    private static final String BRIDGE = "slovsdbtest";
    private static final DeviceId DPID = DeviceId.parse("00005e0db0000001");
    private static final String DB = "unix:/var/run/openvswitch/db.sock";
    private static final Ip4Address EP1 = Ip4Address.parse("172.31.253.71");
    private static final Ip4Address EP2 = Ip4Address.parse("172.31.253.72");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tunnelPortIsReadyMovesAndASecondOneWithTheSameEndpointIsRefused() throws Exception {
        LabSupport.assumeRoot();
        vsctl("--if-exists", "del-br", BRIDGE);
        try (OvsdbManager manager = new OvsdbManager(OvsdbConfig.defaults().withListen(false)
                .withApplyTimeout(Duration.ofSeconds(10)))) {
            vsctl("add-br", BRIDGE, "--", "set", "Bridge", BRIDGE, "datapath_type=netdev", "fail_mode=secure",
                    "other_config:datapath-id=" + DPID);
            manager.start();
            manager.connect(OvsdbTarget.of(DB)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            waitForHypervisor(manager);

            TunnelPortResult created = manager.ensureTunnelPort(DPID, "slovt1", TunnelType.GENEVE, EP1, 100)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            log.info("created: {}", created);
            assertEquals(new TunnelPortResult(Change.CREATED, State.READY, OptionalInt.of(100), Optional.empty()),
                    created);
            assertEquals("100", vsctl("get", "Interface", "slovt1", "ofport"));
            assertTrue(ofctlPorts().contains("100(slovt1)"), "ovs-ofctl shows the port: " + ofctlPorts());

            TunnelPortResult again = manager.ensureTunnelPort(DPID, "slovt1", TunnelType.GENEVE, EP1, 100)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(new TunnelPortResult(Change.UNCHANGED, State.READY, OptionalInt.of(100), Optional.empty()),
                    again);

            TunnelPortResult moved = manager.ensureTunnelPort(DPID, "slovt1", TunnelType.GENEVE, EP2, 100)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            log.info("endpoint changed: {}", moved);
            assertEquals(new TunnelPortResult(Change.UPDATED, State.READY, OptionalInt.of(100), Optional.empty()),
                    moved);
            assertEquals("\"" + EP2 + "\"", vsctl("get", "Interface", "slovt1", "options:local_ip"));

            TunnelPortResult second = manager.ensureTunnelPort(DPID, "slovt2", TunnelType.GENEVE, EP2, 101)
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            log.info("second port with the same local_ip: {}", second);
            assertEquals(Change.CREATED, second.change());
            assertEquals(State.REFUSED, second.state(), second.toString());
            assertTrue(second.error().orElseThrow().contains("File exists"), second.toString());
            assertEquals("-1", vsctl("get", "Interface", "slovt2", "ofport"));

            assertEquals(Change.REMOVED, manager.removeTunnelPort(DPID, "slovt2").get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .change());
            assertEquals(Change.REMOVED, manager.removeTunnelPort(DPID, "slovt1").get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .change());
            assertEquals("", vsctl("list-ports", BRIDGE));
        } finally {
            vsctl("--if-exists", "del-br", BRIDGE);
        }
    }

    private static void waitForHypervisor(OvsdbManager manager) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (manager.hypervisor(DPID).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("bridge " + BRIDGE + " (" + DPID + ") not seen over OVSDB; saw "
                        + manager.hypervisors());
            }
            Thread.sleep(50);
        }
    }

    private static String ofctlPorts() throws IOException, InterruptedException {
        return run(List.of("ovs-ofctl", "-O", "OpenFlow13", "dump-ports-desc", BRIDGE));
    }

    private static String vsctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
