package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Action;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.packet.PacketService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends link discovery's probes: a signed LLDP frame out of an enabled physical port of a connected
 * switch that the tenant data plane does not claim (checked here, at the last moment, whatever
 * asked). Several probes are handed to the packet service in one call, so that the probes of one
 * switch (all its ports when it connects, a periodic round's share, which lists a switch's ports
 * together) leave in one write to it.
 */
final class ProbeSender {

    private final DeviceService devices;
    private final PacketService packets;
    private final Clock clock;
    private final ProbeScope scope;
    private final ProbeFrames frames;
    private final DiscoveryCounters counters;

    ProbeSender(DeviceService devices, PacketService packets, Clock clock, ProbeScope scope, ProbeFrames frames,
                DiscoveryCounters counters) {
        this.devices = checkNotNull(devices, "devices");
        this.packets = checkNotNull(packets, "packets");
        this.clock = checkNotNull(clock, "clock");
        this.scope = checkNotNull(scope, "scope");
        this.frames = checkNotNull(frames, "frames");
        this.counters = checkNotNull(counters, "counters");
    }

    /** Probes one port, if it may be probed. */
    void probe(ConnectPoint cp) {
        long now = clock.millis();
        packet(cp, now).ifPresent(p -> {
            packets.emit(p);
            counters.probesSent.increment();
        });
    }

    /** Probes those of the ports that may be probed, in order, in one hand-over. */
    void probeAll(List<ConnectPoint> ports) {
        long now = clock.millis();
        List<OutboundPacket> out = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            packet(ports.get(i), now).ifPresent(out::add);
        }
        if (!out.isEmpty()) {
            packets.emit(out);
            counters.probesSent.add(out.size());
        }
    }

    /** Forgets what was kept for a switch that disconnected. */
    void forget(DeviceId device) {
        frames.forget(device);
    }

    private Optional<OutboundPacket> packet(ConnectPoint cp, long now) {
        if (!cp.port().isPhysical() || !scope.mayProbe(cp)) {
            return Optional.empty();
        }
        return livePort(cp).map(port -> OutboundPacket.of(cp.deviceId(), List.of(Action.output(cp.port())),
                frames.frame(cp, port.hwAddress(), now)));
    }

    /** The port, if it is enabled and its switch connected. */
    Optional<Port> livePort(ConnectPoint cp) {
        return devices.device(cp.deviceId()).filter(Device::connected).flatMap(d -> d.port(cp.port()))
                .filter(Port::isEnabled);
    }

    @Override
    public String toString() {
        return "ProbeSender";
    }
}
