package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import io.skylane.southbound.ovsdb.OvsdbEvent.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The manager against a real, private ovsdb-server: both connection directions, the events, echo. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OvsdbManagerTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final DeviceId A1 = DeviceId.of(0xa1);

    static OvsdbConfig activeOnly() {
        return OvsdbConfig.defaults().withListen(false).withReconnectInterval(Duration.ofMillis(200))
                .withApplyTimeout(Duration.ofMillis(300));
    }

    static void addBridge(PrivateOvsdbServer server, String name, String dpid) throws Exception {
        server.vsctl("add-br", name, "--", "set", "Bridge", name, "other_config:datapath-id=" + dpid);
    }

    static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toMillis() + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void activeConnectionReportsBridgesByDatapathIdAsTheyComeChangeAndGo() throws Exception {
        try (PrivateOvsdbServer server = PrivateOvsdbServer.start();
             OvsdbManager manager = new OvsdbManager(activeOnly())) {
            server.vsctl("set", "Open_vSwitch", ".", "external_ids:system-id=hv-1");
            addBridge(server, "br-int", "00000000000000a1");
            RecordingOvsdbListener events = new RecordingOvsdbListener();
            manager.addListener(events);
            manager.start();
            manager.connect(server.tcpTarget()).get(10, TimeUnit.SECONDS);

            HypervisorView hv = events.await(Type.HYPERVISOR_CONNECTED, A1, WAIT).view().orElseThrow();
            assertEquals("br-int", hv.bridge().name());
            assertEquals(Optional.of("hv-1"), hv.systemId());
            assertEquals(Set.of("br-int"), hv.ports().keySet(), "the bridge's internal port");
            assertEquals(List.of(A1), manager.hypervisors());
            OvsdbStatus status = manager.status();
            assertEquals(1, status.connections());
            assertEquals(List.of(), status.listening());
            assertEquals(1L, status.counters().get("connections.opened"));

            server.vsctl("add-port", "br-int", "eth9");
            HypervisorView updated = events.await(Type.HYPERVISOR_UPDATED, A1, WAIT).view().orElseThrow();
            assertTrue(updated.ports().containsKey("eth9"), updated.toString());
            assertTrue(manager.hypervisor(A1).orElseThrow().ports().containsKey("eth9"));

            // what ovs-vswitchd writes wins over the configured id
            server.vsctl("set", "Bridge", "br-int", "datapath_id=00000000000000c3");
            events.await(Type.HYPERVISOR_DISCONNECTED, A1, WAIT);
            events.await(Type.HYPERVISOR_CONNECTED, DeviceId.of(0xc3), WAIT);

            server.vsctl("del-br", "br-int");
            events.await(Type.HYPERVISOR_DISCONNECTED, DeviceId.of(0xc3), WAIT);
            assertEquals(List.of(), manager.hypervisors());
        }
    }

    @Test
    void unixSocketTargetAndReconnectAfterTheServerDropsUs() throws Exception {
        try (PrivateOvsdbServer server = PrivateOvsdbServer.start();
             OvsdbManager manager = new OvsdbManager(activeOnly())) {
            addBridge(server, "br-int", "00000000000000a1");
            RecordingOvsdbListener events = new RecordingOvsdbListener();
            manager.addListener(events);
            manager.start();
            manager.connect(server.unixTarget()).get(10, TimeUnit.SECONDS);
            events.await(Type.HYPERVISOR_CONNECTED, A1, WAIT);

            // the server closes every client connection: the manager reconnects by itself
            PrivateOvsdbServer.appctl(server, "ovsdb-server/reconnect");
            events.await(Type.HYPERVISOR_DISCONNECTED, A1, WAIT);
            events.await(Type.HYPERVISOR_CONNECTED, A1, WAIT);
            assertEquals(2, manager.counters().get(Counter.CONNECTIONS_OPENED));
        }
    }

    @Test
    void passiveListenerAcceptsTheServerToldToSetManagerAndAnswersItsProbes() throws Exception {
        OvsdbConfig config = OvsdbConfig.defaults().withBindAddress("127.0.0.1").withPort(0);
        try (PrivateOvsdbServer server = PrivateOvsdbServer.start();
             OvsdbManager manager = new OvsdbManager(config)) {
            addBridge(server, "br-int", "00000000000000a1");
            RecordingOvsdbListener events = new RecordingOvsdbListener();
            manager.addListener(events);
            manager.start();
            int port = manager.boundAddress().orElseThrow().getPort();
            assertEquals(List.of("127.0.0.1:" + port), manager.status().listening());
            // set-manager, with the server's inactivity probe at its minimum (1 s) so that it probes often
            server.vsctl("--", "--id=@m", "create", "Manager", "target=\"tcp:127.0.0.1:" + port + "\"",
                    "inactivity_probe=1000", "--", "set", "Open_vSwitch", ".", "manager_options=@m");
            events.await(Type.HYPERVISOR_CONNECTED, A1, WAIT);
            assertEquals(1, manager.counters().get(Counter.CONNECTIONS_ACCEPTED));

            // ovsdb-server drops a manager that leaves its echo unanswered for a second probe interval
            eventually(() -> manager.counters().get(Counter.ECHO_ANSWERED) >= 3, "three probes answered");
            assertEquals(1, manager.counters().get(Counter.CONNECTIONS_ACCEPTED));
            assertEquals(0, manager.counters().get(Counter.CONNECTIONS_CLOSED));
            assertEquals(List.of(A1), manager.hypervisors());

            server.vsctl("del-manager");
            events.await(Type.HYPERVISOR_DISCONNECTED, A1, WAIT);
        }
    }
}
