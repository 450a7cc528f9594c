package io.skylane.lb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Octavia's counting: down after maxRetriesDown failures in a row, up after maxRetries successes in a row. */
class MemberHealthTest {

    @Test
    void anUpMemberGoesDownAfterMaxRetriesDownFailuresInARow() {
        MemberHealth h = MemberHealth.initial(true, 2, 3);
        h = h.next(false).next(false);
        assertTrue(h.up());
        assertEquals(2, h.streak());
        h = h.next(false);
        assertFalse(h.up(), "third failure in a row");
        assertEquals(0, h.streak());
    }

    @Test
    void aSuccessBreaksTheRunOfFailures() {
        MemberHealth h = MemberHealth.initial(true, 2, 3).next(false).next(false).next(true);
        assertEquals(MemberHealth.initial(true, 2, 3), h);
        assertTrue(h.next(false).next(false).up(), "the count starts again");
    }

    @Test
    void aDownMemberComesUpAfterMaxRetriesSuccessesInARow() {
        MemberHealth h = MemberHealth.initial(false, 2, 3);
        assertFalse(h.next(true).up());
        assertFalse(h.next(true).next(false).next(true).up(), "a failure in between starts the count again");
        assertTrue(h.next(true).next(true).up());
        assertTrue(MemberHealth.initial(false, 1, 1).next(true).up());
        assertFalse(MemberHealth.initial(true, 1, 1).next(false).up());
    }

    @Test
    void agreeingProbesChangeNothing() {
        MemberHealth up = MemberHealth.initial(true, 2, 3);
        assertEquals(up, up.next(true).next(true));
        MemberHealth down = MemberHealth.initial(false, 2, 3);
        assertEquals(down, down.next(false));
    }

    @Test
    void theRecordRefusesImpossibleStates() {
        assertThrows(IllegalArgumentException.class, () -> MemberHealth.initial(true, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> MemberHealth.initial(true, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> new MemberHealth(true, 3, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> new MemberHealth(false, -1, 2, 3));
    }

    /** Against the definition: the verdict changes exactly when the last n probes all went against it. */
    @Test
    void agreesWithTheDefinitionOnRandomRuns() {
        SplittableRandom r = new SplittableRandom(5);
        for (int run = 0; run < 2_000; run++) {
            int maxRetries = r.nextInt(1, 11);
            int maxRetriesDown = r.nextInt(1, 11);
            boolean up = r.nextBoolean();
            MemberHealth h = MemberHealth.initial(up, maxRetries, maxRetriesDown);
            int against = 0;
            for (int i = 0; i < 200; i++) {
                boolean success = r.nextInt(10) < (up ? 7 : 3);
                boolean wasUp = up;
                against = success == up ? 0 : against + 1;
                if (against == (up ? maxRetriesDown : maxRetries)) {
                    up = !up;
                    against = 0;
                }
                h = h.next(success);
                assertEquals(up, h.up(), "probe " + i + " of run " + run);
                assertEquals(against, h.streak());
                if (wasUp != up) {
                    assertEquals(up ? maxRetries : maxRetriesDown, h.threshold());
                }
            }
        }
    }
}
