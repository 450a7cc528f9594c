package io.skylane.vpc.testing;

import io.skylane.vpc.store.JournalIntentStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The journal's sync for tests: counts syncs, fails them while {@link #failing}, and can hold the
 * next one ({@link #gateNext}) until the test releases it, so a test can append behind a sync in
 * progress without sleeping.
 */
public final class FakeJournalDisk implements JournalIntentStore.JournalSync {

    public final AtomicInteger syncs = new AtomicInteger();
    public volatile boolean failing;
    private volatile CountDownLatch entered;
    private volatile CountDownLatch release;

    @Override
    public void force(FileChannel journal) throws IOException {
        syncs.incrementAndGet();
        CountDownLatch in = entered;
        CountDownLatch out = release;
        if (in != null) {
            entered = null;
            in.countDown();
            try {
                out.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (failing) {
            throw new IOException("injected: the disk failed the sync");
        }
        journal.force(false);
    }

    /** The next sync, once entered, counts the returned latch down and waits for {@link #release}. */
    public CountDownLatch gateNext() {
        release = new CountDownLatch(1);
        CountDownLatch in = new CountDownLatch(1);
        entered = in;
        return in;
    }

    /** Lets the held sync go on (and succeed or fail as {@link #failing} says then). */
    public void release() {
        release.countDown();
    }
}
