package io.skylane.lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-switch bound: never more than n in any second, and spread rather than bunched. */
class SwitchPacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void neverMoreThanTheBoundInAnySecondWhateverTheTimesOfAsking() {
        SplittableRandom r = new SplittableRandom(1);
        for (int run = 0; run < 50; run++) {
            int bound = r.nextInt(1, 200);
            SwitchPacer pacer = new SwitchPacer(bound, r.nextLong(0, 200) * MS);
            List<Long> sent = new ArrayList<>();
            long now = 0;
            for (int i = 0; i < 20_000; i++) {
                now += r.nextLong(0, 3 * MS);
                if (pacer.tryAcquire(now)) {
                    sent.add(now);
                }
            }
            for (int i = 0, j = 0; i < sent.size(); i++) { // window (sent[i] - 1 s, sent[i]]
                while (sent.get(j) <= sent.get(i) - SwitchPacer.SECOND) {
                    j++;
                }
                assertTrue(i - j + 1 <= bound, "run " + run + ": " + (i - j + 1) + " in a second, bound " + bound);
            }
            assertTrue(sent.size() >= (now / SwitchPacer.SECOND - 1) * bound * 9 / 10,
                    "run " + run + ": the bound is used, not wasted: " + sent.size());
        }
    }

    @Test
    void tickingEveryTenMillisecondsSendsOneOrTwoPerTickNotABurst() {
        SwitchPacer pacer = new SwitchPacer(100, 10 * MS);
        int[] perTick = new int[300];
        for (int tick = 0; tick < perTick.length; tick++) {
            while (pacer.tryAcquire(tick * 10 * MS)) {
                perTick[tick]++;
            }
        }
        int total = 0;
        for (int tick = 0; tick < perTick.length; tick++) {
            assertTrue(perTick[tick] <= 2, "tick " + tick + ": " + perTick[tick]);
            total += perTick[tick];
        }
        assertTrue(total >= 295 && total <= 300, "about 100 a second over 3 s: " + total);
    }

    @Test
    void idleOnlyAfterASecondWithoutSends() {
        SwitchPacer pacer = new SwitchPacer(10, 0);
        assertTrue(pacer.idle(0));
        assertTrue(pacer.tryAcquire(5));
        assertFalse(pacer.idle(5 + SwitchPacer.SECOND - 1));
        assertTrue(pacer.idle(5 + SwitchPacer.SECOND));
        assertEquals(true, pacer.tryAcquire(5 + SwitchPacer.SECOND));
    }
}
