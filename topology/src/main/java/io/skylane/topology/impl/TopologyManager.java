package io.skylane.topology.impl;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Ordering;
import com.google.common.collect.Sets;
import io.skylane.core.concurrent.CoalescingScheduler;
import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.event.EventDeliveryService;
import io.skylane.core.event.ListenerRegistry;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.LinkSource;
import io.skylane.topology.TopologyEvent;
import io.skylane.topology.TopologyListener;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the topology snapshots: the connected switches with their enabled physical ports (from
 * the {@link DeviceService}) and the links between those ports (from a {@link LinkSource}), and
 * publishes each new one atomically, with a version one higher, followed by a {@link TopologyEvent}
 * saying what changed.
 *
 * <p>Changes are coalesced: a device event or a link change only schedules a publication on the
 * publisher executor (unless one is already waiting), and the publication reads the network as it
 * is when it runs. So the changes that arrive together (a switch connecting with all its links, a
 * switch disconnecting) make one snapshot, with no artificial delay. A rebuild that changes
 * nothing publishes nothing.
 *
 * <p>With a spacing (the second constructor), a rebuild starts at least that long after the last
 * one ended: the first change after a quiet moment is published at once, and while changes keep
 * coming (a fabric connecting and being discovered, when a rebuild of every link follows the last
 * one back to back) they are gathered for the spacing and published together, so that the
 * rebuilds leave the processors to the handshakes and the probes.
 *
 * <p>A port with two links leaving it (or two arriving), which only a non-OpenFlow segment between
 * switches causes, keeps the first link in order and the others are left out (logged at WARN).
 */
public final class TopologyManager implements TopologyService {

    private static final Logger log = LoggerFactory.getLogger(TopologyManager.class);
    /** Changes listed in full in the log line up to this many; beyond, only counted. */
    private static final int LOG_ITEMS = 6;

    private final DeviceService devices;
    private final LinkSource linkSource;
    private final EventDeliveryService events;
    private final Clock clock;
    /** Runs {@link #publish}: one at a time, folding the changes that arrive meanwhile. */
    private final CoalescingScheduler publications;
    private final ListenerRegistry<TopologyEvent, TopologyListener> listeners = new ListenerRegistry<>();
    private final AtomicReference<TopologySnapshot> current;
    private final DeviceListener deviceListener = new InternalDeviceListener();
    private final Runnable linkListener = this::changed;
    private final LongAdder published = new LongAdder();
    private final LongAdder rebuilds = new LongAdder();
    private final LongAdder held = new LongAdder();
    private Set<Link> ambiguous = Set.of();
    /** Runs the rebuilds held back by the spacing; null: no spacing. */
    private final ScheduledExecutorService spacer;
    private final long spacingMillis;
    /** A held-back rebuild is waiting on {@link #spacer}. */
    private final AtomicBoolean holding = new AtomicBoolean();
    /** When the last rebuild ended (clock ms); read and written under this monitor. */
    private long lastRebuildEnd = Long.MIN_VALUE;

    /**
     * @param publisher runs the publications, one at a time (a single thread, say); with an executor
     *                  that runs tasks at once, every change publishes on the caller's thread
     */
    public TopologyManager(DeviceService devices, LinkSource links, EventDeliveryService events, Clock clock,
                           Executor publisher) {
        this(devices, links, events, clock, publisher, null, Duration.ZERO);
    }

    /**
     * As above, a rebuild starting at least {@code spacing} after the last one ended (by
     * {@code clock}): changes that come sooner are published together when the spacing is over.
     *
     * @param publisher runs the publications, one at a time, and the rebuilds held back
     */
    public TopologyManager(DeviceService devices, LinkSource links, EventDeliveryService events, Clock clock,
                           ScheduledExecutorService publisher, Duration spacing) {
        this(devices, links, events, clock, publisher, publisher, spacing);
    }

    private TopologyManager(DeviceService devices, LinkSource links, EventDeliveryService events, Clock clock,
                            Executor publisher, ScheduledExecutorService spacer, Duration spacing) {
        this.devices = checkNotNull(devices, "devices");
        this.linkSource = checkNotNull(links, "links");
        this.events = checkNotNull(events, "events");
        this.clock = checkNotNull(clock, "clock");
        checkArgument(!checkNotNull(spacing, "spacing").isNegative(), "spacing must not be negative");
        this.spacer = spacer;
        this.spacingMillis = spacing.toMillis();
        this.publications = new CoalescingScheduler("Building the topology", publisher, this::publish);
        this.current = new AtomicReference<>(TopologySnapshot.empty(clock.instant()));
    }

    /** Follows device and link changes, and publishes the network as it is now. */
    public void start() {
        devices.addListener(deviceListener);
        linkSource.addChangeListener(linkListener);
        changed();
        log.info("Topology manager started");
    }

    public void stop() {
        devices.removeListener(deviceListener);
        linkSource.removeChangeListener(linkListener);
        log.info("Topology manager stopped at version {}", current.get().version());
    }

    @Override
    public TopologySnapshot current() {
        return current.get();
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }

    /**
     * Snapshots published, rebuilds run (a rebuild that changed nothing publishes nothing), and
     * rebuilds held back by the spacing.
     */
    public Map<String, Long> counters() {
        return ImmutableSortedMap.of("published", published.sum(), "rebuilds", rebuilds.sum(), "held", held.sum(),
                "version", current.get().version());
    }

    /** Something may have changed: schedule a publication unless one is already waiting. */
    private void changed() {
        publications.schedule();
    }

    /**
     * Builds the network as it is now and publishes it if it differs from the current snapshot;
     * within the spacing of the last rebuild, has it run again when the spacing is over instead.
     */
    private synchronized void publish() {
        long now = clock.millis();
        // within the spacing (a clock set back is not: then at once)
        if (spacer != null && now >= lastRebuildEnd && now < lastRebuildEnd + spacingMillis) {
            holdUntil(lastRebuildEnd + spacingMillis - now);
            return;
        }
        try {
            rebuild();
        } finally {
            lastRebuildEnd = clock.millis();
        }
    }

    /** Has {@link #publish} run again in {@code millis} ms, unless a held-back run is waiting already. */
    private void holdUntil(long millis) {
        if (!holding.compareAndSet(false, true)) {
            return;
        }
        held.increment();
        try {
            spacer.schedule(() -> {
                holding.set(false);
                publications.schedule();
            }, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            holding.set(false);
            log.debug("Topology rebuild not held back: the publisher is shut down");
        }
    }

    private void rebuild() {
        rebuilds.increment();
        TopologySnapshot prev = current.get();
        Map<DeviceId, Set<PortNumber>> ports = enabledPorts();
        TopologySnapshot next = new TopologySnapshot(prev.version() + 1, clock.instant(), ports, usableLinks(ports));
        Set<DeviceId> portsChanged = new TreeSet<>();
        for (DeviceId d : Sets.intersection(prev.devices(), next.devices())) {
            if (!prev.edgePorts(d).equals(next.edgePorts(d))) {
                portsChanged.add(d);
            }
        }
        Set<Link> linksAdded = minus(next.links(), prev.links());
        Set<Link> linksRemoved = minus(prev.links(), next.links());
        Set<DeviceId> devicesAdded = minus(next.devices(), prev.devices());
        Set<DeviceId> devicesRemoved = minus(prev.devices(), next.devices());
        if (linksAdded.isEmpty() && linksRemoved.isEmpty() && devicesAdded.isEmpty() && devicesRemoved.isEmpty()
                && portsChanged.isEmpty()) {
            return;
        }
        TopologyEvent event = new TopologyEvent(prev, next, linksAdded, linksRemoved, devicesAdded,
                devicesRemoved, portsChanged);
        next.replaces(prev);
        current.set(next);
        published.increment();
        log.info("Topology v{}: {} switches, {} links, {} edge ports; switches +{} -{}; links +{} -{};"
                        + " edge ports changed on {}", next.version(), next.devices().size(), next.links().size(),
                next.edgePorts().size(), describe(devicesAdded), describe(devicesRemoved), describe(linksAdded),
                describe(linksRemoved), describe(portsChanged));
        events.post(event, listeners);
    }

    /**
     * What {@code a} holds and {@code b} does not, in {@code a}'s order: one merge walk when both
     * are sorted in natural order (a snapshot's links and switches; a lookup per element would be
     * a binary search, and a view recomputes at every size()), a copy of the difference otherwise.
     */
    static <T extends Comparable<? super T>> ImmutableSet<T> minus(Set<T> a, Set<T> b) {
        if (!(a instanceof SortedSet<T> sa && isNatural(sa) && b instanceof SortedSet<T> sb && isNatural(sb))) {
            return ImmutableSet.copyOf(Sets.difference(a, b));
        }
        ImmutableSet.Builder<T> out = ImmutableSet.builder();
        Iterator<T> ib = sb.iterator();
        T y = ib.hasNext() ? ib.next() : null;
        for (T x : sa) {
            int c = -1;
            while (y != null && (c = x.compareTo(y)) > 0) {
                y = ib.hasNext() ? ib.next() : null;
            }
            if (y == null || c < 0) {
                out.add(x);
            }
        }
        return out.build();
    }

    private static boolean isNatural(SortedSet<?> s) {
        return s.comparator() == null || s.comparator().equals(Ordering.natural());
    }

    /** The connected switches and their enabled physical ports. */
    private Map<DeviceId, Set<PortNumber>> enabledPorts() {
        Map<DeviceId, Set<PortNumber>> ports = new TreeMap<>();
        for (Device d : devices.devices()) {
            if (d.connected()) {
                Set<PortNumber> up = new TreeSet<>();
                for (Port p : d.ports().values()) {
                    if (p.number().isPhysical() && p.isEnabled()) {
                        up.add(p.number());
                    }
                }
                ports.put(d.id(), up);
            }
        }
        return ports;
    }

    /**
     * The links between enabled ports of connected switches, at most one leaving and one arriving
     * at each port (the first in order wins).
     */
    private Collection<Link> usableLinks(Map<DeviceId, Set<PortNumber>> ports) {
        Set<ConnectPoint> srcTaken = new HashSet<>();
        Set<ConnectPoint> dstTaken = new HashSet<>();
        List<Link> kept = new ArrayList<>();
        Set<Link> left = new TreeSet<>();
        Link[] sorted = linkSource.links().toArray(new Link[0]);
        Arrays.sort(sorted);
        for (Link l : sorted) {
            if (!isUp(ports, l.src()) || !isUp(ports, l.dst())) {
                continue;
            }
            if (srcTaken.contains(l.src()) || dstTaken.contains(l.dst())) {
                left.add(l);
                continue;
            }
            srcTaken.add(l.src());
            dstTaken.add(l.dst());
            kept.add(l);
        }
        if (!left.equals(ambiguous)) {
            ambiguous = ImmutableSet.copyOf(left);
            if (!left.isEmpty()) {
                log.warn("Ports with more than one link (a non-OpenFlow segment between switches?): left out {}",
                        left);
            }
        }
        return kept;
    }

    private static boolean isUp(Map<DeviceId, Set<PortNumber>> ports, ConnectPoint cp) {
        Set<PortNumber> up = ports.get(cp.deviceId());
        return up != null && up.contains(cp.port());
    }

    private static String describe(Set<?> items) {
        if (items.isEmpty()) {
            return "0";
        }
        if (items.size() > LOG_ITEMS) {
            return Integer.toString(items.size());
        }
        return items.size() + " " + items.stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Device and port changes: any of them may change the snapshot. */
    private final class InternalDeviceListener implements DeviceListener {
        @Override
        public boolean isRelevant(DeviceEvent event) {
            return event.type() != DeviceEvent.Type.DEVICE_UPDATED;
        }

        @Override
        public void event(DeviceEvent event) {
            changed();
        }
    }
}
