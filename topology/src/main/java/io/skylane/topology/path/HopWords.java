package io.skylane.topology.path;

import java.util.Arrays;

/**
 * The next-hop bits of one {@link NextHops} table (the words {@link GraphIndex#wordStart} lays
 * out), in pages of {@link #PAGE} words, so that a table {@link NextHopUpdate} derives copies only
 * the pages it changes and shares the others with the table it came from. On a k=32 fat-tree a
 * table has 1,280 words (10 KB); a change that moves one switch's next hops in every table (an
 * aggregation switch losing a core link) copied all of them per table, about 13 MB per update,
 * and now copies one page and the page table (about 0.7 KB). Immutable once built.
 */
final class HopWords {

    /** Words per page: 64 (512 bytes). */
    static final int PAGE = 64;
    private static final int SHIFT = 6;
    private static final int MASK = PAGE - 1;
    private static final long[][] NO_PAGES = new long[0][];

    private final long[][] pages;

    private HopWords(long[][] pages) {
        this.pages = pages;
    }

    /** No words (the table of an unknown destination). */
    static HopWords empty() {
        return new HopWords(NO_PAGES);
    }

    long word(int w) {
        return pages[w >>> SHIFT][w & MASK];
    }

    /** Whether the {@code words} words from {@code at} equal {@code scratch}'s first ones. */
    boolean matches(long[] scratch, int at, int words) {
        for (int i = 0; i < words; i++) {
            if (word(at + i) != scratch[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether page {@code p} is the same array in both (for tests: what an update shares). */
    boolean sharesPage(HopWords other, int p) {
        return pages[p] == other.pages[p];
    }

    int pageCount() {
        return pages.length;
    }

    /** A writer over {@code length} zero words, all pages new. */
    static Writer fresh(int length) {
        long[][] pages = new long[(length + MASK) >>> SHIFT][];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = new long[PAGE];
        }
        boolean[] own = new boolean[pages.length];
        Arrays.fill(own, true);
        return new Writer(pages, own);
    }

    /** A writer starting from these words, copying a page the first time it is written. */
    Writer edit() {
        return new Writer(pages.clone(), new boolean[pages.length]);
    }

    /** Writes words, copying on first write the pages it does not own; single use. */
    static final class Writer {
        private final long[][] pages;
        private final boolean[] own;

        private Writer(long[][] pages, boolean[] own) {
            this.pages = pages;
            this.own = own;
        }

        /** Sets the {@code words} words from {@code at} to {@code scratch}'s first ones. */
        void put(int at, long[] scratch, int words) {
            for (int i = 0; i < words; i++) {
                int w = at + i;
                int p = w >>> SHIFT;
                if (!own[p]) {
                    pages[p] = pages[p].clone();
                    own[p] = true;
                }
                pages[p][w & MASK] = scratch[i];
            }
        }

        HopWords build() {
            return new HopWords(pages);
        }
    }
}
