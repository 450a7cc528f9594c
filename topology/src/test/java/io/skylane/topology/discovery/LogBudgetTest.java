package io.skylane.topology.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void linesBeyondTheBudgetOfAWindowAreCountedAndReportedOnceItIsOver() {
        LogBudget budget = new LogBudget(3, 1000);

        assertTrue(budget.take(100));
        assertTrue(budget.take(200));
        assertTrue(budget.take(300));
        assertFalse(budget.take(400));
        assertFalse(budget.take(1099));
        assertEquals(0, budget.takeSkipped(1099), "the window is not over");

        assertEquals(2, budget.takeSkipped(1100));
        assertEquals(0, budget.takeSkipped(1200), "reported once");
        assertTrue(budget.take(1100), "a new window");
    }

    @Test
    void aFewLinesAWindowAreAllLogged() {
        LogBudget budget = new LogBudget(100, 1000);
        for (long t = 0; t < 10_000; t += 100) {
            assertTrue(budget.take(t));
        }
        assertEquals(0, budget.takeSkipped(20_000));
    }

    @Test
    void aClockSetBackStartsANewWindow() {
        LogBudget budget = new LogBudget(1, 1000);
        assertTrue(budget.take(5000));
        assertFalse(budget.take(5001));
        assertTrue(budget.take(10));
        assertEquals(0, budget.takeSkipped(20), "counted until the new window is over");
        assertEquals(1, budget.takeSkipped(1010));
    }

    @Test
    void theBudgetIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new LogBudget(0, 1000));
        assertThrows(IllegalArgumentException.class, () -> new LogBudget(1, 0));
    }
}
