package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.Ip4Prefix;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.OpenFlowServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The load generator against Skylane's real OpenFlow listener. */
class EmulatorAgainstOpenFlowServerTest {

    private static final AppId APP = AppId.of(10, "bench-test");
    private static final AppId REST_APP = AppId.of(20, "rest");

    /** Answers packet-ins the way the learning switch does once it knows the destination. */
    static final class Forwarder implements SouthboundListener {
        final Map<DeviceId, SwitchHandle> connected = new ConcurrentHashMap<>();

        @Override
        public void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
            connected.put(sw.deviceId(), sw);
        }

        @Override
        public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        }

        @Override
        public void switchDisconnected(SwitchHandle sw, String reason) {
            connected.remove(sw.deviceId(), sw);
        }

        @Override
        public void portChanged(SwitchHandle sw, PortChange change, Port port) {
        }

        @Override
        public void packetIn(SwitchHandle sw, InboundPacket p) {
            if (p.ethernet().etherType() == 0x0806) {
                sw.packetOut(OutboundPacket.forward(p, List.of(Action.output(PortNumber.FLOOD))));
                return;
            }
            FlowRule rule = FlowRule.builder().device(sw.deviceId()).table(0).priority(10)
                    .match(Match.builder().add(Criterion.inPort(p.inPort())).add(Criterion.ethSrc(p.ethernet().source()))
                            .add(Criterion.ethDst(p.ethernet().destination())).build())
                    .apply(Action.output(PortNumber.of(2))).app(APP).idleTimeout(30).build();
            sw.sendTransientFlow(rule, p.bufferId());
            if (p.bufferId().isEmpty()) {
                sw.packetOut(OutboundPacket.forward(p, List.of(Action.output(PortNumber.of(2)))));
            }
        }

        @Override
        public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
        }

        @Override
        public void errorReceived(SwitchHandle sw, SwitchError error) {
        }
    }

    private static OpenFlowServer server(Forwarder f) {
        OpenFlowServer s = new OpenFlowServer(OpenFlowConfig.defaults().withBindAddress("127.0.0.1").withPorts(0)
                .withIoThreads(1), f);
        s.start();
        return s;
    }

    private static int port(OpenFlowServer s) {
        return s.boundAddresses().get(0).getPort();
    }

    @Test
    void throughputAgainstSkylaneBufferedAndNot() {
        Forwarder f = new Forwarder();
        try (OpenFlowServer s = server(f)) {
            for (String of : List.of("1.3", "1.0")) {
                BenchResult r = EmulatorAgainstSinkTest.run(EmulatorAgainstSinkTest.quick(port(s))
                        .mode(BenchMode.THROUGHPUT).openflow(of).window(32).build());
                assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
                double answered = EmulatorAgainstSinkTest.num(r, "answered/s");
                assertTrue(answered > 100, r.summaryLine());
                assertEquals(answered, EmulatorAgainstSinkTest.num(r, "flow_mod/s"), answered * 0.02,
                        "buffered: each packet answered by its FLOW_MOD");
                assertEquals(0, EmulatorAgainstSinkTest.num(r, "unknown"));
            }
            BenchResult r = EmulatorAgainstSinkTest.run(EmulatorAgainstSinkTest.quick(port(s))
                    .mode(BenchMode.THROUGHPUT).buffers(0).window(32).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            double answered = EmulatorAgainstSinkTest.num(r, "answered/s");
            assertEquals(answered, EmulatorAgainstSinkTest.num(r, "packet_out/s"), answered * 0.02,
                    "not buffered: FLOW_MOD + PACKET_OUT, scored once by the PACKET_OUT");
            assertEquals(0, EmulatorAgainstSinkTest.num(r, "duplicates"));
        }
    }

    @Test
    void stormAgainstSkylane() {
        Forwarder f = new Forwarder();
        try (OpenFlowServer s = server(f)) {
            BenchResult r = EmulatorAgainstSinkTest.run(EmulatorAgainstSinkTest.quick(port(s)).mode(BenchMode.STORM)
                    .switches(100).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertTrue(EmulatorAgainstSinkTest.num(r, "all_ready_ms") > 0);
        }
    }

    @Test
    void flowProgrammingThroughTheRestContract() throws Exception {
        Forwarder f = new Forwarder();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        FakeFlowsApi api = new FakeFlowsApi(f);
        http.createContext("/v1/devices", api::handle);
        http.start();
        try (OpenFlowServer s = server(f)) {
            BenchResult r = EmulatorAgainstSinkTest.run(EmulatorAgainstSinkTest.quick(port(s)).mode(BenchMode.FLOWS)
                    .switches(3).rules(200).priority(321)
                    .api(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertEquals("3/3", r.summary().get("verified"));
            assertEquals("3/3", r.summary().get("deleted_verified"));
            assertTrue(EmulatorAgainstSinkTest.num(r, "rules/s") > 0);
            assertTrue(r.summaryLine().startsWith("RESULT mode=flows of=1.3 switches=3 rules=200 rules/s="));
        } finally {
            http.stop(0);
            ((java.util.concurrent.ExecutorService) http.getExecutor()).shutdownNow();
        }
        // a controller that confirms rules the switch never got is caught
        api.dropRules = true;
        HttpServer lying = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lying.createContext("/v1/devices", api::handle);
        lying.start();
        try (OpenFlowServer s = server(f)) {
            BenchResult r = EmulatorAgainstSinkTest.run(EmulatorAgainstSinkTest.quick(port(s)).mode(BenchMode.FLOWS)
                    .switches(2).rules(10).api(URI.create("http://127.0.0.1:" + lying.getAddress().getPort()))
                    .build());
            assertEquals(BenchResult.Outcome.VERIFICATION_FAILED, r.outcome());
            assertEquals(5, r.exitCode());
            assertTrue(r.message().contains("holds 0 rules at priority 1000 (expected 10)"), r.message());
        } finally {
            lying.stop(0);
        }
    }

    /** The REST contract of flows mode, in miniature: GET devices, PUT/DELETE a device's static rules. */
    static final class FakeFlowsApi {
        private final Forwarder f;
        private final Map<DeviceId, List<FlowRule>> rules = new ConcurrentHashMap<>();
        volatile boolean dropRules;

        FakeFlowsApi(Forwarder f) {
            this.f = f;
        }

        void handle(HttpExchange x) throws IOException {
            try {
                String[] path = x.getRequestURI().getPath().split("/");
                if (path.length == 3 && x.getRequestMethod().equals("GET")) {
                    ArrayNode devices = BenchJson.MAPPER.createArrayNode();
                    f.connected.keySet().forEach(d -> devices.addObject().put("id", d.toString())
                            .put("connected", true));
                    reply(x, 200, devices.toString());
                    return;
                }
                DeviceId id = DeviceId.parse(path[3]);
                SwitchHandle h = f.connected.get(id);
                if (h == null) {
                    reply(x, 202, "{}");
                    return;
                }
                List<SwitchOp> ops = new ArrayList<>();
                rules.getOrDefault(id, List.of()).forEach(r -> ops.add(SwitchOp.delete(r)));
                List<FlowRule> now = new ArrayList<>();
                if (x.getRequestMethod().equals("PUT")) {
                    JsonNode body = BenchJson.read(new String(x.getRequestBody().readAllBytes(),
                            StandardCharsets.UTF_8));
                    for (JsonNode m : body.get("flows")) {
                        now.add(FlowRule.builder().device(id).table(0).priority(m.get("priority").intValue())
                                .match(Match.builder().add(Criterion.ethType(0x800)).add(Criterion.ipv4Dst(
                                        Ip4Prefix.of(Ip4Address.parse(m.get("match").get("ipv4_dst").textValue()), 32)))
                                        .build())
                                .apply(Action.output(PortNumber.of(1))).app(REST_APP).build());
                    }
                    if (!dropRules) {
                        now.forEach(r -> ops.add(SwitchOp.add(r)));
                    }
                }
                rules.put(id, now);
                h.apply(ops).get(10, TimeUnit.SECONDS);
                reply(x, x.getRequestMethod().equals("PUT") ? 201 : 200, "{}");
            } catch (Exception e) {
                reply(x, 500, "{\"error\":\"" + e + "\"}");
            }
        }

        private static void reply(HttpExchange x, int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        }
    }
}
