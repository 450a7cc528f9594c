package io.skylane.core.device;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.southbound.SwitchHandle;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the devices and their ports as the southbound reports them, remembers the current
 * connection of each connected switch, and posts {@link DeviceEvent}s.
 *
 * <p>A switch that reconnects gets a new {@link SwitchHandle} which replaces the old one; reports
 * that arrive later through the old handle (its disconnect included) are ignored. Devices stay
 * known after they disconnect, with {@code connected} false.
 */
public final class DeviceManager implements DeviceService {

    private static final Logger log = LoggerFactory.getLogger(DeviceManager.class);

    private final EventDeliveryService events;
    private final Clock clock;
    private final DeviceStore store;
    private final ListenerRegistry<DeviceEvent, DeviceListener> listeners = new ListenerRegistry<>();
    private final ConcurrentMap<DeviceId, SwitchHandle> handles = new ConcurrentHashMap<>();

    /** A manager backed by an {@link InMemoryDeviceStore}. */
    public DeviceManager(EventDeliveryService events, Clock clock) {
        this(events, clock, new InMemoryDeviceStore());
    }

    public DeviceManager(EventDeliveryService events, Clock clock, DeviceStore store) {
        this.events = checkNotNull(events, "events");
        this.clock = checkNotNull(clock, "clock");
        this.store = checkNotNull(store, "store");
    }

    // ---- called by the southbound (through SwitchEventRouter) --------------------------------

    /** A switch finished its handshake; its handle becomes the current one for its datapath id. */
    public void connected(SwitchHandle sw, DeviceDescription description, List<Port> ports) {
        checkNotNull(sw, "sw");
        checkNotNull(description, "description");
        checkNotNull(ports, "ports");
        SwitchHandle previous = handles.put(sw.deviceId(), sw);
        if (previous != null && previous != sw) {
            log.info("Switch {} reconnected from {}: the new connection replaces the one from {}",
                    sw.deviceId(), sw.remoteAddress(), previous.remoteAddress());
        }
        DeviceEvent e = store.connected(sw.deviceId(), sw.version(), sw.remoteAddress(), description, ports,
                clock.instant());
        log.info("Switch {} connected: OpenFlow {}, {} ports, from {}", sw.deviceId(), sw.version().text(),
                ports.size(), sw.remoteAddress());
        post(e);
    }

    /** The switch answered its DESCRIPTION request. */
    public void descriptionChanged(SwitchHandle sw, DeviceDescription description) {
        if (!isCurrent(sw)) {
            log.debug("Ignoring description from a replaced connection of {}", sw.deviceId());
            return;
        }
        post(store.updateDescription(sw.deviceId(), description, clock.instant()));
    }

    /** The connection closed; ignored if a reconnect already replaced this handle. */
    public void disconnected(SwitchHandle sw, String reason) {
        checkNotNull(sw, "sw");
        if (!handles.remove(sw.deviceId(), sw)) {
            log.debug("Ignoring disconnect of a replaced connection of {} ({})", sw.deviceId(), reason);
            return;
        }
        log.info("Switch {} disconnected: {}", sw.deviceId(), reason);
        post(store.disconnected(sw.deviceId(), clock.instant()));
    }

    /** A PORT_STATUS; a MODIFY for a port not known yet is an add. */
    public void portChanged(SwitchHandle sw, PortChange change, Port port) {
        checkNotNull(change, "change");
        checkNotNull(port, "port");
        if (!isCurrent(sw)) {
            log.debug("Ignoring port status of {} from a replaced connection", sw.deviceId());
            return;
        }
        change(sw.deviceId(), change, port, true);
    }

    /**
     * Ports a ready switch listed late, each as {@link #portChanged} adds it (one event per port
     * changed), logged in one INFO line for the list: a storm of late lists wrote one line per port
     * from the I/O threads.
     */
    public void portsListed(SwitchHandle sw, List<Port> ports) {
        checkNotNull(ports, "ports");
        if (!isCurrent(sw)) {
            log.debug("Ignoring the port list of {} from a replaced connection", sw.deviceId());
            return;
        }
        int changed = 0;
        for (Port p : ports) {
            changed += change(sw.deviceId(), PortChange.ADDED, checkNotNull(p, "port"), false) ? 1 : 0;
        }
        log.info("Switch {} listed {} ports late, {} of them new or changed", sw.deviceId(), ports.size(), changed);
    }

    /** Applies one port change and posts its event; true if it changed anything. */
    private boolean change(DeviceId id, PortChange change, Port port, boolean logAtInfo) {
        Optional<Port> before = store.device(id).flatMap(d -> d.port(port.number()));
        DeviceEvent e = change == PortChange.DELETED
                ? store.removePort(id, port.number(), clock.instant())
                : store.updatePort(id, port, clock.instant());
        if (e != null) {
            if (logAtInfo) {
                logPortChange(id, e.type(), before, port);
            } else {
                log.debug("Port {}/{} ({}) listed: {}", id, port.number(), port.name(), e.type());
            }
        }
        post(e);
        return e != null;
    }

    private static void logPortChange(DeviceId id, DeviceEvent.Type type, Optional<Port> before, Port port) {
        if (type == DeviceEvent.Type.PORT_ADDED) {
            log.info("Port {}/{} ({}) added, {}", id, port.number(), port.name(), port.isEnabled() ? "up" : "down");
        } else if (type == DeviceEvent.Type.PORT_REMOVED) {
            log.info("Port {}/{} ({}) removed", id, port.number(), port.name());
        } else if (before.isPresent() && before.get().isEnabled() != port.isEnabled()) {
            log.info("Port {}/{} ({}) {}", id, port.number(), port.name(), port.isEnabled() ? "up" : "down");
        } else {
            log.debug("Port {}/{} updated: {}", id, port.number(), port);
        }
    }

    private boolean isCurrent(SwitchHandle sw) {
        return handles.get(checkNotNull(sw, "sw").deviceId()) == sw;
    }

    private void post(DeviceEvent e) {
        if (e != null) {
            events.post(e, listeners);
        }
    }

    // ---- DeviceService ----------------------------------------------------------------------

    @Override
    public Collection<Device> devices() {
        return store.devices();
    }

    @Override
    public Optional<Device> device(DeviceId id) {
        return store.device(checkNotNull(id, "id"));
    }

    @Override
    public boolean isConnected(DeviceId id) {
        SwitchHandle h = handles.get(checkNotNull(id, "id"));
        return h != null && h.isConnected();
    }

    @Override
    public Collection<Port> ports(DeviceId id) {
        return device(id).map(d -> (Collection<Port>) ImmutableList.copyOf(d.ports().values()))
                .orElse(ImmutableList.of());
    }

    @Override
    public Optional<SwitchHandle> handle(DeviceId id) {
        return Optional.ofNullable(handles.get(checkNotNull(id, "id")));
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.remove(listener);
    }

    /** How many listener calls have thrown. */
    public long listenerFailures() {
        return listeners.failures();
    }
}
