package io.skylane.lb.health;

import static io.skylane.lb.health.ProberFixture.target;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.testing.MutableClock;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.vpc.model.HealthMonitor.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Ticks, target updates and answers from several threads at once: nothing throws, every settled
 * probe is counted once, and the listener hears each member's transitions alternate (never two
 * downs in a row), in the order they happened. Members 31..40 are stopped and restarted all along.
 */
class HealthProberThreadsTest {

    @Test
    void concurrentTicksUpdatesAndAnswersKeepTheBooksStraight() throws Exception {
        MutableClock clock = new MutableClock();
        ManualScheduler scheduler = new ManualScheduler();
        LinkedBlockingQueue<OutboundPacket> sent = new LinkedBlockingQueue<>();
        Map<UUID, List<Boolean>> heard = new ConcurrentHashMap<>();
        HealthProber prober = HealthProber.builder(sent::add, clock, scheduler,
                        h -> heard.computeIfAbsent(h.memberId(), k -> new CopyOnWriteArrayList<>()).add(h.up()))
                .random(new SplittableRandom(3))
                .build();
        List<ProbeTarget> targets = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            targets.add(new ProbeTarget(ProberFixture.id(n), ProberFixture.id(0), target(n, n % 4, Type.TCP).device(),
                    ProberFixture.ROUTER, target(n, 1, Type.TCP).memberMac(), ProberFixture.VIP,
                    ProberFixture.memberIp(n), 8080, Type.TCP, Duration.ofMillis(200), Duration.ofMillis(100), 1, 1));
        }
        prober.setTargets(targets, Map.of());
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Thread ticker = new Thread(() -> {
            try {
                for (int i = 0; i < 1000 || prober.counters().get("answers") == 0; i++) { // until answers got in
                    clock.advance(Duration.ofMillis(10));
                    scheduler.runPeriodic();
                }
            } catch (Throwable t) {
                errors.add(t);
            } finally {
                done.set(true);
            }
        });
        List<Thread> answerers = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            final int seed = k;
            answerers.add(new Thread(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                try {
                    while (!done.get() || !sent.isEmpty()) {
                        OutboundPacket p = sent.poll(10, TimeUnit.MILLISECONDS);
                        if (p == null) {
                            continue;
                        }
                        if ((FakeMembers.probe(p).l4u8(13) & 0x02) == 0 || r.nextInt(4) == 0) {
                            continue; // a RST, or a probe left unanswered
                        }
                        prober.onPacket(p.deviceId(), r.nextBoolean() ? FakeMembers.synAck(p) : FakeMembers.rstAck(p));
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        Thread updater = new Thread(() -> {
            try {
                for (int i = 0; i < 300; i++) {
                    prober.setTargets(i % 2 == 0 ? targets : targets.subList(0, 30), Map.of());
                    prober.verdicts();
                    prober.counters();
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        });
        answerers.forEach(Thread::start);
        updater.start();
        ticker.start();
        ticker.join();
        updater.join();
        for (Thread t : answerers) {
            t.join();
        }
        assertTrue(errors.isEmpty(), errors.toString());
        Map<String, Long> c = prober.counters();
        assertEquals(c.get("successes") + c.get("failures"), c.get("answers") + c.get("timeouts"));
        assertTrue(c.get("answers") > 0, "answers were matched: " + c);
        for (ProbeTarget t : targets.subList(0, 30)) { // the ones never stopped (a restarted one starts up again)
            List<Boolean> seq = heard.getOrDefault(t.memberId(), List.of());
            for (int i = 1; i < seq.size(); i++) {
                assertTrue(seq.get(i) != seq.get(i - 1), "member " + t.memberId() + " heard " + seq);
            }
        }
    }
}
