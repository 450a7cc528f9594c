package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.OvsdbCounters.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class JsonRpcConnectionTest {

    private static final String ONE_BRIDGE = "{'Bridge': {'b1': {'new': {'name': 'br-int',"
            + " 'datapath_id': '00000000000000a1', 'other_config': ['map', []], 'ports': ['set', []]}}}}";

    private static Throwable failure(CompletableFuture<?> f) {
        assertTrue(f.isCompletedExceptionally(), "expected a failed future: " + f);
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
        return e.getCause();
    }

    @Test
    void setUpListsDatabasesThenMonitorsTheTablesSkylaneReads() {
        try (ServerPeer s = new ServerPeer()) {
            JsonNode listDbs = s.sentOne();
            assertEquals(Json.parse("{'method': 'list_dbs', 'params': [], 'id': 1}"), listDbs);
            s.answer(listDbs, "['Open_vSwitch', '_Server']");
            JsonNode monitor = s.sentOne();
            assertEquals(Json.parse("['Open_vSwitch', 'skylane', {"
                    + "'Open_vSwitch': {'columns': ['external_ids', 'next_cfg', 'cur_cfg']},"
                    + "'Bridge': {'columns': ['name', 'datapath_id', 'other_config', 'ports']},"
                    + "'Port': {'columns': ['name', 'interfaces']},"
                    + "'Interface': {'columns': ['name', 'type', 'options', 'ofport', 'ofport_request', 'error']}}]"),
                    monitor.get("params"));
            assertFalse(s.conn.isReady());
            s.answer(monitor, ONE_BRIDGE);
            assertTrue(s.conn.isReady());
            assertEquals(List.of("ready"), s.listener.calls);
            assertEquals(Set.of(DeviceId.of(0xa1)), s.conn.view().datapathIds());
        }
    }

    @Test
    void serverWithoutOpenVswitchIsClosed() {
        try (ServerPeer s = new ServerPeer()) {
            s.answer(s.sentOne(), "['_Server', 'OVN_Northbound']");
            assertFalse(s.ch.isActive());
            assertEquals(1, s.counters.get(Counter.SETUP_FAILED));
            assertEquals(List.of("closed-before-ready"), s.listener.calls);
            assertTrue(s.listener.closeReason.contains("no Open_vSwitch database"), s.listener.closeReason);
        }
    }

    @Test
    void refusedMonitorClosesTheConnection() {
        try (ServerPeer s = new ServerPeer()) {
            s.answer(s.sentOne(), "['Open_vSwitch']");
            JsonNode monitor = s.sentOne();
            s.receive("{'id': " + monitor.get("id") + ", 'result': null, 'error': {'error': 'unknown table',"
                    + " 'details': 'no table named Bridge'}}");
            assertFalse(s.ch.isActive());
            assertEquals(1, s.counters.get(Counter.SETUP_FAILED));
            assertTrue(s.listener.closeReason.contains("unknown table"), s.listener.closeReason);
        }
    }

    @Test
    void serverEchoIsAnsweredWithItsIdAndParamsInEveryState() {
        try (ServerPeer s = new ServerPeer()) {
            s.sent();
            s.receive("{'method': 'echo', 'params': [], 'id': 'echo'}");
            assertEquals(Json.parse("{'id': 'echo', 'result': [], 'error': null}"), s.sentOne());
            s.receive("{'id': 1, 'result': ['Open_vSwitch'], 'error': null}");
            s.sent();
            s.receive("{'method': 'echo', 'params': ['x', 1], 'id': 42}");
            assertEquals(Json.parse("{'id': 42, 'result': ['x', 1], 'error': null}"), s.sentOne());
            assertEquals(2, s.counters.get(Counter.ECHO_ANSWERED));
            assertTrue(s.ch.isActive());
        }
    }

    @Test
    void streamIsSplitIntoMessagesWhereverTheReadsFall() {
        try (ServerPeer s = new ServerPeer()) {
            s.answer(s.sentOne(), "['Open_vSwitch']");
            s.answer(s.sentOne(), "{}");
            // two messages in one read, the second cut inside a string that holds braces and an escaped quote
            String update = "{'method': 'update', 'params': ['skylane', {'Bridge': {'b1': {'new': {'name': 'br}{\\'x',"
                    + " 'datapath_id': '00000000000000a1', 'ports': ['set', []]}}}}], 'id': null}";
            String echo = "\n {'method': 'echo', 'params': ['{'], 'id': 'e'}\r\n";
            byte[] all = (echo + update + echo).replace('\'', '"').replace("\\\"", "\\\"").getBytes(StandardCharsets.UTF_8);
            int cut1 = echo.length() + 40;
            int cut2 = echo.length() + 67;
            s.receiveBytes(java.util.Arrays.copyOfRange(all, 0, cut1));
            s.receiveBytes(java.util.Arrays.copyOfRange(all, cut1, cut2));
            s.receiveBytes(java.util.Arrays.copyOfRange(all, cut2, all.length));
            assertEquals(2, s.sent().size(), "both echoes answered");
            assertEquals(List.of("ready", "changed"), s.listener.calls);
            assertEquals("br}{\"x", s.conn.view().bridges().get("b1").name());
            assertTrue(s.ch.isActive());
        }
    }

    @Test
    void oversizeMessageClosesThatConnectionWithAReason() {
        try (ServerPeer s = new ServerPeer(OvsdbConfig.defaults().withMaxFrameLength(1024))) {
            s.answer(s.sentOne(), "['Open_vSwitch']");
            s.answer(s.sentOne(), ONE_BRIDGE);
            s.receive("{'method': 'echo', 'params': ['" + "x".repeat(2000) + "'], 'id': 'big'}");
            assertFalse(s.ch.isActive());
            assertEquals(1, s.counters.get(Counter.FRAMES_OVERSIZE));
            assertEquals(List.of("ready", "closed"), s.listener.calls);
            assertTrue(s.listener.closeReason.contains("longer than 1024 bytes"), s.listener.closeReason);
            assertEquals(List.of(), s.sent(), "the oversize echo was not answered");
        }
    }

    @Test
    void notJsonOrNotAnObjectClosesTheConnection() {
        for (String garbage : new String[] {"[1, 2]", "hello", "{'method': tru}", "{'neither': 1}"}) {
            try (ServerPeer s = new ServerPeer()) {
                s.sent();
                s.receive(garbage);
                assertFalse(s.ch.isActive(), garbage);
                assertEquals(1, s.counters.get(Counter.FRAMES_MALFORMED), garbage);
                assertEquals(List.of("closed-before-ready"), s.listener.calls);
            }
        }
    }

    @Test
    void updateForAnotherMonitorOrOfTheWrongShapeClosesTheConnection() {
        try (ServerPeer s = new ServerPeer()) {
            s.setUp(ONE_BRIDGE);
            s.receive("{'method': 'update', 'params': ['someone-else', {}], 'id': null}");
            assertFalse(s.ch.isActive());
            assertEquals(1, s.counters.get(Counter.FRAMES_MALFORMED));
        }
        try (ServerPeer s = new ServerPeer()) {
            s.setUp(ONE_BRIDGE);
            s.receive("{'method': 'update', 'params': ['skylane', {'Bridge': {'b1': {'new': {'ports': 7}}}}], 'id': null}");
            assertFalse(s.ch.isActive());
            assertEquals(List.of("ready", "closed"), s.listener.calls);
        }
    }

    @Test
    void transactAnswersErrorsTimeoutsAndClose() throws Exception {
        try (ServerPeer s = new ServerPeer(OvsdbConfig.defaults().withRequestTimeout(Duration.ofSeconds(3)))) {
            s.setUp(ONE_BRIDGE);
            CompletableFuture<JsonNode> ok = s.conn.transact(OvsdbData.JSON.arrayNode().add(Json.parse("{'op': 'comment',"
                    + " 'comment': 'hi'}")));
            JsonNode req = s.sentOne();
            assertEquals("transact", req.get("method").asText());
            assertEquals(Json.parse("['Open_vSwitch', {'op': 'comment', 'comment': 'hi'}]"), req.get("params"));
            s.answer(req, "[{}]");
            assertEquals(Json.parse("[{}]"), ok.get());

            CompletableFuture<JsonNode> bad = s.conn.transact(OvsdbData.JSON.arrayNode());
            s.receive("{'id': " + s.sentOne().get("id") + ", 'result': null, 'error': 'unknown database'}");
            assertEquals("unknown database", assertInstanceOf(OvsdbException.ServerError.class, failure(bad)).error());

            CompletableFuture<JsonNode> late = s.conn.transact(OvsdbData.JSON.arrayNode());
            JsonNode lateReq = s.sentOne();
            s.advance(Duration.ofMillis(3100));
            assertInstanceOf(TimeoutException.class, failure(late));
            assertEquals(1, s.counters.get(Counter.REQUESTS_TIMEOUT));
            s.answer(lateReq, "[]"); // too late: dropped, the connection stays
            assertTrue(s.ch.isActive());

            CompletableFuture<JsonNode> cut = s.conn.transact(OvsdbData.JSON.arrayNode());
            s.sent();
            s.ch.close();
            assertInstanceOf(OvsdbException.Disconnected.class, failure(cut));
            assertInstanceOf(OvsdbException.Disconnected.class, failure(s.conn.transact(OvsdbData.JSON.arrayNode())));
        }
    }

    @Test
    void quietServerGetsEchoesThenIsClosedOnReadTimeout() {
        try (ServerPeer s = new ServerPeer()) {
            s.setUp(ONE_BRIDGE);
            s.advance(Duration.ofMillis(4900));
            assertEquals(List.of(), s.sent());
            s.advance(Duration.ofMillis(200));
            JsonNode echo = s.sentOne();
            assertEquals("echo", echo.get("method").asText());
            assertEquals(1, s.counters.get(Counter.ECHO_SENT));
            s.answer(echo, "['skylane']");
            s.advance(Duration.ofSeconds(14));
            assertTrue(s.ch.isActive());
            s.sent();
            s.advance(Duration.ofSeconds(2));
            assertFalse(s.ch.isActive());
            assertEquals(1, s.counters.get(Counter.READ_TIMEOUT));
            assertTrue(s.listener.closeReason.contains("nothing received"), s.listener.closeReason);
        }
    }

    @Test
    void awaitViewCompletesOnTheUpdateThatSatisfiesItOrTimesOut() throws Exception {
        try (ServerPeer s = new ServerPeer()) {
            s.setUp("{}");
            CompletableFuture<OvsdbView> appears = s.conn.awaitView(v -> !v.datapathIds().isEmpty(), Duration.ofSeconds(5));
            CompletableFuture<OvsdbView> never = s.conn.awaitView(v -> v.systemId().isPresent(), Duration.ofSeconds(1));
            CompletableFuture<OvsdbView> now = s.conn.awaitView(v -> true, Duration.ofSeconds(1));
            assertTrue(now.isDone());
            assertFalse(appears.isDone());
            s.receive("{'method': 'update', 'params': ['skylane', " + ONE_BRIDGE + "], 'id': null}");
            assertEquals(Set.of(DeviceId.of(0xa1)), appears.get().datapathIds());
            assertFalse(never.isDone());
            s.advance(Duration.ofMillis(1100));
            assertInstanceOf(TimeoutException.class, failure(never));
        }
    }

    @Test
    void unknownRequestsAreAnsweredWithAnErrorAndTheConnectionStays() {
        try (ServerPeer s = new ServerPeer()) {
            s.setUp(ONE_BRIDGE);
            s.receive("{'method': 'lock', 'params': ['x'], 'id': 9}");
            assertEquals(Json.parse("{'id': 9, 'result': null, 'error': 'unknown method lock'}"), s.sentOne());
            s.receive("{'method': 'locked', 'params': ['x'], 'id': null}");
            assertEquals(List.of(), s.sent());
            assertTrue(s.ch.isActive());
        }
    }
}
