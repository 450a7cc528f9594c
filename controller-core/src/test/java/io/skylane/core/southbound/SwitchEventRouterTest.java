package io.skylane.core.southbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.device.DeviceEvent;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.RecordingDeviceListener;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchEventRouterTest {

    private final TestCore core = new TestCore();
    private final FakeSwitchHandle s1 = FakeSwitchHandle.of13(1);

    @Test
    void connectMakesADeviceAndInstallsTheTableMiss() {
        RecordingDeviceListener events = new RecordingDeviceListener();
        core.devices().addListener(events);

        core.connect(s1, TestCore.ports(2));

        assertTrue(core.devices().isConnected(s1.deviceId()));
        assertEquals(List.of(DeviceEvent.Type.DEVICE_CONNECTED), events.types());
        assertTrue(s1.hasFlow(FlowRuleManager.tableMiss(s1.deviceId())));
    }

    @Test
    void disconnectMarksTheDeviceUnavailableAndForgetsTransientFlowState() {
        core.connect(s1, TestCore.ports(2));

        core.disconnect(s1, "echo timeout");

        assertFalse(core.devices().isConnected(s1.deviceId()));
        assertTrue(core.devices().device(s1.deviceId()).isPresent());
    }

    @Test
    void packetInsAndPortChangesReachTheirManagers() {
        core.connect(s1, TestCore.ports(1));
        List<PortNumber> seen = new ArrayList<>();
        core.packets().addProcessor(c -> seen.add(c.inbound().inPort()), PacketProcessor.OBSERVER);

        core.router().packetIn(s1, TestPackets.packetIn(s1.deviceId(), 1,
                TestPackets.ethernet(MacAddress.of(1), MacAddress.of(2), EthType.IPV4)));
        core.router().portChanged(s1, PortChange.ADDED, TestCore.port(5));

        assertEquals(List.of(PortNumber.of(1)), seen);
        assertEquals(2, core.devices().ports(s1.deviceId()).size());
    }

    @Test
    void errorsAreCountedByTheFlowManager() {
        core.connect(s1, List.of());

        core.router().errorReceived(s1, FakeSwitchHandle.error("BAD_REQUEST", "BUFFER_UNKNOWN"));

        assertEquals(1L, core.flows().counters().get("switchErrors"));
        assertEquals(0, core.router().failures());
    }
}
