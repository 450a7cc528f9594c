package io.skylane.southbound.channel;

import static io.skylane.southbound.OFTestMessages.OF10;
import static io.skylane.southbound.OFTestMessages.OF13;
import static io.skylane.southbound.OFTestMessages.port;
import static io.skylane.southbound.channel.SwitchPeer.types;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.PortStatistics;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.RecordingListener.Connected;
import io.skylane.southbound.RecordingListener.Error;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowModifyStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupAdd;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

class SwitchHandleTest {

    static final DeviceId DPID = DeviceId.of(0xd1);
    static final AppId APP = AppId.of(7, "test");

    static FlowRule rule(int priority, int inPort) {
        return FlowRule.builder().device(DPID).table(0).priority(priority).app(APP)
                .match(Match.builder().add(Criterion.inPort(PortNumber.of(inPort))).build())
                .apply(Action.output(PortNumber.of(2))).build();
    }

    static SwitchHandle ready13(SwitchPeer sw) {
        sw.handshake13(0xd1, port(OF13, 1), port(OF13, 2));
        return sw.listener.of(Connected.class).get(0).sw();
    }

    static SwitchHandle ready10(SwitchPeer sw) {
        sw.handshake10(0xd1, port(OF10, 1), port(OF10, 2));
        return sw.listener.of(Connected.class).get(0).sw();
    }

    @Test
    void applySendsOperationsThenBarrierAndCompletesOnBarrierReply() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            int pendingAtReady = sw.connection().requests().size(); // the DESCRIPTION request
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule(10, 1)), SwitchOp.modify(rule(11, 1)),
                    SwitchOp.delete(rule(12, 1))));
            List<OFMessage> sent = sw.sent();
            assertEquals(List.of(OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.BARRIER_REQUEST), types(sent));
            assertInstanceOf(OFFlowAdd.class, sent.get(0));
            assertInstanceOf(OFFlowModifyStrict.class, sent.get(1));
            OFFlowDeleteStrict delete = assertInstanceOf(OFFlowDeleteStrict.class, sent.get(2));
            assertEquals(OFPort.ANY, delete.getOutPort());
            assertEquals(OFGroup.ANY, delete.getOutGroup());
            assertEquals(OFBufferId.NO_BUFFER, ((OFFlowMod) sent.get(0)).getBufferId());
            assertFalse(f.isDone());

            sw.receive(OF13.buildBarrierReply().setXid(sent.get(3).getXid()).build());
            assertTrue(f.get().isSuccess());
            assertEquals(pendingAtReady, sw.connection().requests().size());
        }
    }

    @Test
    void aBatchLeavesAsOneWriteAndIsCountedPerMessage() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            sw.sent();
            long before = sw.counter(SouthboundCounters.Counter.MESSAGES_OUT);
            long flowModsBefore = sw.counter(SouthboundCounters.Counter.FLOW_MODS_OUT);
            long readsBefore = sw.counter(SouthboundCounters.Counter.FLOW_STATS_REQUESTS);
            h.apply(List.of(SwitchOp.add(rule(10, 1)), SwitchOp.add(rule(11, 1)), SwitchOp.delete(rule(12, 1))));
            List<List<OFMessage>> writes = sw.sentWrites();
            assertEquals(1, writes.size());
            assertEquals(List.of(OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.BARRIER_REQUEST),
                    types(writes.get(0)));
            assertEquals(before + 4, sw.counter(SouthboundCounters.Counter.MESSAGES_OUT));
            assertEquals(flowModsBefore + 3, sw.counter(SouthboundCounters.Counter.FLOW_MODS_OUT));
            assertEquals(readsBefore, sw.counter(SouthboundCounters.Counter.FLOW_STATS_REQUESTS));

            h.sendTransientFlow(rule(13, 1), OptionalInt.empty());
            h.requestFlows();
            sw.sent();
            assertEquals(flowModsBefore + 4, sw.counter(SouthboundCounters.Counter.FLOW_MODS_OUT));
            assertEquals(readsBefore + 1, sw.counter(SouthboundCounters.Counter.FLOW_STATS_REQUESTS));
        }
    }

    @Test
    void errorForAnOperationOfTheBatchIsItsFailure() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            SwitchOp bad = SwitchOp.add(rule(20, 1));
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule(10, 1)), bad));
            List<OFMessage> sent = sw.sent();
            sw.receive(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(1).getXid())
                    .setCode(OFFlowModFailedCode.TABLE_FULL).build());
            // an error for something else: reported to the listener, not to the batch
            sw.receive(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(99999).setCode(OFBadRequestCode.BAD_TYPE).build());
            sw.receive(OF13.buildBarrierReply().setXid(sent.get(2).getXid()).build());

            BatchResult r = f.get();
            assertEquals(1, r.failures().size());
            assertSame(bad, r.failures().get(0).op());
            assertEquals("FLOW_MOD_FAILED", r.failures().get(0).error().type());
            assertEquals("TABLE_FULL", r.failures().get(0).error().code());
            assertEquals("BAD_REQUEST", sw.listener.of(Error.class).get(0).error().type());
            assertEquals(1, sw.listener.of(Error.class).size());
        }
    }

    @Test
    void errorsOfTwoPendingBatchesAreMappedToTheirOwnOperations() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            SwitchOp badInFirst = SwitchOp.add(rule(31, 1));
            SwitchOp badInSecond = SwitchOp.delete(rule(42, 1));
            CompletableFuture<BatchResult> first = h.apply(List.of(SwitchOp.add(rule(30, 1)), badInFirst,
                    SwitchOp.add(rule(32, 1))));
            CompletableFuture<BatchResult> second = h.apply(List.of(SwitchOp.add(rule(40, 1)), SwitchOp.add(rule(41, 1)),
                    badInSecond));
            List<OFMessage> sent = sw.sent();
            assertEquals(8, sent.size());
            // both batches in flight: the second batch's error first, then the first's
            sw.receive(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(6).getXid())
                    .setCode(OFFlowModFailedCode.BAD_TABLE_ID).build());
            sw.receive(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(1).getXid())
                    .setCode(OFFlowModFailedCode.TABLE_FULL).build());
            sw.receive(OF13.buildBarrierReply().setXid(sent.get(3).getXid()).build());
            sw.receive(OF13.buildBarrierReply().setXid(sent.get(7).getXid()).build());

            assertEquals(1, first.get().failures().size());
            assertSame(badInFirst, first.get().failures().get(0).op());
            assertEquals("TABLE_FULL", first.get().failures().get(0).error().code());
            assertEquals(1, second.get().failures().size());
            assertSame(badInSecond, second.get().failures().get(0).op());
            assertEquals("BAD_TABLE_ID", second.get().failures().get(0).error().code());
            assertTrue(sw.listener.of(Error.class).isEmpty());
        }
    }

    @Test
    void clearAllDeletesFlowsAndGroups() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            CompletableFuture<BatchResult> f = h.apply(List.of(new SwitchOp.ClearAll()));
            List<OFMessage> sent = sw.sent();
            assertEquals(List.of(OFType.FLOW_MOD, OFType.GROUP_MOD, OFType.BARRIER_REQUEST), types(sent));
            // the group delete is refused: the ClearAll op is the failure
            sw.receive(OF13.errorMsgs().buildGroupModFailedErrorMsg().setXid(sent.get(1).getXid())
                    .setCode(org.projectfloodlight.openflow.protocol.OFGroupModFailedCode.INVALID_GROUP).build());
            sw.receive(OF13.buildBarrierReply().setXid(sent.get(2).getXid()).build());
            assertInstanceOf(SwitchOp.ClearAll.class, f.get().failures().get(0).op());
        }
    }

    @Test
    void unansweredBarrierTimesOutAndLeavesNothingBehind() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule(10, 1))));
            List<OFMessage> sent = sw.sent();
            CompletableFuture<List<FlowEntry>> flows = h.requestFlows();
            sw.sent();
            for (int i = 0; i < 3; i++) { // keep the connection alive meanwhile
                sw.advance(Duration.ofSeconds(3));
                sw.receive(OF13.buildEchoRequest().build());
            }
            assertFalse(f.isDone());
            sw.advance(Duration.ofSeconds(1));
            ExecutionException e = assertThrows(ExecutionException.class, f::get);
            assertInstanceOf(TimeoutException.class, e.getCause());
            assertInstanceOf(TimeoutException.class, assertThrows(ExecutionException.class, flows::get).getCause());
            assertEquals(0, sw.connection().requests().size());
            assertTrue(sw.counter(Counter.REQUESTS_TIMEOUT) >= 2);

            // a late error for the timed-out batch goes to the listener
            sw.receive(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(sent.get(0).getXid())
                    .setCode(OFFlowModFailedCode.OVERLAP).build());
            assertEquals(1, sw.listener.of(Error.class).size());
            assertTrue(sw.ch.isActive());
        }
    }

    @Test
    void pendingRequestsFailWhenTheSwitchDisconnects() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule(10, 1))));
            CompletableFuture<List<PortStatistics>> stats = h.requestPortStatistics();
            sw.ch.close();
            assertInstanceOf(SwitchDisconnectedException.class, assertThrows(ExecutionException.class, f::get).getCause());
            assertInstanceOf(SwitchDisconnectedException.class,
                    assertThrows(ExecutionException.class, stats::get).getCause());
            assertEquals(0, sw.connection().requests().size());
            // after the close, new requests fail at once
            assertInstanceOf(SwitchDisconnectedException.class, assertThrows(ExecutionException.class,
                    () -> h.apply(List.of()).get()).getCause());
        }
    }

    @Test
    void operationTheVersionCannotExpressFailsTheFutureAndSendsNothing() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready10(sw);
            GroupDescription g = new GroupDescription(DPID, 1, GroupDescription.Type.ALL,
                    List.of(GroupBucket.all(List.of(Action.output(PortNumber.of(1))))), 7);
            CompletableFuture<BatchResult> f = h.apply(List.of(SwitchOp.add(rule(1, 1)), new SwitchOp.GroupOp(
                    SwitchOp.Kind.ADD, g)));
            assertInstanceOf(IllegalArgumentException.class, assertThrows(ExecutionException.class, f::get).getCause());
            assertEquals(List.of(), sw.sent());
            assertTrue(sw.ch.isActive());
        }
    }

    @Test
    void requestFlowsAccumulatesRepliesWithMoreFlag() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            CompletableFuture<List<FlowEntry>> f = h.requestFlows();
            OFFlowStatsRequest req = (OFFlowStatsRequest) sw.sentOne();
            assertEquals(TableId.ALL, req.getTableId());
            assertEquals(OFPort.ANY, req.getOutPort());
            assertEquals(OFGroup.ANY, req.getOutGroup());
            assertFalse(req.getMatch().getMatchFields().iterator().hasNext(), "match all");

            FlowRule r1 = rule(10, 1);
            FlowRule r2 = rule(11, 2);
            sw.receive(OF13.buildFlowStatsReply().setXid(req.getXid()).setFlags(SwitchPeer.more())
                    .setEntries(List.of(entry(r1, 5))).build());
            assertFalse(f.isDone());
            sw.receive(OF13.buildFlowStatsReply().setXid(req.getXid()).setEntries(List.of(entry(r2, 6),
                    // an entry the core cannot express (IPv6) is skipped and counted
                    OF13.buildFlowStatsEntry().setMatch(OF13.buildMatch()
                            .setExact(org.projectfloodlight.openflow.protocol.match.MatchField.ETH_TYPE,
                                    org.projectfloodlight.openflow.types.EthType.IPv6)
                            .setExact(org.projectfloodlight.openflow.protocol.match.MatchField.IPV6_SRC,
                                    org.projectfloodlight.openflow.types.IPv6Address.of("::1")).build()).build()))
                    .build());
            List<FlowEntry> entries = f.get();
            assertEquals(List.of(r1, r2), entries.stream().map(FlowEntry::rule).toList());
            assertEquals(5, entries.get(0).packets());
            assertEquals(1, sw.counter(Counter.ENTRIES_UNDECODABLE));
        }
    }

    private static OFFlowStatsEntry entry(FlowRule r, long packets) {
        OFFlowMod fm = io.skylane.southbound.translate.FlowModEncoder.flowMod(SwitchOp.Kind.ADD, r, OF13, 1,
                OptionalInt.empty());
        return OF13.buildFlowStatsEntry().setTableId(fm.getTableId()).setPriority(fm.getPriority())
                .setCookie(fm.getCookie()).setMatch(fm.getMatch()).setInstructions(fm.getInstructions())
                .setFlags(fm.getFlags()).setPacketCount(U64.of(packets)).setByteCount(U64.of(packets * 100)).build();
    }

    @Test
    void statsRequestRefusedByErrorFails() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            CompletableFuture<List<GroupDescription>> f = h.requestGroups();
            OFMessage req = sw.sentOne();
            sw.receive(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(req.getXid()).setCode(OFBadRequestCode.BAD_STAT)
                    .build());
            SwitchErrorException e = assertInstanceOf(SwitchErrorException.class,
                    assertThrows(ExecutionException.class, f::get).getCause());
            assertEquals("BAD_STAT", e.error().code());
            assertTrue(sw.listener.of(Error.class).isEmpty());
        }
    }

    @Test
    void requestGroupsDecodesGroupDescriptions() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            GroupDescription g = new GroupDescription(DPID, 0x70001, GroupDescription.Type.SELECT, List.of(
                    GroupBucket.select(1, List.of(Action.output(PortNumber.of(1)))),
                    GroupBucket.select(3, List.of(Action.output(PortNumber.of(2))))), 0);
            h.apply(List.of(new SwitchOp.GroupOp(SwitchOp.Kind.ADD, g)));
            assertEquals(List.of(OFType.GROUP_MOD, OFType.BARRIER_REQUEST), types(sw.sent()));
            CompletableFuture<List<GroupDescription>> f = h.requestGroups();
            OFMessage req = sw.sentOne();
            OFGroupAdd add = (OFGroupAdd) io.skylane.southbound.OFTestMessages.roundTrip(
                    io.skylane.southbound.translate.GroupTranslator.groupMod(SwitchOp.Kind.ADD, g, OF13, 1));
            sw.receive(OF13.buildGroupDescStatsReply().setXid(req.getXid()).setEntries(List.of(
                    OF13.buildGroupDescStatsEntry().setGroup(add.getGroup()).setGroupType(add.getGroupType())
                            .setBuckets(add.getBuckets()).build())).build());
            assertEquals(List.of(g), f.get());
        }
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready10(sw);
            assertEquals(List.of(), h.requestGroups().get());
            assertEquals(List.of(), sw.sent());
        }
    }

    @Test
    void requestPortStatistics10() throws Exception {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready10(sw);
            CompletableFuture<List<PortStatistics>> f = h.requestPortStatistics();
            OFPortStatsRequest req = (OFPortStatsRequest) sw.sentOne();
            assertEquals(OFPort.ANY, req.getPortNo());
            sw.receive(OF10.buildPortStatsReply().setXid(req.getXid()).setEntries(List.of(
                    OF10.buildPortStatsEntry().setPortNo(OFPort.of(1)).setRxPackets(U64.of(10)).setTxPackets(U64.of(20))
                            .setRxBytes(U64.of(1000)).setTxBytes(U64.of(2000)).setRxDropped(U64.of(1))
                            .setTxDropped(U64.of(2)).setRxErrors(U64.of(3)).setTxErrors(U64.of(4)).build())).build());
            assertEquals(List.of(new PortStatistics(PortNumber.of(1), 10, 20, 1000, 2000, 1, 2, 3, 4)), f.get());
        }
    }

    @Test
    void transientFlowIsOneFlowModWithBufferIdAndNoBarrier() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready10(sw);
            FlowRule r = FlowRule.builder().device(DPID).priority(1).app(APP).idleTimeout(10)
                    .match(Match.builder().add(Criterion.inPort(PortNumber.of(1))).add(Criterion.ethType(EthType.IPV4))
                            .build())
                    .apply(Action.output(PortNumber.of(2))).build();
            h.sendTransientFlow(r, OptionalInt.of(300));
            OFFlowAdd add = (OFFlowAdd) sw.sentOne();
            assertEquals(OFBufferId.of(300), add.getBufferId());
            assertEquals(10, add.getIdleTimeout());
            // a rule for another switch is the caller's bug
            FlowRule other = r.toBuilder().device(DeviceId.of(2)).build();
            assertThrows(IllegalArgumentException.class, () -> h.sendTransientFlow(other, OptionalInt.empty()));
        }
    }

    @Test
    void packetOutWithDataOrBuffer() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            byte[] data = SwitchEventsTest.FRAME;
            h.packetOut(OutboundPacket.of(DPID, List.of(Action.output(PortNumber.FLOOD)), data));
            OFPacketOut out = (OFPacketOut) sw.sentOne();
            assertEquals(OFBufferId.NO_BUFFER, out.getBufferId());
            assertEquals(OFPort.CONTROLLER, out.getInPort());
            assertArrayEquals(data, out.getData());
            assertEquals(OFPort.FLOOD, ((org.projectfloodlight.openflow.protocol.action.OFActionOutput)
                    out.getActions().get(0)).getPort());

            h.packetOut(new OutboundPacket(DPID, PortNumber.of(1), OptionalInt.of(7), List.of(Action.output(PortNumber.of(2))),
                    data));
            OFPacketOut buffered = (OFPacketOut) sw.sentOne();
            assertEquals(OFBufferId.of(7), buffered.getBufferId());
            assertEquals(0, buffered.getData().length);
            assertEquals(OFPort.of(1), buffered.getInPort());
        }
    }

    @Test
    void packetOutAllLeavesAsOneWriteWithTheMessagesOfEachPacketOut() {
        try (SwitchPeer sw = new SwitchPeer()) {
            SwitchHandle h = ready13(sw);
            sw.sent();
            byte[] data = SwitchEventsTest.FRAME;
            List<OutboundPacket> packets = List.of(
                    OutboundPacket.of(DPID, List.of(Action.output(PortNumber.of(1))), data),
                    OutboundPacket.of(DPID, List.of(Action.output(PortNumber.of(2)), Action.output(PortNumber.of(1))),
                            new byte[] {1, 2, 3}),
                    new OutboundPacket(DPID, PortNumber.of(1), OptionalInt.of(7), List.of(Action.output(PortNumber.of(2))),
                            data));
            for (OutboundPacket p : packets) {
                h.packetOut(p);
            }
            List<List<OFMessage>> one = sw.sentWrites();
            assertEquals(3, one.size());
            long before = sw.counter(Counter.MESSAGES_OUT);

            h.packetOutAll(packets);

            List<List<OFMessage>> writes = sw.sentWrites();
            assertEquals(1, writes.size());
            assertEquals(3, writes.get(0).size());
            for (int i = 0; i < 3; i++) {
                OFPacketOut single = (OFPacketOut) one.get(i).get(0);
                OFPacketOut batched = (OFPacketOut) writes.get(0).get(i);
                assertEquals(single.createBuilder().setXid(0).build(), batched.createBuilder().setXid(0).build());
            }
            assertEquals(before + 3, sw.counter(Counter.MESSAGES_OUT));
            assertThrows(IllegalArgumentException.class, () -> h.packetOutAll(
                    List.of(OutboundPacket.of(DeviceId.of(0xd2), List.of(Action.output(PortNumber.of(1))), data))));
            assertEquals(List.of(), sw.sentWrites());
        }
    }
}
