package io.skylane.bench;

import io.skylane.core.device.DeviceManager;
import io.skylane.core.event.EventDispatcher;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.packet.PacketManager;
import io.skylane.core.southbound.SwitchEventRouter;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.OpenFlowServer;
import java.time.Clock;

/**
 * The controller's core and southbound inside the generator's process, for the modes that drive
 * the flow rule service directly (flow_service, flow_restart): an event dispatcher, a device
 * manager, a flow rule manager, and an OpenFlow server listening on {@code --controller} that
 * routes switch events to them. Built first (so a mode can add its listeners), then
 * {@link #start() started}; {@link #close()} (safe whether or not it started) stops the server,
 * then the dispatcher.
 */
final class InProcessController implements AutoCloseable {

    private final EventDispatcher events;
    private final DeviceManager devices;
    private final FlowRuleManager flows;
    private final OpenFlowServer server;

    InProcessController(BenchConfig config, FlowRuleManager.Config flowConfig) {
        Clock clock = Clock.systemUTC();
        this.events = new EventDispatcher();
        this.devices = new DeviceManager(events, clock);
        this.flows = new FlowRuleManager(devices, events, clock, flowConfig);
        this.server = new OpenFlowServer(OpenFlowConfig.defaults().withBindAddress(config.host())
                .withPorts(config.port()), new SwitchEventRouter(devices, new PacketManager(devices), flows));
    }

    /**
     * Starts listening for switches.
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    void start() {
        server.start();
    }

    DeviceManager devices() {
        return devices;
    }

    FlowRuleManager flows() {
        return flows;
    }

    OpenFlowServer server() {
        return server;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            events.close();
        }
    }
}
