package io.skylane.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.AppId;
import org.junit.jupiter.api.Test;

class BandTest {

    private static final AppId APP = AppId.of(5, "five");
    private static final Band BAND = new Band(APP, 3, 1000, 1999);

    @Test
    void prioritiesInsideTheBandPass() {
        assertEquals(1000, BAND.check(1000));
        assertEquals(1999, BAND.check(1999));
        assertEquals(1010, BAND.priority(10));
        assertTrue(BAND.contains(1500));
        assertFalse(BAND.contains(999));
    }

    @Test
    void prioritiesOutsideTheBandAreRefused() {
        PriorityOutOfBandException e = assertThrows(PriorityOutOfBandException.class, () -> BAND.check(2000));
        assertEquals(2000, e.priority());
        assertSame(BAND, e.band());
        assertEquals("priority 2000 is outside table 3 priorities 1000..1999 of app 5 (five)", e.getMessage());
        assertThrows(PriorityOutOfBandException.class, () -> BAND.priority(1000));
        assertThrows(IllegalArgumentException.class, () -> BAND.priority(-1));
    }

    @Test
    void bandsOverlapOnlyInOneTable() {
        assertTrue(BAND.overlaps(new Band(AppId.of(6, "six"), 3, 1999, 3000)));
        assertFalse(BAND.overlaps(new Band(AppId.of(6, "six"), 3, 2000, 3000)));
        assertFalse(BAND.overlaps(new Band(AppId.of(6, "six"), 4, 1000, 1999)));
    }

    @Test
    void invalidBandsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Band(APP, 0, 10, 9));
        assertThrows(IllegalArgumentException.class, () -> new Band(APP, 0, -1, 9));
        assertThrows(IllegalArgumentException.class, () -> new Band(APP, 0, 0, 65536));
        assertThrows(IllegalArgumentException.class, () -> new Band(APP, 255, 0, 1));
    }

    @Test
    void rangeReadsLikeTheDocs() {
        assertEquals("1000..1999", BAND.range());
        assertEquals("0", new Band(APP, 0, 0, 0).range());
    }
}
