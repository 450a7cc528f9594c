package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Action;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.InboundPacket;
import io.skylane.core.packet.OutboundPacket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the members of the pools that have a health monitor and keeps their verdicts
 * (docs/load-balancer-design.md §5).
 * <ul>
 * <li>Each probe is a packet-out at the member's switch, {@code in_port=CONTROLLER},
 *     {@code output:TABLE}, from the VIP and the router MAC ({@link ProbeFrames}).</li>
 * <li>Spread: a target's first probe is due at a stable offset within its delay (a hash of the
 *     member id) after it was first given, then every delay. A target has at most one probe in
 *     flight; the next is due a delay after the previous one was due.</li>
 * <li>Bounded: at most the configured number of probes per second to one switch, spread out
 *     ({@link SwitchPacer}); probes beyond it wait in due order, so a switch with hundreds of
 *     members is probed at a steady rate and every member in turn.</li>
 * <li>Outcomes. TCP: SYN/ACK is a success (and a RST closes the half-open connection), RST or
 *     an ICMP unreachable a failure. PING: the echo reply is a success. UDP-CONNECT: an ICMP
 *     unreachable is a failure, a UDP answer a success. Silence until the timeout is a failure,
 *     except for UDP-CONNECT where it is a success.</li>
 * <li>An answer counts only if it matches a probe in flight: the switch it came from, the
 *     addresses and ports (or echo id) and what only the true answer knows (ISN + 1, the echo
 *     sequence number, the UDP checksum quoted back). Late, repeated or forged ones are ignored.</li>
 * <li>Verdicts change as {@link MemberHealth} says; each transition is logged at INFO and told to
 *     the listener, in order, outside the prober's lock.</li>
 * </ul>
 * Time comes from the clock given; a periodic task on the executor given runs the prober every
 * tick (tests move a clock and run the task by hand). Thread-safe: packet-ins, target updates and
 * ticks may come from any thread.
 */
public final class HealthProber implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthProber.class);

    public static final int DEFAULT_PROBES_PER_SECOND = 100;
    public static final Duration DEFAULT_TICK = Duration.ofMillis(10);

    private static final List<Action> INTO_TABLES = List.of(Action.output(PortNumber.TABLE));

    private final Consumer<OutboundPacket> sender;
    private final Clock clock;
    private final HealthListener listener;
    private final int perSwitch;
    private final long tickNanos;
    private final RandomGenerator random;
    private final Instant base;
    private final ScheduledFuture<?> ticking;

    private final Object lock = new Object();
    private final Map<UUID, Tracked> tracked = new HashMap<>();
    private final Map<DeviceId, SwitchLane> lanes = new HashMap<>();
    private final InFlight inFlight = new InFlight();
    private long lastNow;
    private boolean closed;

    private final ConcurrentLinkedQueue<HealthTransition> toTell = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean telling = new AtomicBoolean();
    private final ProberCounters count = new ProberCounters();


    private HealthProber(Builder b) {
        this.sender = b.sender;
        this.clock = b.clock;
        this.listener = b.listener;
        this.perSwitch = b.perSwitch;
        this.tickNanos = b.tick.toNanos();
        this.random = b.random != null ? b.random : new SecureRandom();
        this.base = clock.instant();
        this.ticking = b.executor.scheduleWithFixedDelay(this::tickSafely, tickNanos, tickNanos,
                TimeUnit.NANOSECONDS);
    }

    /**
     * A prober that sends its packet-outs to {@code sender} (a {@code PacketService::emit}), reads
     * time from {@code clock}, runs every tick on {@code executor} and tells {@code listener} of
     * each transition.
     */
    public static Builder builder(Consumer<OutboundPacket> sender, Clock clock, ScheduledExecutorService executor,
                                  HealthListener listener) {
        return new Builder(sender, clock, executor, listener);
    }

    /** Options of a prober; {@link #build()} starts it. */
    public static final class Builder {
        private final Consumer<OutboundPacket> sender;
        private final Clock clock;
        private final ScheduledExecutorService executor;
        private final HealthListener listener;
        private int perSwitch = DEFAULT_PROBES_PER_SECOND;
        private Duration tick = DEFAULT_TICK;
        private RandomGenerator random;

        private Builder(Consumer<OutboundPacket> sender, Clock clock, ScheduledExecutorService executor,
                        HealthListener listener) {
            this.sender = checkNotNull(sender, "sender");
            this.clock = checkNotNull(clock, "clock");
            this.executor = checkNotNull(executor, "executor");
            this.listener = checkNotNull(listener, "listener");
        }

        /** At most this many probes per second to one switch (default {@value #DEFAULT_PROBES_PER_SECOND}). */
        public Builder probesPerSecondPerSwitch(int n) {
            checkArgument(n >= 1 && n <= 1_000_000, "probes per second per switch must be 1..1000000");
            this.perSwitch = n;
            return this;
        }

        /** How often the prober sends what is due and times out what is late (default 10 ms). */
        public Builder tick(Duration d) {
            checkNotNull(d, "tick");
            checkArgument(d.compareTo(Duration.ofMillis(1)) >= 0 && d.compareTo(Duration.ofSeconds(1)) <= 0,
                    "tick must be 1 ms..1 s");
            this.tick = d;
            return this;
        }

        /** Where ISNs, echo sequence numbers and UDP nonces come from (default: a SecureRandom). */
        public Builder random(RandomGenerator r) {
            this.random = checkNotNull(r, "random");
            return this;
        }

        /** The prober, its tick already scheduled. */
        public HealthProber build() {
            return new HealthProber(this);
        }
    }

    /**
     * Probes exactly {@code targets} from now on (at most one per member id). A target equal to
     * one already probed keeps its verdict, counts and schedule; a target that changed (or moved
     * switch) keeps its member's verdict but starts counting and scheduling afresh; a target no
     * longer given stops (its probe in flight is forgotten). A member new to the prober starts
     * with the verdict {@code initialUp} gives it (its stored operating status), up if absent.
     */
    public void setTargets(Collection<ProbeTarget> targets, Map<UUID, Boolean> initialUp) {
        checkNotNull(targets, "targets");
        checkNotNull(initialUp, "initialUp");
        Map<UUID, ProbeTarget> given = new HashMap<>();
        for (ProbeTarget t : targets) {
            checkArgument(given.put(checkNotNull(t, "target").memberId(), t) == null,
                    "member %s given twice", t.memberId());
        }
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = now();
            Map<UUID, Boolean> kept = new HashMap<>();
            for (Iterator<Tracked> it = tracked.values().iterator(); it.hasNext(); ) {
                Tracked t = it.next();
                if (!t.target.equals(given.get(t.target.memberId()))) {
                    stop(t);
                    it.remove();
                    kept.put(t.target.memberId(), t.health.up());
                }
            }
            int added = 0;
            for (ProbeTarget g : given.values()) {
                if (tracked.containsKey(g.memberId())) {
                    continue;
                }
                boolean up = kept.getOrDefault(g.memberId(), initialUp.getOrDefault(g.memberId(), true));
                long hash = hash(g.memberId());
                Tracked t = new Tracked(g, MemberHealth.initial(up, g.maxRetries(), g.maxRetriesDown()),
                        now + Math.floorMod(hash, g.delay().toNanos()), (int) (hash >>> 56));
                tracked.put(g.memberId(), t);
                lane(g.device()).add(t);
                added++;
            }
            log.debug("Health targets: {} probed, {} new or changed, {} stopped or changed", tracked.size(), added,
                    kept.size());
        }
    }

    /** {@link #onPacket(DeviceId, byte[])} for a packet-in. */
    public boolean onPacket(InboundPacket in) {
        return onPacket(in.deviceId(), in.data());
    }

    /**
     * Settles the probe in flight that {@code frame}, punted by switch {@code device}, answers.
     *
     * @return true if it answered a probe in flight (the packet is consumed), false for anything
     *     else (another packet, or a late, repeated or forged answer)
     */
    public boolean onPacket(DeviceId device, byte[] frame) {
        checkNotNull(device, "device");
        ProbeAnswer answer = ProbeFrames.parse(frame);
        if (answer instanceof ProbeAnswer.NotAnAnswer) {
            return false;
        }
        List<OutboundPacket> out = new ArrayList<>(1);
        synchronized (lock) {
            if (closed) {
                return false;
            }
            InFlight.Outcome o = inFlight.match(device, answer);
            if (o == null) {
                if (InFlight.toProbePort(answer)) {
                    count.answersUnmatched.increment();
                    log.debug("Unmatched probe answer from {}: {}", device, answer);
                }
                return false;
            }
            count.answers.increment();
            if (answer instanceof ProbeAnswer.SynAck) {
                ProbeTarget t = o.probe().tracked.target;
                out.add(OutboundPacket.of(t.device(), INTO_TABLES,
                        ProbeFrames.reset(t, o.probe().key.probePort(), InFlight.next(o.probe().expected))));
                count.resetsSent.increment();
            }
            settle(o.probe(), o.success(), o.reason(), now());
        }
        send(out);
        tell();
        return true;
    }

    /** A member's verdict: true if it is up, or if the prober does not probe it. */
    public boolean isUp(UUID memberId) {
        synchronized (lock) {
            Tracked t = tracked.get(memberId);
            return t == null || t.health.up();
        }
    }

    /** The verdict of every member probed. */
    public Map<UUID, Boolean> verdicts() {
        synchronized (lock) {
            ImmutableMap.Builder<UUID, Boolean> b = ImmutableMap.builderWithExpectedSize(tracked.size());
            tracked.forEach((id, t) -> b.put(id, t.health.up()));
            return b.build();
        }
    }

    /**
     * Counts since start, by name: probes sent, deferred (sent more than a tick after they were
     * due, held back by the per-switch bound), answers matched, answers to a probe port that matched
     * nothing, timeouts (for UDP-CONNECT, silences that count as successes), successes, failures,
     * RSTs sent after a SYN/ACK, transitions up and down, packet-outs the sender refused; and, now,
     * the targets probed and the probes in flight.
     */
    public Map<String, Long> counters() {
        long targets;
        long flying;
        synchronized (lock) {
            targets = tracked.size();
            flying = inFlight.size();
        }
        return count.snapshot(targets, flying);
    }

    /** Stops probing: no more ticks, packets or transitions. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            tracked.clear();
            lanes.clear();
            inFlight.clear();
        }
        ticking.cancel(false);
    }

    /** Times out what is late and sends what is due and allowed; the executor runs it every tick. */
    void tick() {
        List<OutboundPacket> out = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            long now = now();
            expire(now);
            for (Iterator<SwitchLane> it = lanes.values().iterator(); it.hasNext(); ) {
                SwitchLane lane = it.next();
                sendDue(lane, now, out);
                if (lane.idle(now)) {
                    it.remove();
                }
            }
        }
        send(out);
        tell();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Health probe tick failed: {}", e.toString());
            log.debug("Health probe tick failure", e);
        }
    }

    private void expire(long now) {
        for (Probe p : inFlight.expired(now)) {
            count.timeouts.increment();
            ProbeTarget t = p.tracked.target;
            if (p.key.protocol() == IpProtocol.UDP) {
                settle(p, true, "no ICMP unreachable within " + seconds(t.timeout()), now);
            } else {
                settle(p, false, "no answer within " + seconds(t.timeout()), now);
            }
        }
    }

    private void sendDue(SwitchLane lane, long now, List<OutboundPacket> out) {
        for (Tracked t = lane.pollDue(now); t != null; t = lane.pollDue(now)) {
            ProbeTarget g = t.target;
            int protocol = protocol(g);
            ProbeKey key = inFlight.freeKey(t, protocol);
            if (key == null) { // every probe port is in flight to this member:port (256 pools alike)
                t.due = now + g.delay().toNanos();
                lane.add(t);
                continue;
            }
            byte[] frame;
            long expected;
            if (protocol == IpProtocol.TCP) {
                expected = random.nextInt() & 0xffffffffL;
                frame = ProbeFrames.syn(g, key.probePort(), expected);
            } else if (protocol == IpProtocol.ICMP) {
                expected = random.nextInt(0x10000);
                frame = ProbeFrames.echoRequest(g, key.probePort(), (int) expected);
            } else {
                frame = ProbeFrames.udp(g, key.probePort(), random.nextInt());
                expected = ProbeFrames.quotedWord(frame);
            }
            Probe p = new Probe(key, t, expected, t.due, now + g.timeout().toNanos());
            t.inFlight = p;
            inFlight.add(p);
            out.add(OutboundPacket.of(g.device(), INTO_TABLES, frame));
            count.probesSent.increment();
            if (now - t.due > tickNanos) {
                count.probesDeferred.increment();
            }
        }
    }

    /** The probe is over: count it, update the verdict, queue the target's next probe. */
    private void settle(Probe p, boolean success, String reason, long now) {
        inFlight.remove(p);
        Tracked t = p.tracked;
        t.inFlight = null;
        (success ? count.successes : count.failures).increment();
        MemberHealth before = t.health;
        t.health = before.next(success);
        if (t.health.up() != before.up()) {
            transition(t, before, reason);
        }
        t.due = Math.max(p.due + t.target.delay().toNanos(), now);
        lane(t.target.device()).add(t);
    }

    private void transition(Tracked t, MemberHealth before, String last) {
        ProbeTarget g = t.target;
        boolean up = t.health.up();
        int n = before.streak() + 1;
        String reason = n == 1 ? "probe " + (up ? "succeeded: " : "failed: ") + last
                : n + " probes in a row " + (up ? "succeeded" : "failed") + ", last: " + last;
        (up ? count.transitionsUp : count.transitionsDown).increment();
        log.info("Member {} of pool {} ({}:{}, {} monitor at {}) {} -> {}: {}", g.memberId(), g.poolId(), g.member(),
                g.memberPort(), g.type().json(), g.device(), before.up() ? "UP" : "DOWN", up ? "UP" : "DOWN", reason);
        toTell.add(new HealthTransition(g.memberId(), g.poolId(), up, reason, clock.instant()));
    }

    private void stop(Tracked t) {
        if (t.inFlight != null) {
            inFlight.remove(t.inFlight);
            t.inFlight = null;
        } else {
            SwitchLane lane = lanes.get(t.target.device());
            if (lane != null) {
                lane.remove(t);
            }
        }
    }

    private SwitchLane lane(DeviceId device) {
        return lanes.computeIfAbsent(device, d -> new SwitchLane(new SwitchPacer(perSwitch, tickNanos)));
    }

    private void send(List<OutboundPacket> out) {
        for (OutboundPacket p : out) {
            try {
                sender.accept(p);
            } catch (RuntimeException e) {
                count.sendErrors.increment();
                log.warn("Health probe packet-out to {} failed: {}", p.deviceId(), e.toString());
            }
        }
    }

    /** Tells the listener of the transitions queued, in order, one caller at a time. */
    private void tell() {
        while (!toTell.isEmpty() && telling.compareAndSet(false, true)) {
            try {
                HealthTransition h;
                while ((h = toTell.poll()) != null) {
                    try {
                        listener.transition(h);
                    } catch (RuntimeException e) {
                        log.warn("Health listener failed on {}: {}", h, e.toString());
                        log.debug("Health listener failure", e);
                    }
                }
            } finally {
                telling.set(false);
            }
        }
    }

    /** Nanoseconds since the prober started, never going back. */
    private long now() {
        long n = Duration.between(base, clock.instant()).toNanos();
        lastNow = Math.max(lastNow, n);
        return lastNow;
    }

    private static int protocol(ProbeTarget t) {
        switch (t.type()) {
            case TCP:
                return IpProtocol.TCP;
            case PING:
                return IpProtocol.ICMP;
            default:
                return IpProtocol.UDP;
        }
    }

    /** A 64-bit hash of a member id (SplitMix64's finaliser over both halves): its probes' phase and first port. */
    static long hash(UUID id) {
        return mix(mix(id.getMostSignificantBits()) ^ id.getLeastSignificantBits());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
