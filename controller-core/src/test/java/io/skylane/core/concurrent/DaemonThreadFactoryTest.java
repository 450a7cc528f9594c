package io.skylane.core.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DaemonThreadFactoryTest {

    @Test
    void makesNamedDaemonThreads() {
        Thread t = DaemonThreadFactory.named("skylane-test").newThread(() -> { });

        assertEquals("skylane-test", t.getName());
        assertTrue(t.isDaemon());
    }

    @Test
    void refusesABlankName() {
        assertThrows(IllegalArgumentException.class, () -> DaemonThreadFactory.named(" "));
    }
}
