package io.skylane.bench;

import static io.skylane.bench.TestMessages.OF10;
import static io.skylane.bench.TestMessages.OF13;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGetConfigReply;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** One emulated switch against a controller played message by message. */
class EmulatedSwitchProtocolTest {

    private static BenchConfigBuilder one(ScriptedController ctl) {
        return BenchConfig.builder().port(ctl.port()).switches(1).dpidBase(0xd1).echoIntervalMs(200);
    }

    private static EmulatedSwitch connect(SwitchFleet fleet, ScriptedController ctl, OFFactory f) throws Exception {
        fleet.connectAll(e -> { });
        ctl.accept();
        List<OFMessage> got = ctl.handshake(f);
        EmulatedSwitch sw = fleet.switches().get(0);
        sw.ready().get(5, TimeUnit.SECONDS);
        assertEquals(f.getVersion(), got.get(1).getVersion());
        return sw;
    }

    private static Match ipDst(OFFactory f, String ip) {
        return f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of(ip)).build();
    }

    @Test
    void handshake13AndEveryReply() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).mode(BenchMode.FLOWS).api(URI.create("http://x"))
                     .priority(77).buffers(0).build())) {
            fleet.connectAll(e -> { });
            ctl.accept();
            List<OFMessage> got = ctl.handshake(OF13);
            OFHello hello = (OFHello) got.get(0);
            assertEquals(OFVersion.OF_13, hello.getVersion());
            assertEquals(1L << 4, ((OFHelloElemVersionbitmap) hello.getElements().get(0)).getBitmaps().get(0).getValue());
            OFFeaturesReply features = assertInstanceOf(OFFeaturesReply.class, got.get(1));
            assertEquals(11, features.getXid());
            assertEquals(0xd1, features.getDatapathId().getLong());
            assertEquals(0, features.getNBuffers());
            assertEquals(254, features.getNTables());
            OFPortDescStatsReply ports = assertInstanceOf(OFPortDescStatsReply.class, got.get(2));
            assertEquals(4, ports.getEntries().size());
            assertEquals("s1-eth1", ports.getEntries().get(0).getName());
            EmulatedSwitch sw = fleet.switches().get(0);
            sw.ready().get(5, TimeUnit.SECONDS);

            ctl.send(OF13.buildDescStatsRequest().setXid(20).build());
            assertEquals(SwitchReplies.MANUFACTURER, ctl.read(OFDescStatsReply.class).getMfrDesc());
            ctl.send(OF13.buildGetConfigRequest().setXid(21).build());
            assertEquals(0xffff, ctl.read(OFGetConfigReply.class).getMissSendLen());
            ctl.send(OF13.buildRoleRequest().setXid(22).setRole(OFControllerRole.ROLE_MASTER)
                    .setGenerationId(U64.of(7)).build());
            OFRoleReply role = ctl.read(OFRoleReply.class);
            assertEquals(OFControllerRole.ROLE_MASTER, role.getRole());
            assertEquals(7, role.getGenerationId().getValue());
            ctl.send(OF13.buildEchoRequest().setXid(23).setData(new byte[] {1, 2, 3}).build());
            OFEchoReply echo = ctl.read(OFEchoReply.class);
            assertEquals(23, echo.getXid());
            assertArrayEquals(new byte[] {1, 2, 3}, echo.getData());

            // flow table: two adds, one strict delete, then a barrier; flow stats show what is left
            ctl.send(OF13.buildFlowAdd().setXid(30).setPriority(77).setTableId(TableId.of(0))
                            .setMatch(ipDst(OF13, "10.0.0.1")).build(),
                    OF13.buildFlowAdd().setXid(31).setPriority(77).setTableId(TableId.of(0))
                            .setMatch(ipDst(OF13, "10.0.0.2")).build(),
                    OF13.buildFlowDeleteStrict().setXid(32).setPriority(77).setTableId(TableId.of(0))
                            .setMatch(ipDst(OF13, "10.0.0.1")).build(),
                    OF13.buildBarrierRequest().setXid(33).build());
            assertEquals(33, ctl.read(OFBarrierReply.class).getXid());
            ctl.send(OF13.buildFlowStatsRequest().setXid(34).setTableId(TableId.ALL).build());
            OFFlowStatsReply flows = ctl.read(OFFlowStatsReply.class);
            assertEquals(1, flows.getEntries().size());
            assertEquals(ipDst(OF13, "10.0.0.2"), flows.getEntries().get(0).getMatch());
            SwitchSnapshot s = fleet.snapshot().get(0);
            assertEquals(2, s.watchedAddsConfirmed());
            assertEquals(1, s.watchedFlows());
            assertEquals(1, s.get(Metric.FLOW_DELETES));
            assertEquals(1, s.get(Metric.BARRIERS));

            ctl.send(OF13.buildGroupDescStatsRequest().setXid(35).build());
            assertTrue(ctl.read(OFGroupDescStatsReply.class).getEntries().isEmpty());
            ctl.send(OF13.buildTableFeaturesStatsRequest().setXid(36).build());
            assertEquals(36, ctl.read(OFErrorMsg.class).getXid());
            ctl.send(OF13.buildFlowDelete().setXid(37).setTableId(TableId.ALL).build());
            ctl.send(OF13.buildBarrierRequest().setXid(38).build());
            assertEquals(38, ctl.read(OFBarrierReply.class).getXid());
            assertEquals(0, fleet.snapshot().get(0).flows(), "delete-all empties the table");

            // the switch sends echoes by itself
            assertEquals(OFType.ECHO_REQUEST, ctl.readType(OFType.ECHO_REQUEST).getType());
        }
    }

    @Test
    void handshake10WithPortsInFeatures() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).openflow("1.0").ports(3).build())) {
            fleet.connectAll(e -> { });
            ctl.accept();
            List<OFMessage> got = ctl.handshake(OF10);
            assertEquals(OFVersion.OF_10, got.get(0).getVersion());
            assertEquals(8, TestMessages.bytes(got.get(0)).length, "plain 1.0 HELLO");
            OFFeaturesReply features = (OFFeaturesReply) got.get(1);
            assertEquals(OFVersion.OF_10, features.getVersion());
            assertEquals(256, features.getNBuffers());
            assertEquals(3, features.getPorts().size());
            fleet.switches().get(0).ready().get(5, TimeUnit.SECONDS);
            ctl.send(OF10.buildFlowStatsRequest().setXid(5).setMatch(OF10.buildMatch().build())
                    .setOutPort(OFPort.ANY).setTableId(TableId.ALL).build());
            assertTrue(ctl.read(OFFlowStatsReply.class).getEntries().isEmpty(), "counting mode records nothing");
        }
    }

    @Test
    void aPlain10HelloFromTheControllerIsAccepted() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).openflow("1.0").build())) {
            fleet.connectAll(e -> { });
            ctl.accept();
            ctl.read(OFHello.class);
            ctl.send(TestMessages.plainHello(OF10), OF10.buildFeaturesRequest().setXid(3).build());
            assertEquals(3, ctl.read(OFFeaturesReply.class).getXid());
            ctl.send(OF10.buildSetConfig().setXid(4).setMissSendLen(128).build());
            fleet.switches().get(0).ready().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void noStatsIgnoresStatisticsButStillDescribesItself() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).answerStats(false).echoIntervalMs(60_000).build())) {
            connect(fleet, ctl, OF13);
            ctl.send(OF13.buildFlowStatsRequest().setXid(5).setTableId(TableId.ALL).build());
            assertTrue(ctl.silentFor(300));
            ctl.send(OF13.buildDescStatsRequest().setXid(6).build());
            assertEquals(6, ctl.read(OFDescStatsReply.class).getXid());
            assertEquals(1, fleet.snapshot().get(0).get(Metric.STATS_IGNORED));
        }
    }

    @Test
    void aControllerWithoutOurVersionFailsTheHandshakeWithAClearReason() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).build())) {
            fleet.connectAll(e -> { });
            ctl.accept();
            ctl.read(OFHello.class);
            ctl.send(TestMessages.helloWithBitmap(OF13, 1));
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> fleet.switches().get(0).ready().get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("does not speak OpenFlow 1.3"), e.getCause().getMessage());
        }
    }

    @Test
    void latencyModeKeepsExactlyOnePacketInOutstanding() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).mode(BenchMode.LATENCY).macs(2).echoIntervalMs(60_000)
                     .build())) {
            connect(fleet, ctl, OF13);
            fleet.runOnEach(EmulatedSwitch::startTraffic, 5000);
            Set<Integer> buffers = new HashSet<>();
            byte[][] sources = new byte[3][];
            for (int i = 0; i < 3; i++) {
                OFPacketIn pi = ctl.read(OFPacketIn.class);
                assertTrue(ctl.silentFor(200), "a second PACKET_IN while the first is unanswered");
                assertTrue(buffers.add(pi.getBufferId().getInt()), "buffer ids are unique");
                assertEquals(OFPort.of(1), pi.getMatch().get(MatchField.IN_PORT));
                sources[i] = java.util.Arrays.copyOfRange(pi.getData(), 6, 12);
                ctl.send(OF13.buildPacketOut().setXid(100 + i).setBufferId(pi.getBufferId())
                        .setInPort(OFPort.CONTROLLER).setActions(List.of(OF13.actions().output(OFPort.of(2), 0)))
                        .build());
            }
            assertFalse(java.util.Arrays.equals(sources[0], sources[1]));
            assertArrayEquals(sources[0], sources[2], "two MACs cycle");
            ctl.read(OFPacketIn.class);
            SwitchSnapshot s = fleet.snapshot().get(0);
            assertEquals(3, s.get(Metric.ANSWERED));
            assertEquals(4, s.get(Metric.PACKET_INS));
        }
    }

    @Test
    void closingAtTheEndOfARunNeverCutsAMessageInHalf() throws Exception {
        // 256 K packet-ins (28 MB) is more than the kernel buffers hold (16 MB here): Netty keeps the rest
        try (ScriptedController ctl = new ScriptedController(8192)) {
            SwitchFleet fleet = new SwitchFleet(one(ctl).mode(BenchMode.THROUGHPUT).window(1 << 18)
                    .echoIntervalMs(60_000).build());
            connect(fleet, ctl, OF13);
            fleet.runOnEach(EmulatedSwitch::startTraffic, 5000);
            Thread.sleep(300); // the controller reads nothing: socket buffers fill, Netty queues the rest
            java.util.concurrent.CompletableFuture<Void> closing = java.util.concurrent.CompletableFuture
                    .runAsync(fleet::close);
            long frames = ctl.drainToEof();
            closing.get(10, TimeUnit.SECONDS);
            assertTrue(frames > 1000, "the queued packet-ins were delivered before the close: " + frames);
        }
    }

    @Test
    void throughputWindowAndNoBufferPacketInsCarryTheFrame() throws Exception {
        try (ScriptedController ctl = new ScriptedController();
             SwitchFleet fleet = new SwitchFleet(one(ctl).mode(BenchMode.THROUGHPUT).window(5).buffers(0)
                     .echoIntervalMs(60_000).build())) {
            connect(fleet, ctl, OF13);
            fleet.runOnEach(EmulatedSwitch::startTraffic, 5000);
            OFPacketIn[] first = new OFPacketIn[5];
            for (int i = 0; i < 5; i++) {
                first[i] = ctl.read(OFPacketIn.class);
                assertEquals(OFBufferId.NO_BUFFER, first[i].getBufferId());
                assertEquals(TestFrames.LENGTH, first[i].getData().length);
                assertEquals(TestFrames.LENGTH, first[i].getTotalLen());
            }
            assertTrue(ctl.silentFor(200), "window of 5");
            // answer two by packet-out carrying the frame; a FLOW_MOD without buffer answers nothing
            ctl.send(OF13.buildFlowAdd().setXid(1).setBufferId(OFBufferId.NO_BUFFER).setPriority(5).build());
            for (int i = 0; i < 2; i++) {
                ctl.send(OF13.buildPacketOut().setXid(200 + i).setBufferId(OFBufferId.NO_BUFFER)
                        .setInPort(OFPort.CONTROLLER).setActions(List.of(OF13.actions().output(OFPort.of(2), 0)))
                        .setData(first[i].getData()).build());
            }
            OFPacketIn next = ctl.read(OFPacketIn.class);
            ctl.read(OFPacketIn.class);
            assertTrue(ctl.silentFor(200), "exactly two more");
            assertNotEquals(java.util.Arrays.toString(first[0].getData()), java.util.Arrays.toString(next.getData()));
            // the same frame again is a duplicate, a foreign frame answers nothing
            ctl.send(OF13.buildPacketOut().setXid(300).setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                    .setActions(List.of()).setData(first[0].getData()).build());
            ctl.send(OF13.buildPacketOut().setXid(301).setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                    .setActions(List.of()).setData(new byte[60]).build());
            ctl.send(OF13.buildBarrierRequest().setXid(302).build());
            ctl.readType(OFType.BARRIER_REPLY);
            SwitchSnapshot s = fleet.snapshot().get(0);
            assertEquals(2, s.get(Metric.ANSWERED));
            assertEquals(2, s.get(Metric.ANSWERED_BY_PACKET_OUT));
            assertEquals(1, s.get(Metric.DUPLICATE_ANSWERS));
            assertEquals(1, s.get(Metric.FOREIGN_PACKET_OUTS));
            assertEquals(1, s.get(Metric.FLOW_ADDS));
            assertEquals(5, s.waiting());
        }
    }
}
