package io.skylane.southbound.channel;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transaction ids of one connection: single ids, or blocks of consecutive ids for a batch (so
 * that a batch maps an error's xid to its operation by subtraction). Never 0; wraps around.
 * Thread-safe: handles encode on the caller's thread.
 */
final class XidSequence {

    private final AtomicInteger last;

    XidSequence() {
        this(0);
    }

    /** Starts after {@code last} (tests start near the wrap-around). */
    XidSequence(int last) {
        this.last = new AtomicInteger(last);
    }

    /** A fresh xid, never 0. */
    int next() {
        int x = last.incrementAndGet();
        return x != 0 ? x : last.incrementAndGet();
    }

    /** The first of {@code n} consecutive fresh xids, none of them 0. */
    int block(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a block needs at least one xid: " + n);
        }
        while (true) {
            int first = last.getAndAdd(n) + 1;
            if (Integer.toUnsignedLong(-first) >= n) { // 0 is not in [first, first + n)
                return first;
            }
        }
    }
}
