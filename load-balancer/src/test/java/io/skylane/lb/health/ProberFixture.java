package io.skylane.lb.health;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.MutableClock;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.vpc.model.HealthMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A prober on a clock that stands still and an executor that runs its tick when the test says:
 * {@link #advance} moves time in 10 ms steps, running the tick after each. Records what it sends
 * (with the time) and the transitions it reports.
 */
final class ProberFixture {

    static final MacAddress ROUTER = MacAddress.parse("0e:5c:01:00:00:64");
    static final Ip4Address VIP = Ip4Address.parse("10.0.0.100");
    static final Duration STEP = Duration.ofMillis(10);

    /** A packet-out and when it left. */
    record Sent(OutboundPacket packet, Instant at) {
    }

    final MutableClock clock = new MutableClock();
    final ManualScheduler scheduler = new ManualScheduler();
    final List<Sent> sent = new ArrayList<>();
    final List<HealthTransition> transitions = new ArrayList<>();
    final HealthProber prober;

    ProberFixture() {
        this(HealthProber.DEFAULT_PROBES_PER_SECOND);
    }

    ProberFixture(int perSwitch) {
        prober = HealthProber.builder(p -> sent.add(new Sent(p, clock.instant())), clock, scheduler,
                        transitions::add)
                .probesPerSecondPerSwitch(perSwitch)
                .random(new SplittableRandom(1))
                .build();
    }

    /** Moves time forward by {@code d}, running the prober's tick every 10 ms. */
    void advance(Duration d) {
        for (long n = d.dividedBy(STEP); n > 0; n--) {
            clock.advance(STEP);
            scheduler.runPeriodic();
        }
    }

    /** Advances until the prober sends something (at most {@code limit}); returns what it sent. */
    List<OutboundPacket> advanceUntilSent(Duration limit) {
        int before = sent.size();
        for (long n = limit.dividedBy(STEP); n > 0 && sent.size() == before; n--) {
            clock.advance(STEP);
            scheduler.runPeriodic();
        }
        return taken(before);
    }

    /** The packets sent from index {@code from} on. */
    List<OutboundPacket> taken(int from) {
        return sent.subList(from, sent.size()).stream().map(Sent::packet).toList();
    }

    OutboundPacket last() {
        return sent.get(sent.size() - 1).packet();
    }

    static UUID id(int n) {
        return new UUID(0x5c00_0000_0000_0000L, n);
    }

    static Ip4Address memberIp(int n) {
        return Ip4Address.of(Ip4Address.parse("10.0.0.0").value() + n);
    }

    /** Member {@code n} of pool 1 on switch {@code dpid}, port 8080, delay 5 s, timeout 2 s, up after 2, down after 3. */
    static ProbeTarget target(int n, long dpid, HealthMonitor.Type type) {
        return target(n, dpid, type, Duration.ofSeconds(5), Duration.ofSeconds(2));
    }

    static ProbeTarget target(int n, long dpid, HealthMonitor.Type type, Duration delay, Duration timeout) {
        return new ProbeTarget(id(n), id(100_000), DeviceId.of(dpid), ROUTER, MacAddress.of(0x0e5c_0000_0000L + n),
                VIP, memberIp(n), 8080, type, delay, timeout, 2, 3);
    }
}
