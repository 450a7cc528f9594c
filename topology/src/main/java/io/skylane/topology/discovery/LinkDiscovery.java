package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.device.DeviceEvent;
import io.skylane.core.device.DeviceListener;
import io.skylane.core.device.DeviceService;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.flow.Match;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.Port;
import io.skylane.core.packet.Ethernet;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.MalformedPacketException;
import io.skylane.core.packet.PacketContext;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.packet.PacketService;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.topology.HostListener;
import io.skylane.topology.Link;
import io.skylane.topology.LinkSource;
import io.skylane.topology.PortClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the links between switches with signed LLDP probes.
 *
 * <p>Every enabled physical port of every connected switch is probed: at once when the switch
 * connects or the port comes up, then once per probe interval, spread over the interval (see
 * {@link ProbeSchedule}); except that a port the tenant data plane claims is never probed (a probe
 * would tell the tenant's host the switch's datapath id and port number), and a port where hosts
 * were learned is probed in the periodic rounds only once per {@link #HOST_PORT_PROBE_INTERVAL}
 * (see {@link ProbeScope}). A probe that comes back as a packet-in at another port, carries this
 * controller's id and signature and is younger than the link timeout makes the directed link
 * (where it was sent out) -> (where it came in) known; a newly found link whose reverse is not known
 * yet has the reverse probed at once, so both directions of a cable appear together. A link goes
 * away at once when a port at either end goes down or away or either switch disconnects, and when
 * no probe has confirmed it for the link timeout (counted only while discovery keeps up: after
 * the timer itself stalled, or while probes come back late, from the end of it; and while probes
 * come back late the periodic rounds yield to the rest of the controller; see {@link DiscoveryPace}).
 *
 * <p>As the first packet processor it blocks every LLDP and BDDP packet-in, valid or not, so no
 * forwarding app ever floods a probe (which would make links appear between switches that are not
 * neighbours). On every connected switch it wants a rule (table 0, priority {@link #TRAP_PRIORITY})
 * sending LLDP to the controller, whatever other apps install.
 *
 * <p>Threads: {@link #process} runs on the I/O threads (lock-free map updates), {@link #event} on
 * the event thread, the periodic probes and the timeout sweep on the given scheduler.
 */
public final class LinkDiscovery implements PacketProcessor, DeviceListener, LinkSource {

    private static final Logger log = LoggerFactory.getLogger(LinkDiscovery.class);

    /** The app's identity and cookie. */
    public static final AppId APP_ID = SkylanePipeline.DISCOVERY;
    /** Priority of the LLDP-to-controller rule: the bottom of discovery's band, above every other app's. */
    public static final int TRAP_PRIORITY = SkylanePipeline.LLDP_TRAP.priority(0);

    /**
     * Settings.
     *
     * <p>Defaults: probes every second and a link timeout of 3.5 s. Discovery mostly does not wait
     * for the interval: a switch's ports are probed the moment it connects, and a link found one way
     * has its reverse probed at once, so a 100-switch Mininet network is complete as its switches
     * connect, and at the latest one interval after the last one did (a probe that reached a
     * switch not yet connected is sent again by the next round). The timeout bounds how long a link
     * that dies without a PORT_STATUS (a silent failure in between) is kept: 3.5 s, i.e. three
     * probes in a row lost, which an unloaded control channel does not do, while a link the switches
     * report down goes at once. At 1 s, 100 switches with 8 ports cost 800 packet-outs and 800
     * packet-ins a second, spread evenly: little for the controller and for Open vSwitch.
     *
     * @param probeInterval every port is probed once per interval; at least 10 ms
     * @param linkTimeout   a link not confirmed for this long is removed, and a probe older than
     *                      this is refused as a replay; at least twice the probe interval
     * @param controllerId  carried in every probe; probes with another id are refused
     * @param secret        the HMAC key, at least 16 bytes; copied in and out, never printed
     */
    public record Config(Duration probeInterval, Duration linkTimeout, long controllerId, byte[] secret) {

        public Config {
            checkNotNull(probeInterval, "probeInterval");
            checkNotNull(linkTimeout, "linkTimeout");
            checkNotNull(secret, "secret");
            checkArgument(probeInterval.toMillis() >= 10, "probeInterval must be at least 10 ms");
            checkArgument(linkTimeout.compareTo(probeInterval.multipliedBy(2)) >= 0,
                    "linkTimeout must be at least twice probeInterval");
            checkArgument(secret.length >= ProbeSigner.MIN_SECRET_LENGTH, "secret must be at least 16 bytes");
            secret = secret.clone();
        }

        /** 1 s probe interval, 3.5 s link timeout, a random controller id and secret. */
        public static Config defaults() {
            return of(Duration.ofSeconds(1), Duration.ofMillis(3500));
        }

        /** These timings with a random controller id and secret (a new one at every start). */
        public static Config of(Duration probeInterval, Duration linkTimeout) {
            return new Config(probeInterval, linkTimeout, ProbeSigner.randomControllerId(),
                    ProbeSigner.randomSecret());
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /** How often the periodic work runs: a twentieth of the interval, at least 10 ms. */
        long tickMillis() {
            return Math.max(10, probeInterval.toMillis() / 20);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && probeInterval.equals(c.probeInterval) && linkTimeout.equals(c.linkTimeout)
                    && controllerId == c.controllerId && Arrays.equals(secret, c.secret);
        }

        @Override
        public int hashCode() {
            return Objects.hash(probeInterval, linkTimeout, controllerId, Arrays.hashCode(secret));
        }

        @Override
        public String toString() {
            return "Config[probeInterval=" + probeInterval.toMillis() + "ms, linkTimeout=" + linkTimeout.toMillis()
                    + "ms, controllerId=" + Long.toHexString(controllerId) + ", secret=(" + secret.length + " bytes)]";
        }
    }

    /**
     * How often the periodic rounds probe a port where hosts were learned (and at least once per
     * probe interval). Such a port has a host behind it, not a switch; a switch plugged in there
     * later is found at once if its port goes down and up, else within this interval.
     */
    public static final Duration HOST_PORT_PROBE_INTERVAL = Duration.ofSeconds(30);

    private final DeviceService devices;
    private final PacketService packets;
    private final FlowRuleService flows;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Config config;
    private final ProbeSigner signer;
    private final ProbeSchedule schedule;
    private final ProbeScope scope;
    private final ProbeSender sender;
    private final LinkTable links = new LinkTable();
    private final List<Runnable> changeListeners = new CopyOnWriteArrayList<>();
    private ScheduledFuture<?> timer;

    private final DiscoveryCounters counters = new DiscoveryCounters();
    /** Each link found is logged at INFO up to 100 a second; beyond, counted in one line per second. */
    private final LogBudget discoveredLog = new LogBudget(100, 1000);
    private final DiscoveryPace pace;

    /** Without tenant port claims (tests and benchmarks without a tenant data plane): every port is probed. */
    public LinkDiscovery(DeviceService devices, PacketService packets, FlowRuleService flows, Clock clock,
                         ScheduledExecutorService scheduler, Config config) {
        this(devices, packets, flows, new PortClaims(), clock, scheduler, config);
    }

    /**
     * @param claims    the tenant data plane's ports, never probed
     * @param scheduler runs the periodic probes and the timeout sweep; not shut down by {@link #stop}
     */
    public LinkDiscovery(DeviceService devices, PacketService packets, FlowRuleService flows, PortClaims claims,
                         Clock clock, ScheduledExecutorService scheduler, Config config) {
        this.devices = checkNotNull(devices, "devices");
        this.packets = checkNotNull(packets, "packets");
        this.flows = checkNotNull(flows, "flows");
        this.clock = checkNotNull(clock, "clock");
        this.scheduler = checkNotNull(scheduler, "scheduler");
        this.config = checkNotNull(config, "config");
        this.signer = new ProbeSigner(config.controllerId(), config.secret());
        this.schedule = new ProbeSchedule(config.probeInterval().toMillis());
        this.scope = new ProbeScope(claims, HOST_PORT_PROBE_INTERVAL.toMillis());
        int ttlSeconds = (int) Math.min(0xffff, Math.max(1, (config.linkTimeout().toMillis() + 999) / 1000));
        this.sender = new ProbeSender(devices, packets, clock, scope, new ProbeFrames(signer, ttlSeconds), counters);
        this.pace = new DiscoveryPace(config.tickMillis(), config.probeInterval().toMillis(),
                config.linkTimeout().toMillis(), counters);
    }

    /** The LLDP-to-controller rule discovery wants on a switch. */
    public static FlowRule trapRule(DeviceId device) {
        return FlowRule.builder().device(device).table(SkylanePipeline.CLASSIFY.id()).priority(TRAP_PRIORITY)
                .match(Match.builder().add(Criterion.ethType(EthType.LLDP)).build())
                .apply(Action.toController()).app(APP_ID).build();
    }

    /**
     * Starts: takes LLDP packet-ins first, follows device events, sets the trap rule on and probes
     * the switches already connected, and starts the periodic probes.
     */
    public synchronized void start() {
        packets.addProcessor(this, PacketProcessor.DISCOVERY);
        devices.addListener(this);
        for (Device d : devices.devices()) {
            if (d.connected()) {
                deviceUp(d);
            }
        }
        long tick = config.tickMillis();
        timer = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        log.info("Link discovery started: {}", config);
    }

    /** Stops probing, forgets every link and removes the trap rules. */
    public synchronized void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        packets.removeProcessor(this);
        devices.removeListener(this);
        flows.removeApp(APP_ID);
        if (links.clear()) {
            changed();
        }
        log.info("Link discovery stopped");
    }

    // ---- LinkSource -------------------------------------------------------------------------

    @Override
    public Set<Link> links() {
        return links.links();
    }

    /**
     * Where hosts are: register it with the host service, so that ports with hosts behind them are
     * probed rarely (see {@link #HOST_PORT_PROBE_INTERVAL}).
     */
    public HostListener hostListener() {
        return scope;
    }

    /** When a probe last confirmed the link; empty if the link is not known. */
    public Optional<Instant> lastSeen(Link link) {
        return links.lastSeen(checkNotNull(link, "link")).map(Instant::ofEpochMilli);
    }

    @Override
    public void addChangeListener(Runnable listener) {
        changeListeners.add(checkNotNull(listener, "listener"));
    }

    @Override
    public void removeChangeListener(Runnable listener) {
        changeListeners.remove(listener);
    }

    private void changed() {
        for (Runnable r : changeListeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("Link change listener {} failed: {}", r, e.toString());
            }
        }
    }

    // ---- packet-ins -------------------------------------------------------------------------

    @Override
    public void process(PacketContext context) {
        InboundPacket in = context.inbound();
        Ethernet eth = in.ethernet();
        if (!eth.isLldp()) {
            return;
        }
        context.block();
        counters.lldpReceived.increment();
        Optional<LldpProbe> parsed;
        try {
            parsed = LldpCodec.parse(eth);
        } catch (MalformedPacketException e) {
            counters.malformed.increment();
            log.debug("Malformed LLDP from {}: {}", in.receivedFrom(), e.getMessage());
            return;
        }
        if (parsed.isEmpty()) {
            counters.foreign.increment();
            log.debug("LLDP from {} is not a Skylane probe: {}", in.receivedFrom(), eth);
            return;
        }
        LldpProbe probe = parsed.get();
        Instant now = clock.instant();
        ProbeSigner.Verdict verdict = signer.verify(probe, now, config.linkTimeout());
        if (verdict == ProbeSigner.Verdict.VALID || verdict == ProbeSigner.Verdict.STALE) {
            pace.probeReturned(probe.time().toEpochMilli(), now.toEpochMilli());
        }
        if (verdict != ProbeSigner.Verdict.VALID) {
            counters.refused(verdict).increment();
            log.debug("Refusing {} received at {}: {}", probe, in.receivedFrom(), verdict);
            return;
        }
        ConnectPoint dst = in.receivedFrom();
        if (!dst.port().isPhysical() || dst.equals(probe.source())) {
            counters.notLive.increment();
            log.debug("Ignoring {} received at {}: not a link between two ports", probe, dst);
            return;
        }
        record(Link.of(probe.source(), dst), now.toEpochMilli());
    }

    private void record(Link link, long now) {
        switch (links.confirm(link, now, this::isLive)) {
            case ADDED -> {
                if (discoveredLog.take(now)) {
                    log.info("Link {} discovered", link);
                } else {
                    log.debug("Link {} discovered", link);
                }
                changed();
                if (!links.contains(link.reverse())) {
                    sender.probe(link.dst());
                }
            }
            case CONFIRMED -> log.debug("Probe confirmed {}", link);
            default -> {
                counters.notLive.increment();
                log.debug("Ignoring a probe over {}: an end is down", link);
            }
        }
    }

    /** Both ends are enabled ports of connected switches. */
    private boolean isLive(Link link) {
        return isLive(link.src()) && isLive(link.dst());
    }

    private boolean isLive(ConnectPoint cp) {
        return livePort(cp).isPresent();
    }

    private Optional<Port> livePort(ConnectPoint cp) {
        return sender.livePort(cp);
    }

    // ---- device events ----------------------------------------------------------------------

    @Override
    public boolean isRelevant(DeviceEvent event) {
        return event.type() != DeviceEvent.Type.DEVICE_UPDATED;
    }

    @Override
    public void event(DeviceEvent event) {
        Device device = event.subject();
        DeviceId id = device.id();
        switch (event.type()) {
            case DEVICE_CONNECTED -> {
                removeLinks(id, l -> !isLive(l), "switch " + id + " reconnected without the port");
                deviceUp(device);
            }
            case DEVICE_DISCONNECTED -> {
                removeLinks(id, l -> true, "switch " + id + " disconnected");
                sender.forget(id);
            }
            case PORT_ADDED, PORT_UPDATED -> event.port().ifPresent(p -> {
                ConnectPoint cp = ConnectPoint.of(id, p.number());
                if (p.isEnabled()) {
                    sender.probe(cp);
                } else {
                    removeLinks(id, l -> l.src().equals(cp) || l.dst().equals(cp), "port " + cp + " down");
                }
            });
            case PORT_REMOVED -> event.port().ifPresent(p -> {
                ConnectPoint cp = ConnectPoint.of(id, p.number());
                removeLinks(id, l -> l.src().equals(cp) || l.dst().equals(cp), "port " + cp + " removed");
            });
            default -> {
            }
        }
    }

    /** A switch connected: LLDP must reach the controller, and every port is probed now. */
    private void deviceUp(Device device) {
        DeviceId id = device.id();
        try {
            flows.setDesired(APP_ID, id, List.of(trapRule(id)), List.of()).whenComplete((result, ex) -> {
                if (ex != null) {
                    log.warn("LLDP trap rule for switch {} was not confirmed: {}", id, ex.toString());
                } else if (!result.isSuccess()) {
                    log.warn("Switch {} refused the LLDP trap rule: {}", id, result.failures());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Cannot set the LLDP trap rule of switch {}: {}", id, e.toString());
        }
        List<ConnectPoint> ports = new ArrayList<>(device.ports().size());
        for (Port p : device.ports().values()) {
            ports.add(ConnectPoint.of(id, p.number()));
        }
        sender.probeAll(ports);
    }

    /** Removes the links from or to switch {@code id} that {@code which} selects. */
    private void removeLinks(DeviceId id, Predicate<Link> which, String reason) {
        List<Link> removed = links.removeTouching(id, which);
        removed.forEach(l -> log.info("Link {} removed: {}", l, reason));
        if (!removed.isEmpty()) {
            changed();
        }
    }

    // ---- probes and timeouts ----------------------------------------------------------------

    /**
     * The periodic work: the probes now due, then the links not confirmed for the link timeout.
     *
     * <p>The timeout counts only time during which discovery kept up: when the timer itself ran
     * late by more than half a probe interval (its thread was busy or starved, so the probes were
     * not sent), or probes come back that much late (the packet-ins wait on busy I/O threads), no
     * link times out until a whole link timeout has passed since, which gives every link the
     * probes it missed. Without it, the first tick after such a stall would remove every link
     * whose probe the stall held back. While probes come back late, the round's probes are
     * skipped (see {@link DiscoveryPace}).
     */
    private void tick() {
        try {
            long now = clock.millis();
            String stall = pace.tick(now);
            if (stall != null) {
                log.debug("Link discovery's timer {}: link timeouts held for {} ms", stall,
                        config.linkTimeout().toMillis());
            }
            List<ConnectPoint> due = schedule.due(now, () -> scope.roundTargets(devices.devices(), now));
            if (pace.roundsYield(now)) {
                counters.probesYielded.add(due.size());
            } else {
                sender.probeAll(due);
            }
            if (pace.mayExpire(now)) {
                expire(now);
            }
            long unlisted = discoveredLog.takeSkipped(now);
            if (unlisted > 0) {
                log.info("{} more links discovered, not listed one by one (DEBUG lists each)", unlisted);
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: keep discovery alive
            log.warn("Link discovery round failed: {}", e.toString());
            log.debug("Link discovery round failure", e);
        }
    }

    private void expire(long now) {
        List<Map.Entry<Link, Long>> removed = links.expire(now, config.linkTimeout().toMillis());
        for (Map.Entry<Link, Long> e : removed) {
            counters.linksTimedOut.increment();
            log.info("Link {} timed out: no probe for {} ms", e.getKey(), now - e.getValue());
        }
        if (!removed.isEmpty()) {
            changed();
        }
    }

    // ---- counters ---------------------------------------------------------------------------

    /** Counters by name, for operators: probes sent, LLDP received and why some were refused. */
    public Map<String, Long> counters() {
        return counters.toMap(links.size(), links.expiryScans());
    }

    @Override
    public String toString() {
        return "LinkDiscovery";
    }
}
