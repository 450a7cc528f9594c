package io.skylane.lb.health;

import static io.skylane.lb.health.ProberFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.lb.frames.Ip4Packet;
import io.skylane.vpc.model.HealthMonitor.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** When probes leave: spread over the delay, steady, bounded per switch, and kept across target updates. */
class HealthProberSchedulingTest {

    private static Ip4Address to(OutboundPacket p) {
        return Ip4Packet.parse(p.data()).orElseThrow().destination();
    }

    private static long millis(Instant start, Instant at) {
        return Duration.between(start, at).toMillis();
    }

    @Test
    void firstProbesAreSpreadOverTheDelayThenComeEveryDelay() {
        ProberFixture f = new ProberFixture();
        List<ProbeTarget> targets = new ArrayList<>();
        for (int n = 1; n <= 200; n++) {
            targets.add(target(n, 1 + n % 20, Type.PING, Duration.ofSeconds(10), Duration.ofSeconds(1)));
        }
        Instant start = f.clock.instant();
        f.prober.setTargets(targets, Map.of());
        f.advance(Duration.ofSeconds(30));
        Map<Ip4Address, List<Long>> times = new HashMap<>();
        for (ProberFixture.Sent s : f.sent) {
            times.computeIfAbsent(to(s.packet()), k -> new ArrayList<>()).add(millis(start, s.at()));
        }
        assertEquals(200, times.size(), "every member probed");
        int[] perSecond = new int[10];
        for (List<Long> t : times.values()) {
            assertEquals(3, t.size(), "three probes in 30 s at a 10 s delay: " + t);
            assertEquals(10_000, t.get(1) - t.get(0), 10, "every delay (one tick of slack)");
            assertEquals(10_000, t.get(2) - t.get(1), 10);
            perSecond[(int) (t.get(0) / 1000)]++;
        }
        for (int second = 0; second < 10; second++) {
            assertTrue(perSecond[second] >= 8 && perSecond[second] <= 35,
                    "first probes spread, about 20 a second: " + java.util.Arrays.toString(perSecond));
        }
        assertEquals(0L, f.prober.counters().get("probesDeferred"), "10 switches of 20 members stay under the bound");
    }

    @Test
    void theFirstProbeFallsAtTheSameOffsetInAnyProber() {
        ProbeTarget t = target(77, 1, Type.TCP, Duration.ofSeconds(30), Duration.ofSeconds(2));
        List<Long> offsets = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            ProberFixture f = new ProberFixture();
            f.advance(Duration.ofMillis(1230 * run)); // started at another time
            Instant given = f.clock.instant();
            f.prober.setTargets(List.of(t), Map.of());
            f.advanceUntilSent(Duration.ofSeconds(31));
            offsets.add(millis(given, f.sent.get(0).at()));
        }
        assertEquals(offsets.get(0), offsets.get(1));
        long expected = Math.floorMod(HealthProber.hash(t.memberId()), Duration.ofSeconds(30).toNanos()) / 1_000_000;
        assertEquals(expected, offsets.get(0), 10, "the member id's hash, within a tick");
    }

    @Test
    void fiveHundredMembersOnOneSwitchAreProbedAtTheBoundAndInTurn() {
        ProberFixture f = new ProberFixture(100);
        List<ProbeTarget> targets = new ArrayList<>();
        for (int n = 1; n <= 500; n++) {
            targets.add(target(n, 1, Type.TCP, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        }
        targets.add(target(9_999, 2, Type.TCP, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        Instant start = f.clock.instant();
        f.prober.setTargets(targets, Map.of());
        f.advance(Duration.ofSeconds(20));

        List<Long> busy = new ArrayList<>();
        Map<Ip4Address, List<Long>> byMember = new HashMap<>();
        for (ProberFixture.Sent s : f.sent) {
            long at = millis(start, s.at());
            if (s.packet().deviceId().equals(DeviceId.of(1))) {
                busy.add(at);
                byMember.computeIfAbsent(to(s.packet()), k -> new ArrayList<>()).add(at);
            }
        }
        for (int i = 0, j = 0; i < busy.size(); i++) { // any second ending at a send holds at most 100
            while (busy.get(j) <= busy.get(i) - 1000) {
                j++;
            }
            assertTrue(i - j + 1 <= 100, (i - j + 1) + " probes within a second ending at " + busy.get(i) + " ms");
        }
        for (int second = 1; second < 20; second++) {
            final int s = second;
            long n = busy.stream().filter(t -> t >= s * 1000L && t < (s + 1) * 1000L).count();
            assertTrue(n >= 95 && n <= 100, "a steady rate: " + n + " in second " + second);
        }
        for (int tick = 0; tick < 2000; tick++) {
            final long t = tick * 10L;
            assertTrue(busy.stream().filter(x -> x == t).count() <= 2, "spread, not a burst per second");
        }
        assertEquals(500, byMember.size(), "every member probed");
        for (List<Long> times : byMember.values()) {
            assertTrue(times.size() >= 3, "each probed every 5 s or so (500 at 100/s): " + times);
            for (int i = 1; i < times.size(); i++) {
                assertTrue(times.get(i) - times.get(i - 1) <= 7_000, "in turn, none starved: " + times);
            }
        }
        assertTrue(f.prober.counters().get("probesDeferred") > 1000);
        long quiet = f.sent.stream().filter(s -> s.packet().deviceId().equals(DeviceId.of(2))).count();
        assertEquals(20, quiet, "another switch is not held back by the busy one");
    }

    @Test
    void anUnchangedTargetKeepsItsCountsAndItsSchedule() {
        ProberFixture f = new ProberFixture();
        ProbeTarget a = target(1, 1, Type.TCP);
        f.prober.setTargets(List.of(a), Map.of());
        f.advanceUntilSent(Duration.ofSeconds(6));
        Instant first = f.sent.get(0).at();
        f.advanceUntilSent(Duration.ofSeconds(6));
        f.advance(Duration.ofSeconds(2)); // both timed out: two failures in a row
        ProbeTarget b = target(2, 1, Type.TCP);
        f.prober.setTargets(List.of(a, b), Map.of(a.memberId(), true, b.memberId(), false));
        assertFalse(f.prober.isUp(b.memberId()), "the new member starts as stored");
        f.advance(Duration.ofSeconds(5));
        List<Instant> ofA = new ArrayList<>();
        for (ProberFixture.Sent s : f.sent) {
            if (to(s.packet()).equals(a.member())) {
                ofA.add(s.at());
            }
        }
        assertEquals(3, ofA.size());
        assertEquals(first.plusSeconds(10), ofA.get(2), "the schedule went on");
        f.advance(Duration.ofSeconds(2));
        assertFalse(f.prober.isUp(a.memberId()), "the third failure in a row: the count was kept");
        assertEquals(1, f.transitions.size());
    }

    @Test
    void aChangedTargetKeepsItsVerdictButCountsAfreshAndARemovedOneStops() {
        ProberFixture f = new ProberFixture();
        ProbeTarget a = target(1, 1, Type.TCP);
        ProbeTarget b = target(2, 1, Type.TCP);
        f.prober.setTargets(List.of(a, b), Map.of(b.memberId(), false));
        assertFalse(f.prober.isUp(b.memberId()), "a new member starts as stored");
        assertTrue(f.prober.isUp(a.memberId()), "or up when nothing is stored");
        f.advance(Duration.ofSeconds(17)); // a: 3 failures, down
        assertFalse(f.prober.isUp(a.memberId()));
        List<OutboundPacket> inFlight = f.advanceUntilSent(Duration.ofSeconds(6));

        ProbeTarget aMoved = target(1, 3, Type.TCP); // the member moved to switch 3
        f.prober.setTargets(List.of(aMoved), Map.of(a.memberId(), true));
        assertFalse(f.prober.isUp(a.memberId()), "the prober's own verdict wins over a stale stored one");
        assertTrue(f.prober.isUp(b.memberId()), "b is no longer probed: no verdict against it");
        assertEquals(Map.of(a.memberId(), false), f.prober.verdicts());
        for (OutboundPacket p : inFlight) {
            assertFalse(f.prober.onPacket(p.deviceId(), FakeMembers.synAck(p)), "answers to stopped probes");
        }
        int before = f.sent.size();
        f.advance(Duration.ofSeconds(10));
        List<OutboundPacket> after = f.taken(before);
        assertTrue(after.stream().allMatch(p -> p.deviceId().equals(DeviceId.of(3))), "only a, at its new switch");
        assertEquals(2, after.size());
        assertTrue(f.prober.onPacket(DeviceId.of(3), FakeMembers.synAck(f.advanceUntilSent(Duration.ofSeconds(6))
                .get(0))));
        assertFalse(f.prober.isUp(a.memberId()), "1 of 2 successes");
        assertEquals(1L, f.prober.counters().get("targets"));
    }

    @Test
    void aListenerMayUpdateTheTargetsFromItsCallback() {
        ProberFixture f = new ProberFixture();
        ProbeTarget a = target(1, 1, Type.TCP);
        List<Boolean> seen = new ArrayList<>();
        AtomicReference<HealthProber> self = new AtomicReference<>();
        HealthProber prober = HealthProber.builder(p -> { }, f.clock, f.scheduler, h -> {
            seen.add(h.up());
            self.get().setTargets(List.of(), Map.of()); // what a recompute on this thread would do
        }).build();
        self.set(prober);
        prober.setTargets(List.of(new ProbeTarget(a.memberId(), a.poolId(), a.device(), a.routerMac(), a.memberMac(),
                a.vip(), a.member(), a.memberPort(), a.type(), a.delay(), a.timeout(), 1, 1)), Map.of());
        f.advance(Duration.ofSeconds(8));
        assertEquals(List.of(false), seen);
        assertTrue(prober.verdicts().isEmpty());
    }
}
