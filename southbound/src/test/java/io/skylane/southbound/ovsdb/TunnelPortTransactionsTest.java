package io.skylane.southbound.ovsdb;

import static io.skylane.southbound.ovsdb.OvsdbManagerTest.A1;
import static io.skylane.southbound.ovsdb.OvsdbManagerTest.WAIT;
import static io.skylane.southbound.ovsdb.OvsdbManagerTest.addBridge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import io.skylane.southbound.ovsdb.OvsdbEvent.Type;
import io.skylane.southbound.ovsdb.TunnelPortResult.Change;
import io.skylane.southbound.ovsdb.TunnelPortResult.State;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ensureTunnelPort and removeTunnelPort against a real, private ovsdb-server, checked with
 * ovs-vsctl. Without ovs-vswitchd the interface gets no ofport ({@link State#PENDING});
 * {@link FakeVswitchd} writes what ovs-vswitchd would, for the ready and refused cases.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelPortTransactionsTest {

    private static final Ip4Address EP1 = Ip4Address.parse("192.0.2.1");
    private static final Ip4Address EP2 = Ip4Address.parse("192.0.2.2");
    private static final TunnelPortSpec SPEC = TunnelPortSpec.of(A1, "sktun", TunnelType.GENEVE, EP1, 100);

    private PrivateOvsdbServer server;
    private OvsdbManager manager;

    @BeforeEach
    void connect() throws Exception {
        server = PrivateOvsdbServer.start();
        addBridge(server, "br-int", "00000000000000a1");
        connectManager(OvsdbManagerTest.activeOnly());
    }

    private void connectManager(OvsdbConfig config) throws Exception {
        if (manager != null) {
            manager.close();
        }
        manager = new OvsdbManager(config);
        RecordingOvsdbListener events = new RecordingOvsdbListener();
        manager.addListener(events);
        manager.start();
        manager.connect(server.tcpTarget()).get(10, TimeUnit.SECONDS);
        events.await(Type.HYPERVISOR_CONNECTED, A1, WAIT);
    }

    @AfterEach
    void close() throws Exception {
        if (manager != null) {
            manager.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS)).getCause();
    }

    private String iface(String column) throws Exception {
        return server.vsctl("get", "Interface", "sktun", column);
    }

    @Test
    void createIsIdempotentAnEndpointChangeUpdatesTheSameRowAndRemovalCleansUp() throws Exception {
        TunnelPortResult created = get(manager.ensureTunnelPort(SPEC));
        assertEquals(new TunnelPortResult(Change.CREATED, State.PENDING, OptionalInt.empty(), Optional.empty()), created);
        assertEquals("sktun", server.vsctl("list-ports", "br-int"));
        assertEquals("geneve", iface("type"));
        assertEquals("{key=flow, local_ip=\"192.0.2.1\", remote_ip=flow}", iface("options"));
        assertEquals("100", iface("ofport_request"));
        assertEquals("br-int", server.vsctl("port-to-br", "sktun"));
        String uuid = iface("_uuid");
        assertEquals(1, manager.counters().get(Counter.TRANSACTIONS));

        TunnelPortResult again = get(manager.ensureTunnelPort(SPEC));
        assertEquals(Change.UNCHANGED, again.change());
        assertEquals(1, manager.counters().get(Counter.TRANSACTIONS), "nothing sent the second time");

        TunnelPortResult moved = get(manager.ensureTunnelPort(A1, "sktun", TunnelType.GENEVE, EP2, 100));
        assertEquals(Change.UPDATED, moved.change());
        assertEquals("{key=flow, local_ip=\"192.0.2.2\", remote_ip=flow}", iface("options"));
        assertEquals(uuid, iface("_uuid"), "the interface was updated in place");
        assertEquals("sktun", server.vsctl("list-ports", "br-int"));

        TunnelPortResult vxlan = get(manager.ensureTunnelPort(A1, "sktun", TunnelType.VXLAN, EP2, 100));
        assertEquals(Change.UPDATED, vxlan.change());
        assertEquals("vxlan", iface("type"));

        TunnelPortResult removed = get(manager.removeTunnelPort(A1, "sktun"));
        assertEquals(new TunnelPortResult(Change.REMOVED, State.ABSENT, OptionalInt.empty(), Optional.empty()), removed);
        assertEquals("", server.vsctl("list-ports", "br-int"));
        assertEquals("", server.vsctl("--bare", "--columns=name", "find", "Interface", "name=sktun"),
                "the server garbage-collected the interface row");
        assertEquals(Change.UNCHANGED, get(manager.removeTunnelPort(A1, "sktun")).change());
        assertEquals(4, manager.counters().get(Counter.TRANSACTIONS));
        assertEquals(0, manager.counters().get(Counter.TRANSACTIONS_FAILED));
        assertEquals(1, manager.counters().get(Counter.TUNNEL_PORTS_CREATED));
        assertEquals(2, manager.counters().get(Counter.TUNNEL_PORTS_UPDATED));
        assertEquals(1, manager.counters().get(Counter.TUNNEL_PORTS_REMOVED));
    }

    @Test
    void readyAndRefusedAreReadBackOnceOvsVswitchdAppliedTheTransaction() throws Exception {
        connectManager(OvsdbManagerTest.activeOnly().withApplyTimeout(Duration.ofSeconds(10)));
        FakeVswitchd vswitchd = new FakeVswitchd(server);

        Thread t = vswitchd.applyNextInBackground("sktun", 100, null);
        TunnelPortResult ready = get(manager.ensureTunnelPort(SPEC));
        t.join();
        assertEquals(new TunnelPortResult(Change.CREATED, State.READY, OptionalInt.of(100), Optional.empty()), ready);
        assertTrue(ready.succeeded());

        String refusal = "could not add network device sktun to ofproto (File exists)";
        t = vswitchd.applyNextInBackground("sktun", -1, refusal);
        TunnelPortResult refused = get(manager.ensureTunnelPort(A1, "sktun", TunnelType.GENEVE, EP2, 100));
        t.join();
        assertEquals(new TunnelPortResult(Change.UPDATED, State.REFUSED, OptionalInt.empty(), Optional.of(refusal)),
                refused);
        assertEquals(1, manager.counters().get(Counter.TUNNEL_PORTS_REFUSED));

        // asked again, nothing is sent and the refusal is still reported
        TunnelPortResult still = get(manager.ensureTunnelPort(A1, "sktun", TunnelType.GENEVE, EP2, 100));
        assertEquals(new TunnelPortResult(Change.UNCHANGED, State.REFUSED, OptionalInt.empty(), Optional.of(refusal)),
                still);
    }

    @Test
    void typedFailuresAndNothingChanged() throws Exception {
        assertInstanceOf(OvsdbException.NotConnected.class,
                failure(manager.ensureTunnelPort(TunnelPortSpec.of(DeviceId.of(0xff), "sktun", TunnelType.GENEVE, EP1, 100))));
        addBridge(server, "br-ex", "00000000000000b2");
        server.vsctl("add-port", "br-ex", "sktun");
        OvsdbManagerTest.eventually(() -> manager.hypervisor(A1).isPresent()
                && manager.session(A1).orElseThrow().view().portNamed("sktun").isPresent(), "sktun seen");
        assertInstanceOf(OvsdbException.Conflict.class, failure(manager.ensureTunnelPort(SPEC)));
        assertInstanceOf(OvsdbException.Conflict.class, failure(manager.removeTunnelPort(A1, "sktun")));
        assertEquals("sktun", server.vsctl("list-ports", "br-ex"));
        assertEquals("", server.vsctl("list-ports", "br-int"));
        assertEquals(0, manager.counters().get(Counter.TRANSACTIONS));
    }

    @Test
    void concurrentCallsForOneHypervisorRunOneAfterTheOther() throws Exception {
        List<CompletableFuture<TunnelPortResult>> calls = List.of(manager.ensureTunnelPort(SPEC),
                manager.ensureTunnelPort(SPEC), manager.ensureTunnelPort(SPEC));
        assertEquals(List.of(Change.CREATED, Change.UNCHANGED, Change.UNCHANGED),
                List.of(get(calls.get(0)).change(), get(calls.get(1)).change(), get(calls.get(2)).change()));
        assertEquals(1, manager.counters().get(Counter.TRANSACTIONS));
    }

    @Test
    void staleViewCannotCreateASecondPortOrOverwriteAnotherClientsChange() throws Exception {
        OvsdbSession real = manager.session(A1).orElseThrow();
        OvsdbView before = real.view();
        server.vsctl("add-port", "br-int", "sktun", "--", "set", "Interface", "sktun", "type=vxlan");
        OvsdbManagerTest.eventually(() -> real.view().portNamed("sktun").isPresent(), "sktun seen");

        TunnelPorts ops = new TunnelPorts(manager.counters(), WAIT, Duration.ofMillis(300));
        Throwable e = failure(ops.ensure(new StaleSession(real, before), SPEC));
        OvsdbException.ServerError err = assertInstanceOf(OvsdbException.ServerError.class, e);
        assertEquals("timed out", err.error(), "the wait for no port of that name failed");
        assertEquals("sktun", server.vsctl("list-ports", "br-int"));
        assertEquals("vxlan", iface("type"));

        OvsdbView seen = real.view();
        server.vsctl("set", "Interface", "sktun", "options:local_ip=198.51.100.7");
        OvsdbManagerTest.eventually(() -> !real.view().equals(seen) && real.view().interfaces().values().stream()
                .anyMatch(i -> i.options().containsKey("local_ip")), "options seen");
        e = failure(ops.ensure(new StaleSession(real, seen), SPEC));
        assertEquals("timed out", assertInstanceOf(OvsdbException.ServerError.class, e).error());
        assertEquals("{local_ip=\"198.51.100.7\"}", iface("options"), "the other client's change stands");
        assertEquals(2, manager.counters().get(Counter.TRANSACTIONS_FAILED));
    }

    /** The real connection, but planning on an old view: what a race with another client looks like. */
    private record StaleSession(OvsdbSession real, OvsdbView stale) implements OvsdbSession {
        @Override
        public String remote() {
            return real.remote();
        }

        @Override
        public OvsdbView view() {
            return stale;
        }

        @Override
        public CompletableFuture<JsonNode> transact(ArrayNode operations) {
            return real.transact(operations);
        }

        @Override
        public CompletableFuture<OvsdbView> awaitView(Predicate<OvsdbView> condition, Duration timeout) {
            return real.awaitView(condition, timeout);
        }
    }
}
