package io.skylane.southbound;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.Port;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.southbound.SouthboundListener;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every call, in order, as event records; thread-safe, with a wait for the TCP tests. */
public final class RecordingListener implements SouthboundListener {

    public record Connected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
    }

    public record Description(SwitchHandle sw, DeviceDescription description) {
    }

    public record Disconnected(SwitchHandle sw, String reason) {
    }

    public record PortChanged(SwitchHandle sw, PortChange change, Port port) {
    }

    public record PacketIn(SwitchHandle sw, InboundPacket packet) {
    }

    public record FlowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
    }

    public record Error(SwitchHandle sw, SwitchError error) {
    }

    private final List<Object> events = new ArrayList<>();
    /** If set, {@link #packetIn} records the packet and then throws this. */
    public volatile RuntimeException failPacketIns;

    private synchronized void add(Object e) {
        events.add(e);
        notifyAll();
    }

    /** Every event so far, in order. */
    public synchronized List<Object> events() {
        return List.copyOf(events);
    }

    /** The events of one kind, in order. */
    public synchronized <T> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** Waits until an event of the type matching {@code test} was recorded; fails after {@code timeout}. */
    public synchronized <T> T await(Class<T> type, Predicate<T> test, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Object e : events) {
                if (type.isInstance(e) && test.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void switchConnected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
        add(new Connected(sw, description, ports));
    }

    @Override
    public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        add(new Description(sw, description));
    }

    @Override
    public void switchDisconnected(SwitchHandle sw, String reason) {
        add(new Disconnected(sw, reason));
    }

    @Override
    public void portChanged(SwitchHandle sw, PortChange change, Port port) {
        add(new PortChanged(sw, change, port));
    }

    @Override
    public void packetIn(SwitchHandle sw, InboundPacket packet) {
        add(new PacketIn(sw, packet));
        if (failPacketIns != null) {
            throw failPacketIns;
        }
    }

    @Override
    public void flowRemoved(SwitchHandle sw, FlowRule rule, RemovalReason reason, long packets, long bytes) {
        add(new FlowRemoved(sw, rule, reason, packets, bytes));
    }

    @Override
    public void errorReceived(SwitchHandle sw, SwitchError error) {
        add(new Error(sw, error));
    }
}
