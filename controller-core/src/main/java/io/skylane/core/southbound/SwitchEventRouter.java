package io.skylane.core.southbound;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.device.DeviceManager;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.Port;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.PacketManager;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the southbound reports to the core managers, in the right order: a connecting
 * switch becomes a known device before its flows are audited; a disconnecting one has its flow
 * state settled before the device is marked unavailable. Runs on the I/O threads; a manager that
 * throws on a lifecycle report is logged and counted here and does not reach the connection.
 */
public final class SwitchEventRouter implements SouthboundListener {

    private static final Logger log = LoggerFactory.getLogger(SwitchEventRouter.class);

    private final DeviceManager devices;
    private final PacketManager packets;
    private final FlowRuleManager flows;
    private final LongAdder failures = new LongAdder();

    public SwitchEventRouter(DeviceManager devices, PacketManager packets, FlowRuleManager flows) {
        this.devices = checkNotNull(devices, "devices");
        this.packets = checkNotNull(packets, "packets");
        this.flows = checkNotNull(flows, "flows");
    }

    @Override
    public void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
        guard("connect", sw, () -> devices.connected(sw, description, ports));
        guard("connect", sw, () -> flows.deviceConnected(sw));
    }

    @Override
    public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        guard("description", sw, () -> devices.descriptionChanged(sw, description));
    }

    @Override
    public void switchDisconnected(SwitchHandle sw, String reason) {
        guard("disconnect", sw, () -> flows.deviceDisconnected(sw));
        guard("disconnect", sw, () -> devices.disconnected(sw, reason));
    }

    @Override
    public void portChanged(SwitchHandle sw, PortChange change, Port port) {
        guard("port status", sw, () -> devices.portChanged(sw, change, port));
    }

    @Override
    public void portsListed(SwitchHandle sw, List<Port> ports) {
        guard("port list", sw, () -> devices.portsListed(sw, ports));
    }

    @Override
    public void packetIn(SwitchHandle sw, InboundPacket packet) {
        packets.process(sw, packet);
    }

    @Override
    public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packetCount, long byteCount) {
        guard("flow removed", sw, () -> flows.flowRemoved(sw, rule, reason, packetCount, byteCount));
    }

    @Override
    public void errorReceived(SwitchHandle sw, SwitchError error) {
        guard("error", sw, () -> flows.errorReceived(sw, error));
    }

    /** Reports whose handling threw. */
    public long failures() {
        return failures.sum();
    }

    private void guard(String what, SwitchHandle sw, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Handling {} of switch {} failed: {}", what, sw.deviceId(), e.toString());
            log.debug("Handling failure", e);
        }
    }
}
