package io.skylane.southbound.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class XidSequenceTest {

    @Test
    void blocksAreConsecutiveAndDisjoint() {
        XidSequence s = new XidSequence();
        assertEquals(1, s.block(3));
        assertEquals(4, s.next());
        assertEquals(5, s.block(10));
        assertEquals(15, s.next());
    }

    @Test
    void noBlockHoldsZeroAcrossTheWrapAround() {
        XidSequence s = new XidSequence(-3); // next free: -2 (0xfffffffe)
        int first = s.block(5);              // -2..2 would hold 0: skipped
        for (int i = 0; i < 5; i++) {
            assertNotEquals(0, first + i);
        }
        assertEquals(3, first);
        assertEquals(-1, new XidSequence(-3).block(2) + 1); // -2, -1: fits before the wrap
    }

    @Test
    void singleIdsSkipZero() {
        XidSequence s = new XidSequence(-1);
        assertEquals(1, s.next());
    }
}
