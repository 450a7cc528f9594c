package io.skylane.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.device.DeviceManager;
import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.MutableClock;
import io.skylane.core.testing.SynchronousEventDelivery;
import io.skylane.core.testing.TestPackets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PacketManagerTest {

    private static final MacAddress A = MacAddress.of(0x0a);
    private static final MacAddress B = MacAddress.of(0x0b);

    private final DeviceManager devices = new DeviceManager(new SynchronousEventDelivery(), new MutableClock());
    private final PacketManager packets = new PacketManager(devices);
    private final FakeSwitchHandle s1 = FakeSwitchHandle.of13(1);
    private final List<String> ran = new ArrayList<>();

    private InboundPacket packet() {
        return TestPackets.packetIn(s1.deviceId(), 1, TestPackets.ethernet(A, B, EthType.IPV4));
    }

    private PacketProcessor named(String name) {
        return c -> ran.add(name);
    }

    @Test
    void processorsRunInAscendingOrderTiesInInsertionOrder() {
        packets.addProcessor(named("forwarding"), PacketProcessor.FORWARDING);
        packets.addProcessor(named("observer-1"), PacketProcessor.OBSERVER);
        packets.addProcessor(named("discovery"), PacketProcessor.DISCOVERY);
        packets.addProcessor(named("observer-2"), PacketProcessor.OBSERVER);

        packets.process(s1, packet());

        assertEquals(List.of("discovery", "observer-1", "observer-2", "forwarding"), ran);
        assertEquals(1, packets.packetsIn());
    }

    @Test
    void aThrowingProcessorIsCountedAndTheNextOnesStillRun() {
        packets.addProcessor(c -> {
            throw new IllegalStateException("bug");
        }, 1);
        packets.addProcessor(named("after"), 2);

        packets.process(s1, packet());
        packets.process(s1, packet());

        assertEquals(List.of("after", "after"), ran);
        assertEquals(2, packets.processorFailures());
    }

    @Test
    void malformedFrameIsCountedNotThrownAndReachesNoProcessor() {
        packets.addProcessor(named("p"), 1);

        packets.process(s1, TestPackets.packetIn(s1.deviceId(), 1, new byte[10]));

        assertEquals(List.of(), ran);
        assertEquals(1, packets.malformed());
    }

    @Test
    void malformedPayloadFoundByAProcessorIsCountedAndTheOthersRun() {
        byte[] shortArp = new byte[20];
        shortArp[12] = 0x08;
        shortArp[13] = 0x06;
        packets.addProcessor(c -> c.inbound().ethernet().arp(), 1);
        packets.addProcessor(named("after"), 2);

        packets.process(s1, TestPackets.packetIn(s1.deviceId(), 1, shortArp));

        assertEquals(List.of("after"), ran);
        assertEquals(1, packets.malformed());
        assertEquals(0, packets.processorFailures());
    }

    @Test
    void handledPacketIsVisibleToLaterProcessors() {
        List<Boolean> seen = new ArrayList<>();
        packets.addProcessor(PacketContext::block, 1);
        packets.addProcessor(c -> seen.add(c.isHandled()), 2);

        packets.process(s1, packet());

        assertEquals(List.of(true), seen);
    }

    @Test
    void sendReleasesTheSwitchBufferOrResendsTheData() {
        packets.addProcessor(c -> c.send(List.of(Action.output(PortNumber.FLOOD))), 1);
        byte[] frame = TestPackets.ethernet(A, B, EthType.IPV4);

        packets.process(s1, TestPackets.packetIn(s1.deviceId(), 3, frame, 77));
        packets.process(s1, TestPackets.packetIn(s1.deviceId(), 3, frame));

        OutboundPacket buffered = s1.packetOuts().get(0);
        assertEquals(OptionalInt.of(77), buffered.bufferId());
        assertEquals(0, buffered.data().length);
        assertEquals(PortNumber.of(3), buffered.inPort());
        assertEquals(List.of(Action.output(PortNumber.FLOOD)), buffered.actions());
        OutboundPacket unbuffered = s1.packetOuts().get(1);
        assertTrue(unbuffered.bufferId().isEmpty());
        assertArrayEquals(frame, unbuffered.data());
    }

    @Test
    void removedProcessorRunsNoMore() {
        PacketProcessor p = named("p");
        packets.addProcessor(p, 1);
        packets.removeProcessor(p);

        packets.process(s1, packet());

        assertEquals(List.of(), ran);
    }

    @Test
    void addingAProcessorAgainMovesIt() {
        PacketProcessor p = named("p");
        packets.addProcessor(p, 1);
        packets.addProcessor(named("q"), 2);
        packets.addProcessor(p, 3);

        packets.process(s1, packet());

        assertEquals(List.of("q", "p"), ran);
    }

    @Test
    void emitSendsThroughTheConnectedSwitch() {
        devices.connected(s1, DeviceDescription.unknown(0, 1), List.of());
        OutboundPacket out = OutboundPacket.of(s1.deviceId(), List.of(Action.output(PortNumber.of(2))),
                TestPackets.lldp(A));

        packets.emit(out);

        assertEquals(List.of(out), s1.packetOuts());
        assertEquals(0, packets.emitDropped());
    }

    @Test
    void emitToADisconnectedOrUnknownSwitchIsDroppedAndCounted() {
        devices.connected(s1, DeviceDescription.unknown(0, 1), List.of());
        s1.disconnect("gone");
        byte[] frame = TestPackets.lldp(A);

        packets.emit(OutboundPacket.of(s1.deviceId(), List.of(Action.output(PortNumber.of(2))), frame));
        packets.emit(OutboundPacket.of(DeviceId.of(42), List.of(Action.output(PortNumber.of(2))), frame));

        assertEquals(List.of(), s1.packetOuts());
        assertEquals(2, packets.emitDropped());
        assertEquals(2L, packets.counters().get("emitDropped"));
        assertFalse(packets.counters().isEmpty());
    }

    @Test
    void emitOfAListHandsEachRunOfOneSwitchOverInOneCall() {
        FakeSwitchHandle s2 = FakeSwitchHandle.of13(2);
        devices.connected(s1, DeviceDescription.unknown(0, 1), List.of());
        devices.connected(s2, DeviceDescription.unknown(0, 1), List.of());
        byte[] frame = TestPackets.lldp(A);
        OutboundPacket a1 = OutboundPacket.of(s1.deviceId(), List.of(Action.output(PortNumber.of(1))), frame);
        OutboundPacket a2 = OutboundPacket.of(s1.deviceId(), List.of(Action.output(PortNumber.of(2))), frame);
        OutboundPacket b1 = OutboundPacket.of(s2.deviceId(), List.of(Action.output(PortNumber.of(1))), frame);
        OutboundPacket a3 = OutboundPacket.of(s1.deviceId(), List.of(Action.output(PortNumber.of(3))), frame);
        OutboundPacket lost = OutboundPacket.of(DeviceId.of(42), List.of(Action.output(PortNumber.of(1))), frame);

        packets.emit(List.of(a1, a2, b1, lost, lost, a3));

        assertEquals(List.of(a1, a2, a3), s1.packetOuts());
        assertEquals(List.of(2, 1), s1.packetOutWrites());
        assertEquals(List.of(b1), s2.packetOuts());
        assertEquals(List.of(1), s2.packetOutWrites());
        assertEquals(2, packets.emitDropped());
    }
}
