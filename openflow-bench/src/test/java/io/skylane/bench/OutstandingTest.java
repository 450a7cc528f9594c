package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutstandingTest {

    @Test
    void answersEachPacketOnceAndTellsDuplicatesLateAndUnknownApart() {
        Outstanding o = new Outstanding(4);
        int a = o.issue(0xa);
        int b = o.issue(0xb);
        o.stamp(100);
        assertEquals(2, o.waiting());
        assertEquals(Outstanding.Match.ANSWERED, o.answer(b, 0, false, 150));
        assertEquals(50, o.lastRoundTrip());
        assertEquals(Outstanding.Match.DUPLICATE, o.answer(b, 0, false, 160), "FLOW_MOD then PACKET_OUT");
        assertEquals(Outstanding.Match.UNKNOWN, o.answer(b + 100, 0, false, 160));
        assertEquals(Outstanding.Match.UNKNOWN, o.answer(a, 0xbad, true, 160), "frame with the wrong source MAC");
        assertEquals(1, o.expire(100));
        assertEquals(Outstanding.Match.LATE, o.answer(a, 0xa, true, 170));
        assertEquals(0, o.waiting());
    }

    @Test
    void windowBoundsWaitingPacketsAndExpiryFreesSlots() {
        Outstanding o = new Outstanding(3);
        for (int i = 0; i < 3; i++) {
            assertTrue(o.hasRoom());
            o.issue(i);
        }
        assertFalse(o.hasRoom());
        o.stamp(10);
        assertEquals(0, o.expire(9), "nothing sent that early");
        assertEquals(3, o.expire(10));
        assertTrue(o.hasRoom());
    }

    @Test
    void anOldUnansweredPacketBlocksTheRingOnlyUntilItExpires() {
        Outstanding o = new Outstanding(2);
        int stuck = o.issue(1);
        o.stamp(0);
        // answer everything after the stuck one, many times round the ring
        for (int i = 0; i < 10; i++) {
            if (!o.hasRoom()) {
                break;
            }
            int s = o.issue(2);
            o.stamp(1);
            assertEquals(Outstanding.Match.ANSWERED, o.answer(s, 0, false, 2));
        }
        assertFalse(o.hasRoom(), "ring is full behind the stuck packet");
        assertEquals(1, o.expire(0));
        assertTrue(o.hasRoom());
        assertEquals(Outstanding.Match.LATE, o.answer(stuck, 0, false, 3));
    }

    @Test
    void neverIssuesNoBufferAndExpireAllCountsTheRest() {
        Outstanding o = new Outstanding(1);
        int last = 0;
        for (int i = 0; i < 1000; i++) {
            last = o.issue(0);
            assertNotEquals(Wire.NO_BUFFER, last);
            o.stamp(i);
            assertEquals(Outstanding.Match.ANSWERED, o.answer(last, 0, false, i));
        }
        o.issue(0);
        o.stamp(5);
        assertEquals(1, o.expireAll());
        assertEquals(0, o.waiting());
    }
}
