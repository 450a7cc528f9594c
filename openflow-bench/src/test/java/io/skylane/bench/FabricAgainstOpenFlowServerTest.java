package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.OpenFlowServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Fabric mode against Skylane's real OpenFlow listener and a controller in miniature that discovers
 * links as Skylane's discovery does: a probe out of every port when a switch connects and when a
 * port comes up, the reverse of a new link probed at once, links of a port that goes down dropped;
 * its REST API answers {@code /v1/topology} and {@code /v1/links}.
 */
class FabricAgainstOpenFlowServerTest {

    /** LLDP's ether type, so the frames look like what discovery sends. */
    private static final int LLDP = 0x88cc;

    /** The miniature controller: probes, the links they found, and what arrived. */
    static final class MiniDiscovery implements SouthboundListener {
        final Map<DeviceId, SwitchHandle> connected = new ConcurrentHashMap<>();
        final Set<String> links = ConcurrentHashMap.newKeySet();
        /** Every link ever found (the switches disconnect at the end of a run, and their links go). */
        final Set<String> found = ConcurrentHashMap.newKeySet();
        final List<InboundPacket> probesIn = new CopyOnWriteArrayList<>();
        /** False: never probes, so never finds a link. */
        private final boolean probes;

        MiniDiscovery(boolean probes) {
            this.probes = probes;
        }

        static byte[] probe(DeviceId from, PortNumber port) {
            ByteBuffer b = ByteBuffer.allocate(60);
            b.put(new byte[] {1, (byte) 0x80, (byte) 0xc2, 0, 0, 0x0e, 2, 0, 0, 0, 0, 1}).putShort((short) LLDP);
            b.putLong(from.dpid()).putInt((int) port.value());
            return b.array();
        }

        void send(SwitchHandle sw, PortNumber port) {
            if (!probes) {
                return;
            }
            sw.packetOut(OutboundPacket.of(sw.deviceId(), List.of(Action.output(port)), probe(sw.deviceId(), port)));
        }

        static String link(DeviceId a, long pa, DeviceId b, long pb) {
            return String.format("%016x/%d>%016x/%d", a.dpid(), pa, b.dpid(), pb);
        }

        @Override
        public void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
            connected.put(sw.deviceId(), sw);
            ports.forEach(p -> send(sw, p.number()));
        }

        @Override
        public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        }

        @Override
        public void switchDisconnected(SwitchHandle sw, String reason) {
            connected.remove(sw.deviceId(), sw);
            String id = String.format("%016x/", sw.deviceId().dpid());
            links.removeIf(l -> l.startsWith(id) || l.contains(">" + id));
        }

        @Override
        public void portChanged(SwitchHandle sw, PortChange change, Port port) {
            if (port.isEnabled()) {
                send(sw, port.number());
            } else {
                String end = String.format("%016x/%d", sw.deviceId().dpid(), port.number().value());
                links.removeIf(l -> l.startsWith(end + ">") || l.endsWith(">" + end));
            }
        }

        @Override
        public void packetIn(SwitchHandle sw, InboundPacket p) {
            if (p.ethernet().etherType() != LLDP) {
                return;
            }
            probesIn.add(p);
            ByteBuffer b = ByteBuffer.wrap(p.data(), 14, 12);
            DeviceId from = DeviceId.of(b.getLong());
            long fromPort = b.getInt();
            String link = link(from, fromPort, sw.deviceId(), p.inPort().value());
            found.add(link);
            if (links.add(link) && !links.contains(link(sw.deviceId(), p.inPort().value(), from, fromPort))) {
                send(sw, p.inPort());
            }
        }

        @Override
        public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
        }

        @Override
        public void errorReceived(SwitchHandle sw, SwitchError error) {
        }

        void handle(HttpExchange x) throws IOException {
            String body;
            if (x.getRequestURI().getPath().equals("/v1/topology")) {
                ObjectNode n = BenchJson.MAPPER.createObjectNode();
                n.put("devices", connected.size()).put("links", links.size());
                body = n.toString();
            } else {
                ArrayNode a = BenchJson.MAPPER.createArrayNode();
                for (String l : links) {
                    String[] ends = l.split(">");
                    ObjectNode o = a.addObject();
                    o.putObject("src").put("device", ends[0].split("/")[0]).put("port", Long.parseLong(ends[0].split("/")[1]));
                    o.putObject("dst").put("device", ends[1].split("/")[0]).put("port", Long.parseLong(ends[1].split("/")[1]));
                }
                body = a.toString();
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        }
    }

    @Test
    void theControllerFindsEveryCableOfTheFatTreeAndSeesACutOne() throws Exception {
        MiniDiscovery d = new MiniDiscovery(true);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/topology", d::handle);
        http.createContext("/v1/links", d::handle);
        http.start();
        try (OpenFlowServer s = new OpenFlowServer(OpenFlowConfig.defaults().withBindAddress("127.0.0.1").withPorts(0)
                .withIoThreads(1), d)) {
            s.start();
            BenchResult r = EmulatorAgainstSinkTest.run(BenchConfig.builder().mode(BenchMode.FABRIC).fatTreeK(4)
                    .port(s.boundAddresses().get(0).getPort()).connectTimeoutMs(10_000)
                    .api(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).build());
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertTrue(r.summaryLine().startsWith("RESULT mode=fabric of=1.3 switches=20 k=4 cables=32 links=64 "
                    + "all_ready_ms="), r.summaryLine());
            for (String key : List.of("all_ready_ms", "links_ms", "link_down_ms", "link_up_ms")) {
                assertTrue(EmulatorAgainstSinkTest.num(r, key) > 0, key + " in " + r.summaryLine());
            }
            // every cable was found both ways, and nothing else: no frame left by a wrong port
            assertEquals(new FatTreeFabric(4, 0).links(), new TreeSet<>(d.found));
            assertTrue(EmulatorAgainstSinkTest.num(r, "frames_carried") >= 64);
            assertTrue(EmulatorAgainstSinkTest.num(r, "frames_lost") >= 1, "the edge switches' host ports lead nowhere");
        } finally {
            http.stop(0);
        }
        // each arrived as Open vSwitch sends what an output-to-controller rule caught, at the cabled port
        FatTreeFabric f = new FatTreeFabric(4, 0);
        for (InboundPacket p : d.probesIn) {
            assertEquals(InboundPacket.Reason.ACTION, p.reason());
            assertFalse(p.bufferId().isPresent());
            assertEquals(0, p.tableId());
            assertEquals(60, p.data().length);
        }
        int edge = f.edgeIndex(1, 1);
        assertTrue(d.probesIn.stream().anyMatch(p -> p.deviceId().dpid() == f.dpid(f.aggIndex(1, 0))
                && p.inPort().value() == 2 && ByteBuffer.wrap(p.data(), 14, 8).getLong() == f.dpid(edge)),
                "edge 1 of pod 1, port 3, is cabled to aggregation switch 0 of pod 1, port 2");
    }

    @Test
    void aControllerThatMissesLinksFailsTheRun() throws Exception {
        MiniDiscovery blind = new MiniDiscovery(false);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/v1/topology", blind::handle);
        http.createContext("/v1/links", blind::handle);
        http.start();
        try (OpenFlowServer s = new OpenFlowServer(OpenFlowConfig.defaults().withBindAddress("127.0.0.1").withPorts(0)
                .withIoThreads(1), blind)) {
            s.start();
            BenchResult r = EmulatorAgainstSinkTest.run(BenchConfig.builder().mode(BenchMode.FABRIC).fatTreeK(2)
                    .port(s.boundAddresses().get(0).getPort()).connectTimeoutMs(1000)
                    .api(URI.create("http://127.0.0.1:" + http.getAddress().getPort())).build());
            assertEquals(BenchResult.Outcome.VERIFICATION_FAILED, r.outcome());
            assertTrue(r.message().contains("did not have every link within 1000 ms (0 of 8 links"), r.message());
            assertTrue(r.summaryLine().contains(" links_ms=na "), r.summaryLine());
        } finally {
            http.stop(0);
        }
    }
}
