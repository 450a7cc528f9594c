package io.skylane.core.testing;

import com.google.common.collect.ImmutableList;
import io.skylane.core.device.DeviceManager;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.PacketManager;
import io.skylane.core.southbound.SwitchEventRouter;
import java.util.ArrayList;
import java.util.List;

/**
 * The real core managers wired as the server wires them, with synchronous event delivery and a
 * {@link MutableClock}, driven through the {@link SwitchEventRouter} as the southbound drives
 * them. Switches are {@link FakeSwitchHandle}s. Everything runs on the test's thread.
 *
 * <pre>{@code
 * TestCore core = new TestCore();
 * FakeSwitchHandle s1 = core.connect(FakeSwitchHandle.of13(1), TestCore.ports(3));
 * core.packetIn(s1, TestPackets.packetIn(s1.deviceId(), 1, frame));
 * }</pre>
 */
public final class TestCore {

    private final MutableClock clock = new MutableClock();
    private final SynchronousEventDelivery events = new SynchronousEventDelivery();
    private final DeviceManager devices;
    private final PacketManager packets;
    private final FlowRuleManager flows;
    private final SwitchEventRouter router;

    public TestCore() {
        this(FlowRuleManager.Config.defaults());
    }

    public TestCore(FlowRuleManager.Config config) {
        devices = new DeviceManager(events, clock);
        packets = new PacketManager(devices);
        flows = new FlowRuleManager(devices, events, clock, config);
        router = new SwitchEventRouter(devices, packets, flows);
    }

    public MutableClock clock() {
        return clock;
    }

    public SynchronousEventDelivery events() {
        return events;
    }

    public DeviceManager devices() {
        return devices;
    }

    public PacketManager packets() {
        return packets;
    }

    public FlowRuleManager flows() {
        return flows;
    }

    public SwitchEventRouter router() {
        return router;
    }

    /** Connects the switch with these ports (its audit runs at once unless its stats are scripted otherwise). */
    public FakeSwitchHandle connect(FakeSwitchHandle sw, List<Port> ports) {
        router.switchConnected(sw, DeviceDescription.unknown(256, 254), ports);
        return sw;
    }

    /** Closes the switch's connection and reports it, as the southbound does. */
    public void disconnect(FakeSwitchHandle sw, String reason) {
        sw.disconnect(reason);
        router.switchDisconnected(sw, reason);
    }

    /** Delivers a packet-in from the switch. */
    public void packetIn(FakeSwitchHandle sw, InboundPacket packet) {
        router.packetIn(sw, packet);
    }

    /** An enabled port {@code eth<number>} with a MAC derived from its number. */
    public static Port port(long number) {
        return new Port(PortNumber.of(number), "eth" + number, MacAddress.of(0x0200_0000_0000L | number), true, true,
                10_000_000);
    }

    /** Ports 1..n, enabled. */
    public static List<Port> ports(int n) {
        List<Port> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(port(i));
        }
        return ImmutableList.copyOf(list);
    }
}
