package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.helloWithBitmap;
import static io.skylane.southbound.OFTestMessages.plainHello;
import static io.skylane.southbound.OFTestMessages.port;
import static io.skylane.southbound.channel.SwitchPeer.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Description;
import io.skylane.southbound.RecordingListener.Disconnected;
import io.skylane.southbound.RecordingListener.PortChanged;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowDelete;
import org.projectfloodlight.openflow.protocol.OFGroupDelete;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.TableId;

class HandshakeTest {

    @Test
    void controllerSendsHelloWithVersionBitmapFirst() {
        try (SwitchPeer sw = new SwitchPeer()) {
            OFHello hello = (OFHello) sw.sentOne();
            assertEquals(OFVersion.OF_13, hello.getVersion());
            OFHelloElemVersionbitmap bitmap = (OFHelloElemVersionbitmap) hello.getElements().get(0);
            assertEquals((1 << 1) | (1 << 4), bitmap.getBitmaps().get(0).getValue());
            assertEquals("WAIT_HELLO", sw.state());
        }
    }

    @Test
    void fullHandshake13() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 1, 4));
            OFMessage featuresRequest = sw.sentOne();
            assertInstanceOf(OFFeaturesRequest.class, featuresRequest);
            assertEquals(OFVersion.OF_13, featuresRequest.getVersion());

            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(0xd1))
                    .setNBuffers(256).setNTables((short) 254).build());
            OFPortDescStatsRequest portDesc = (OFPortDescStatsRequest) sw.sentOne();
            assertEquals("WAIT_PORT_DESC", sw.state());

            // two replies: the first with the MORE flag
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setFlags(SwitchPeer.more())
                    .setEntries(List.of(port(OF13, 1), port(OF13, 2))).build());
            assertEquals("WAIT_PORT_DESC", sw.state());
            assertTrue(sw.listener.events().isEmpty());
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 3))).build());

            assertEquals("READY", sw.state());
            List<OFMessage> atReady = sw.sent();
            assertEquals(List.of(OFType.SET_CONFIG, OFType.SET_ASYNC, OFType.STATS_REQUEST), types(atReady));
            org.projectfloodlight.openflow.protocol.OFAsyncSet async =
                    (org.projectfloodlight.openflow.protocol.OFAsyncSet) atReady.get(1);
            assertEquals(0x7, async.getPacketInMaskEqualMaster(), "no match, action and invalid TTL");
            OFSetConfig config = (OFSetConfig) atReady.get(0);
            assertEquals(0xffff, config.getMissSendLen());
            assertTrue(java.util.Set.of(org.projectfloodlight.openflow.protocol.OFConfigFlags.FRAG_NORMAL)
                    .containsAll(config.getFlags()), "normal fragment handling: " + config.getFlags());
            assertInstanceOf(OFDescStatsRequest.class, atReady.get(2));

            Connected c = sw.listener.of(Connected.class).get(0);
            assertEquals(DeviceId.of(0xd1), c.sw().deviceId());
            assertEquals(ProtocolVersion.OF_13, c.sw().version());
            assertEquals(256, c.description().buffers());
            assertEquals(254, c.description().tables());
            assertEquals(List.of(PortNumber.of(1), PortNumber.of(2), PortNumber.of(3)),
                    c.ports().stream().map(p -> p.number()).toList());
            assertEquals("s1-eth2", c.ports().get(1).name());
            assertEquals(MacAddress.of(0x0a0000000002L), c.ports().get(1).hwAddress());
            assertEquals(10_000_000L, c.ports().get(1).speedKbps());
            assertTrue(c.ports().get(1).isEnabled());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_COMPLETED));
            assertEquals(1, sw.registry.ready());

            // the DESCRIPTION reply comes whenever the switch likes
            sw.receive(OF13.buildDescStatsReply().setXid(atReady.get(2).getXid()).setMfrDesc("Nicira, Inc.")
                    .setHwDesc("Open vSwitch").setSwDesc("3.1.0").setSerialNum("None").setDpDesc("s1").build());
            Description d = sw.listener.of(Description.class).get(0);
            assertEquals("Open vSwitch", d.description().hardware());
            assertEquals("s1", d.description().datapathDescription());
            assertEquals(256, d.description().buffers());
        }
    }

    @Test
    void fullHandshake10() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(plainHello(OF10));
            OFMessage featuresRequest = sw.sentOne();
            assertEquals(OFVersion.OF_10, featuresRequest.getVersion());
            sw.receive(OF10.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(7))
                    .setNBuffers(256).setNTables((short) 1).setPorts(List.of(port(OF10, 1), port(OF10, 2))).build());

            assertEquals("READY", sw.state());
            List<OFMessage> atReady = sw.sent();
            assertEquals(List.of(OFType.SET_CONFIG, OFType.STATS_REQUEST), types(atReady));
            assertTrue(atReady.stream().allMatch(m -> m.getVersion() == OFVersion.OF_10));
            Connected c = sw.listener.of(Connected.class).get(0);
            assertEquals(DeviceId.of(7), c.sw().deviceId());
            assertEquals(ProtocolVersion.OF_10, c.sw().version());
            assertEquals(2, c.ports().size());
            assertEquals(10_000_000L, c.ports().get(0).speedKbps());
        }
    }

    @Test
    void negotiatesHighestCommonVersionFromBitmap() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 1)); // a 1.3 header, but the switch only speaks 1.0
            assertEquals(OFVersion.OF_10, sw.sentOne().getVersion());
        }
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(io.skylane.southbound.OFTestMessages.OF13, 1, 4, 5, 6));
            assertEquals(OFVersion.OF_13, sw.sentOne().getVersion());
        }
    }

    @Test
    void helloWithoutBitmapTakesTheLowerVersion() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(plainHello(org.projectfloodlight.openflow.protocol.OFFactories.getFactory(OFVersion.OF_14)));
            assertEquals(OFVersion.OF_13, sw.sentOne().getVersion());
        }
    }

    @Test
    void noCommonVersionSendsHelloFailedAndCloses() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(plainHello(org.projectfloodlight.openflow.protocol.OFFactories.getFactory(OFVersion.OF_11)));
            OFErrorMsg error = (OFErrorMsg) sw.sentOne();
            assertInstanceOf(OFHelloFailedErrorMsg.class, error);
            assertEquals("INCOMPATIBLE", ((OFHelloFailedErrorMsg) error).getCode().name());
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_FAILED));
            assertTrue(sw.listener.events().isEmpty());
        }
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 5, 6));
            assertInstanceOf(OFHelloFailedErrorMsg.class, sw.sentOne());
            assertFalse(sw.ch.isActive());
        }
    }

    @Test
    void portDescTimeoutGoesOnWithoutPorts() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1))
                    .setNBuffers(0).setNTables((short) 1).build());
            sw.sent();
            sw.advance(Duration.ofMillis(1900));
            assertEquals("WAIT_PORT_DESC", sw.state());
            sw.advance(Duration.ofMillis(200));
            assertEquals("READY", sw.state());
            assertEquals(List.of(), sw.listener.of(Connected.class).get(0).ports());
            assertEquals(1, sw.counter(Counter.PORT_DESC_TIMEOUT));
            assertEquals(List.of(OFType.SET_CONFIG, OFType.SET_ASYNC, OFType.STATS_REQUEST), types(sw.sent()));
        }
    }

    @Test
    void portDescReplyAfterTheTimeoutAddsItsPortsToTheReadySwitch() {
        try (SwitchPeer sw = new SwitchPeer()) {
            OFMessage portDesc = toPortDesc(sw);
            sw.advance(Duration.ofMillis(2100));
            assertEquals("READY", sw.state());
            assertEquals(List.of(), sw.listener.of(Connected.class).get(0).ports());
            sw.sent();
            int waiting = sw.connection().requests().size(); // the late PORT_DESC and the DESCRIPTION

            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setFlags(SwitchPeer.more())
                    .setEntries(List.of(port(OF13, 1))).build());
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 2))).build());
            List<PortChanged> added = sw.listener.of(PortChanged.class);
            assertEquals(List.of(PortChange.ADDED, PortChange.ADDED), added.stream().map(PortChanged::change).toList());
            assertEquals(List.of(PortNumber.of(1), PortNumber.of(2)),
                    added.stream().map(a -> a.port().number()).toList());
            assertEquals(1, sw.counter(Counter.PORT_DESC_LATE));
            assertTrue(sw.ch.isActive());
            assertEquals(waiting - 1, sw.connection().requests().size());
        }
    }

    @Test
    void portDescReplyDuringTheClearBarrierJoinsThePortList() {
        try (SwitchPeer sw = new SwitchPeer(OpenFlowConfig.defaults().withClearTablesOnConnect(true))) {
            OFMessage portDesc = toPortDesc(sw);
            sw.advance(Duration.ofMillis(2100));
            assertEquals("WAIT_CLEAR_BARRIER", sw.state());
            List<OFMessage> clear = sw.sent();

            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 7))).build());
            assertTrue(sw.ch.isActive());
            sw.receive(OF13.buildBarrierReply().setXid(clear.get(clear.size() - 1).getXid()).build());
            assertEquals("READY", sw.state());
            assertEquals(List.of(PortNumber.of(7)), sw.listener.of(Connected.class).get(0).ports().stream()
                    .map(p -> p.number()).toList());
            assertEquals(List.of(), sw.listener.of(PortChanged.class));
        }
    }

    @Test
    void portDescReplyAfterTheRequestTimeoutIsIgnored() {
        try (SwitchPeer sw = new SwitchPeer()) {
            OFMessage portDesc = toPortDesc(sw);
            sw.advance(Duration.ofMillis(2100));
            sw.advance(OpenFlowConfig.defaults().requestTimeout());
            assertEquals(0, sw.connection().requests().size()); // the DESCRIPTION request timed out too
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 1))).build());
            assertEquals(List.of(), sw.listener.of(PortChanged.class));
            assertEquals(0, sw.counter(Counter.PORT_DESC_LATE));
            assertTrue(sw.ch.isActive());
        }
    }

    /** HELLO and FEATURES done: returns the PORT_DESC request the controller sent. */
    private static OFMessage toPortDesc(SwitchPeer sw) {
        sw.sent();
        sw.receive(helloWithBitmap(OF13, 4));
        OFMessage featuresRequest = sw.sentOne();
        sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1))
                .setNBuffers(0).setNTables((short) 1).build());
        OFMessage portDesc = sw.sentOne();
        assertInstanceOf(OFPortDescStatsRequest.class, portDesc);
        return portDesc;
    }

    @Test
    void portDescErrorGoesOnWithoutPorts() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = sw.sentOne();
            sw.receive(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(portDesc.getXid())
                    .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_STAT).build());
            assertEquals("READY", sw.state());
            assertTrue(sw.ch.isActive());
        }
    }

    @Test
    void clearsTablesBeforeReadyWhenConfigured() {
        try (SwitchPeer sw = new SwitchPeer(OpenFlowConfig.defaults().withClearTablesOnConnect(true))) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = sw.sentOne();
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 1))).build());

            List<OFMessage> clear = sw.sent();
            assertEquals(List.of(OFType.FLOW_MOD, OFType.GROUP_MOD, OFType.BARRIER_REQUEST), types(clear));
            OFFlowDelete delete = (OFFlowDelete) clear.get(0);
            assertEquals(TableId.ALL, delete.getTableId());
            assertEquals(OFGroup.ALL, ((OFGroupDelete) clear.get(1)).getGroup());
            assertEquals("WAIT_CLEAR_BARRIER", sw.state());
            assertTrue(sw.listener.events().isEmpty());

            // a port goes down meanwhile: the core gets the newer state
            sw.receive(OF13.buildPortStatus().setReason(org.projectfloodlight.openflow.protocol.OFPortReason.MODIFY)
                    .setDesc(port(OF13, 1, java.util.Set.of(),
                            java.util.Set.of(org.projectfloodlight.openflow.protocol.OFPortState.LINK_DOWN))).build());
            sw.receive(OF13.buildBarrierReply().setXid(clear.get(2).getXid()).build());
            assertEquals("READY", sw.state());
            assertFalse(sw.listener.of(Connected.class).get(0).ports().get(0).linkUp());
        }
    }

    @Test
    void clearBarrierTimeoutStillGetsReady() {
        try (SwitchPeer sw = new SwitchPeer(OpenFlowConfig.defaults().withClearTablesOnConnect(true))) {
            sw.sent();
            sw.receive(plainHello(OF10));
            OFMessage featuresRequest = sw.sentOne();
            sw.receive(OF10.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            assertEquals(List.of(OFType.FLOW_MOD, OFType.BARRIER_REQUEST), types(sw.sent()));
            sw.advance(Duration.ofMillis(1900));
            assertEquals("WAIT_CLEAR_BARRIER", sw.state());
            sw.advance(Duration.ofMillis(100));
            assertEquals("READY", sw.state());
        }
    }

    @Test
    void handshakeTimeoutClosesSilentSwitch() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            sw.sent();
            sw.advance(Duration.ofSeconds(4)); // keeps reading something so that read timeout is not the cause
            sw.receive(OF13.echoRequest(new byte[0]));
            sw.advance(Duration.ofSeconds(4));
            sw.receive(OF13.echoRequest(new byte[0]));
            assertTrue(sw.ch.isActive());
            sw.advance(Duration.ofSeconds(2));
            assertFalse(sw.ch.isActive());
            assertEquals(1, sw.counter(Counter.HANDSHAKE_TIMEOUT));
            assertTrue(sw.listener.events().isEmpty(), "switchDisconnected only for switches that were ready");
        }
    }

    @Test
    void handshakeTimeoutLeavesASwitchInSetUpToSetUpsOwnTimers() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.sent();
            sw.receive(helloWithBitmap(OF13, 4));
            OFMessage featuresRequest = sw.sentOne();
            sw.advance(Duration.ofMillis(9500)); // a connection storm: the reply is read late
            sw.receive(OF13.buildFeaturesReply().setXid(featuresRequest.getXid()).setDatapathId(DatapathId.of(1)).build());
            OFMessage portDesc = SwitchPeer.statsRequest(sw.sent()); // and the echo of an idle connection
            sw.advance(Duration.ofMillis(1000));
            assertTrue(sw.ch.isActive(), "past the handshake timeout, but FEATURES was answered");
            assertEquals("WAIT_PORT_DESC", sw.state());
            sw.receive(OF13.buildPortDescStatsReply().setXid(portDesc.getXid()).setEntries(List.of(port(OF13, 1))).build());
            assertEquals("READY", sw.state());
            assertEquals(0, sw.counter(Counter.HANDSHAKE_TIMEOUT));
        }
    }

    @Test
    void handshakeTimeoutDoesNotFireOnceReady() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            for (int i = 0; i < 6; i++) {
                sw.advance(Duration.ofSeconds(4));
                sw.receive(OF13.echoRequest(new byte[0]));
            }
            assertTrue(sw.ch.isActive());
            assertEquals(0, sw.counter(Counter.HANDSHAKE_TIMEOUT));
        }
    }

    @Test
    void disconnectOfReadySwitchIsReportedWithReason() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1, port(OF13, 1));
            Connected c = sw.listener.of(Connected.class).get(0);
            c.sw().disconnect("operator asked");
            assertFalse(sw.ch.isActive());
            assertFalse(c.sw().isConnected());
            Disconnected d = sw.listener.of(Disconnected.class).get(0);
            assertEquals("operator asked", d.reason());
            assertEquals(c.sw(), d.sw());
            assertEquals(0, sw.registry.ready());
        }
    }

    @Test
    void switchClosingItsEndIsReported() {
        try (SwitchPeer sw = new SwitchPeer()) {
            sw.handshake13(1);
            sw.ch.close();
            assertEquals("connection closed by the switch", sw.listener.of(Disconnected.class).get(0).reason());
        }
    }
}
