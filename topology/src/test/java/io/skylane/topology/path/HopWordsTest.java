package io.skylane.topology.path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HopWordsTest {

    private static HopWords numbered(int length) {
        HopWords.Writer w = HopWords.fresh(length);
        for (int i = 0; i < length; i++) {
            w.put(i, new long[] {i + 1}, 1);
        }
        return w.build();
    }

    @Test
    void wordsReadBackAcrossPages() {
        HopWords h = numbered(200);
        assertEquals(4, h.pageCount());
        for (int i = 0; i < 200; i++) {
            assertEquals(i + 1, h.word(i));
        }
        assertTrue(h.matches(new long[] {64, 65, 66}, 63, 3));
        assertFalse(h.matches(new long[] {64, 65, 0}, 63, 3));
    }

    @Test
    void anEditCopiesOnlyThePagesItWritesAndLeavesTheOriginalAlone() {
        HopWords h = numbered(200);
        HopWords.Writer w = h.edit();
        w.put(63, new long[] {-1, -2}, 2); // the last word of page 0, the first of page 1
        HopWords e = w.build();

        assertEquals(-1, e.word(63));
        assertEquals(-2, e.word(64));
        assertEquals(64, h.word(63));
        assertEquals(65, h.word(64));
        assertFalse(e.sharesPage(h, 0));
        assertFalse(e.sharesPage(h, 1));
        assertTrue(e.sharesPage(h, 2));
        assertTrue(e.sharesPage(h, 3));
        for (int i = 0; i < 200; i++) {
            if (i != 63 && i != 64) {
                assertEquals(h.word(i), e.word(i));
            }
        }
    }
}
