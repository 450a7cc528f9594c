package io.skylane.vpc.store;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded intent store: all state in memory, every commit appended to a write-ahead journal
 * ({@link JournalRecords}) and synced ({@code fsync}) before it is acknowledged; every
 * {@code snapshotEvery} commits the state is written to a snapshot (atomic rename) and the journal
 * is emptied of what the snapshot holds. The snapshot is written by a thread of its own while
 * commits go on (the sync leader only copies the references of the durable state); then, briefly
 * in the sync role and under the monitor, the records after it move to a new journal that replaces
 * the old one ({@link JournalTail}).
 *
 * <p>Group commit: {@link #append} (one writer at a time, in commit order) writes the record
 * without syncing and applies the commit to the latest state ({@link LatestState}); the writer then
 * waits in {@link PendingCommit#awaitDurable} outside its write lock. The first waiter takes the
 * {@link SyncRole} and syncs everything appended so far (the leader); writers that appended meanwhile
 * wait until the leader releases their batch, or lead the next sync. After a sync the leader
 * publishes the covered commits in order to the durable state that readers see, tells the
 * listeners, then releases the waiters. A failed sync fails every pending commit (those it covered
 * and those appended after, which were validated against them): the journal is cut back to its
 * durable end, the latest state falls back to the durable state, and the {@link #generation} is
 * bumped so that a batch prepared against the discarded state is refused. Nothing reported as
 * failed is ever visible, and nothing acknowledged is lost.
 *
 * <p>On open, the snapshot is loaded, then journal records with a higher sequence number are
 * replayed; the first record that is short, fails its checksum or does not parse ends the journal:
 * it and whatever follows are logged and cut off (a write torn by a crash was never acknowledged),
 * earlier records are kept.
 *
 * <p>Without a directory the store is memory only (tests, or a throw-away lab controller): a commit
 * is durable as soon as it is appended.
 */
public final class JournalIntentStore implements IntentStore {

    /** How the journal is synced ({@code force(false)}); a seam for tests that inject a failing or slow disk. */
    @FunctionalInterface
    public interface JournalSync {
        void force(FileChannel journal) throws IOException;
    }

    private static final Logger log = LoggerFactory.getLogger(JournalIntentStore.class);
    static final String JOURNAL = "intent-journal.log";
    static final String SNAPSHOT = SnapshotFile.NAME;
    /** Lexical order of the canonical text form of UUIDs. */
    static final Comparator<UUID> ID_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private final Path dir;
    private final int snapshotEvery;
    private final JournalSync sync;
    /** The durable state, which readers see; changed only under both locks. */
    private final Map<ResourceType, ConcurrentSkipListMap<UUID, Resource>> data = new EnumMap<>(ResourceType.class);
    private final LatestState latest = new LatestState(data);
    private final List<IntentListener> listeners = new CopyOnWriteArrayList<>();
    /** Held by the one thread that syncs and publishes (the leader); the monitor ({@code this}) guards appends. */
    private final SyncRole syncRole = new SyncRole();
    private FileChannel journal;
    /** Sequence number of the last durable commit. */
    private volatile long seq;
    // Guarded by this:
    private final ArrayDeque<JournalPending> pending = new ArrayDeque<>();
    private long appendedSeq;
    private long appendedEnd;
    private long durableEnd;
    private long generation;
    private IOException broken;
    private boolean closed;
    /** Held while a snapshot is being written (by the snapshot thread, or by {@link #snapshot}). */
    private final SnapshotTurn snapshotTurn = new SnapshotTurn();
    // Guarded by the sync role and this:
    private long snapshotSeq;
    private int sinceSnapshot;
    /** Writes the snapshots that commits trigger, beside the writers; null in memory. */
    private final Executor snapshotter;

    private JournalIntentStore(Path dir, int snapshotEvery, JournalSync sync, Executor snapshotter) {
        this.dir = dir;
        this.snapshotEvery = snapshotEvery;
        this.sync = sync;
        for (ResourceType t : ResourceType.values()) {
            data.put(t, new ConcurrentSkipListMap<>(ID_ORDER));
        }
        this.snapshotter = snapshotter;
    }

    /** A store kept only in memory. */
    public static JournalIntentStore inMemory() {
        return new JournalIntentStore(null, Integer.MAX_VALUE, null, null);
    }

    /** Opens (or creates) the store in {@code dir}, recovering its state. */
    public static JournalIntentStore open(Path dir, int snapshotEvery) throws IOException {
        return open(dir, snapshotEvery, ch -> ch.force(false));
    }

    /** {@link #open(Path, int)} with the journal synced by {@code sync} (tests). */
    public static JournalIntentStore open(Path dir, int snapshotEvery, JournalSync sync) throws IOException {
        return open(dir, snapshotEvery, sync, Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "skylane-intent-snapshot");
            t.setDaemon(true);
            return t;
        }));
    }

    /** {@link #open(Path, int, JournalSync)} with the snapshots written by {@code snapshotter} (tests). */
    static JournalIntentStore open(Path dir, int snapshotEvery, JournalSync sync, Executor snapshotter)
            throws IOException {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be >= 1");
        }
        Files.createDirectories(dir);
        JournalIntentStore s = new JournalIntentStore(dir, snapshotEvery, sync, snapshotter);
        s.recover();
        return s;
    }

    @Override
    public Resource get(ResourceType type, UUID id) {
        return data.get(type).get(id);
    }

    @Override
    public Collection<Resource> all(ResourceType type) {
        return Collections.unmodifiableCollection(data.get(type).values());
    }

    @Override
    public Collection<Resource> after(ResourceType type, UUID after) {
        ConcurrentSkipListMap<UUID, Resource> m = data.get(type);
        return Collections.unmodifiableCollection(after == null ? m.values() : m.tailMap(after, false).values());
    }

    @Override
    public long lastSeq() {
        return seq;
    }

    @Override
    public IntentReader latest() {
        return latest;
    }

    @Override
    public synchronized long generation() {
        return generation;
    }

    @Override
    public synchronized PendingCommit append(List<Change> changes, long expectedGeneration) throws IOException {
        if (closed) {
            throw new IOException("intent store is closed");
        }
        if (broken != null) {
            throw new IOException("intent journal is in an unknown state after a failed write; restart the controller",
                    broken);
        }
        if (expectedGeneration != generation) {
            throw new IOException("an earlier intent journal sync failed and discarded the state this write was checked"
                    + " against; nothing was changed");
        }
        if (changes.isEmpty()) {
            return new JournalPending(seq, List.of(), true, this::awaitDurable);
        }
        checkBefore(changes);
        long next = appendedSeq + 1;
        if (journal == null) {
            apply(changes);
            appendedSeq = next;
            seq = next;
            tell(next, changes);
            return new JournalPending(next, changes, true, this::awaitDurable);
        }
        ByteBuffer record = JournalRecords.frame(next, changes);
        long start = appendedEnd;
        try {
            long at = start;
            while (record.hasRemaining()) {
                at += journal.write(record, at);
            }
        } catch (IOException e) {
            // Leave no half record behind a failed write: the next append starts clean.
            cut(start, e);
            throw e;
        }
        appendedEnd = start + record.limit();
        appendedSeq = next;
        JournalPending p = new JournalPending(next, changes, false, this::awaitDurable);
        pending.addLast(p);
        latest.stage(next, changes);
        return p;
    }

    /** Each change must start from the latest state, counting earlier changes of the batch. */
    private void checkBefore(List<Change> changes) {
        Map<ResourceType, Map<UUID, Resource>> batch = new EnumMap<>(ResourceType.class);
        for (Change c : changes) {
            Map<UUID, Resource> p = batch.computeIfAbsent(c.type(), t -> new HashMap<>());
            Resource current = p.containsKey(c.id()) ? p.get(c.id()) : latest.get(c.type(), c.id());
            if (!Objects.equals(current, c.before())) {
                throw new IllegalStateException("stale change of " + c.type().singular() + " " + c.id());
            }
            if (c.after() != null && (c.after().type() != c.type() || !c.after().id().equals(c.id()))) {
                throw new IllegalArgumentException("change of " + c.id() + " carries another resource");
            }
            p.put(c.id(), c.after());
        }
    }

    private void apply(List<Change> changes) {
        for (Change c : changes) {
            if (c.after() == null) {
                data.get(c.type()).remove(c.id());
            } else {
                data.get(c.type()).put(c.id(), c.after());
            }
        }
    }

    private void tell(long s, List<Change> changes) {
        for (IntentListener l : listeners) {
            try {
                l.committed(s, changes);
            } catch (RuntimeException e) {
                log.warn("intent listener {} failed on commit {}", l, s, e);
            }
        }
    }

    /** Cuts the journal back to {@code end}; a journal that cannot be cut takes no more writes. */
    private void cut(long end, IOException cause) {
        try {
            journal.truncate(end);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    /**
     * Waits until {@code p} is durable: while another waiter syncs, waits for it to release its
     * batch; when nobody syncs and {@code p} is not yet done, takes the role and syncs everything
     * appended so far (which covers {@code p}, appended before this call).
     */
    private void awaitDurable(JournalPending p) {
        if (syncRole.takeUnless(() -> p.done)) {
            try {
                syncPending();
            } finally {
                syncRole.giveUp();
            }
        }
    }

    /** In the sync role: syncs what is appended, publishes it in order and tells the listeners. */
    private void syncPending() {
        List<JournalPending> batch;
        long target;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(pending);
            target = appendedEnd;
        }
        try {
            sync.force(journal);
        } catch (IOException e) {
            failPending(e);
            return;
        }
        // One commit at a time: a listener told of commit n finds the durable state exactly at n.
        for (JournalPending p : batch) {
            synchronized (this) {
                apply(p.changes);
                seq = p.seq;
                latest.published(p.seq, p.changes);
                pending.removeFirst();
            }
            tell(p.seq, p.changes);
        }
        synchronized (this) {
            durableEnd = target;
        }
        syncRole.release(() -> batch.forEach(p -> p.done = true));
        sinceSnapshot += batch.size();
        if (sinceSnapshot >= snapshotEvery) {
            startSnapshot();
        }
    }

    /**
     * In the sync role: unless one is being written, hands a snapshot of the durable state to the
     * snapshot thread, which writes it while commits go on and then compacts the journal. Resources
     * are immutable and the durable state changes only in the sync role, so the copy of its
     * references taken here is the state at {@link #seq}.
     */
    private void startSnapshot() {
        synchronized (this) {
            if (closed || !snapshotTurn.tryClaim()) {
                return;
            }
        }
        SnapshotFile.Capture c = capture();
        try {
            snapshotter.execute(() -> {
                try {
                    writeAndCompact(c);
                } catch (IOException e) {
                    log.warn("intent store {}: snapshot at seq {} not completed; the journal keeps every commit",
                            dir, c.seq(), e);
                } finally {
                    snapshotTurn.end();
                }
            });
        } catch (RejectedExecutionException e) {
            snapshotTurn.end();
        }
    }

    /** In the sync role: the durable state as it is. */
    private SnapshotFile.Capture capture() {
        long at;
        long end;
        synchronized (this) {
            at = seq;
            end = durableEnd;
        }
        return SnapshotFile.Capture.of(at, end, data);
    }

    /**
     * Writes the snapshot (outside both locks), then, in the sync role and under the monitor, moves
     * the records after it to a new journal ({@link JournalTail}). When it fails the journal keeps
     * every commit; the snapshot thread logs it and a later sync tries again.
     *
     * @throws IOException if the snapshot or the compaction failed
     */
    private void writeAndCompact(SnapshotFile.Capture c) throws IOException {
        long t0 = System.nanoTime();
        SnapshotFile.write(dir, c.seq(), c.state());
        long t1 = System.nanoTime();
        syncRole.take();
        long t2 = System.nanoTime();
        try {
            synchronized (this) {
                if (closed || broken != null) {
                    throw new IOException("intent store is " + (closed ? "closed" : "broken") + ": journal not compacted");
                }
                journal = JournalTail.keep(journal, dir.resolve(JOURNAL), c.journalEnd(), appendedEnd);
                durableEnd -= c.journalEnd();
                appendedEnd -= c.journalEnd();
                snapshotSeq = c.seq();
                sinceSnapshot = Math.toIntExact(seq - c.seq());
            }
        } catch (JournalTail.Replaced e) {
            synchronized (this) {
                broken = e;
            }
            log.error("intent store {}: {}; no more writes until a restart", dir, e.getMessage(), e.getCause());
            throw e;
        } finally {
            syncRole.giveUp();
        }
        log.info("intent store {}: snapshot at seq {} written in {} ms beside the writers; journal compacted, "
                + "holding the writers {} ms", dir, c.seq(), (t1 - t0) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    }

    /** Fails every pending commit: the journal goes back to its durable end, the latest state to the durable state. */
    private synchronized void failPending(IOException cause) {
        log.warn("intent journal {} sync failed; failing {} pending commits ({}..{})", dir, pending.size(),
                seq + 1, appendedSeq, cause);
        generation++;
        cut(durableEnd, cause);
        appendedEnd = durableEnd;
        appendedSeq = seq;
        List<JournalPending> failed = new ArrayList<>(pending);
        failed.forEach(p -> p.failure = cause);
        pending.clear();
        syncRole.release(() -> failed.forEach(p -> p.done = true));
        latest.discard();
    }

    private void recover() throws IOException {
        snapshotSeq = SnapshotFile.load(dir, data);
        seq = snapshotSeq;
        Path jp = dir.resolve(JOURNAL);
        journal = FileChannel.open(jp, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        int replayed = JournalRecords.recover(journal, jp, this::replay);
        appendedEnd = journal.size();
        durableEnd = appendedEnd;
        appendedSeq = seq;
        sinceSnapshot = replayed;
        log.info("intent store {}: snapshot at seq {}, {} journal records replayed, now at seq {}",
                dir, snapshotSeq, replayed, seq);
    }

    private boolean replay(JournalRecords.Decoded record) throws IOException {
        long s = record.seq();
        if (s <= seq) {
            return false; // already in the snapshot
        }
        if (s != seq + 1) {
            throw new IOException("sequence gap: expected " + (seq + 1) + ", found " + s);
        }
        for (JournalRecords.Entry e : record.entries()) {
            if (e.after() == null) {
                data.get(e.type()).remove(e.id());
            } else {
                data.get(e.type()).put(e.id(), e.after());
            }
        }
        seq = s;
        return true;
    }

    /**
     * Syncs what is pending, then writes the durable state to a new snapshot (atomically) and empties
     * the journal of what it holds; after a snapshot being written by the snapshot thread, if any.
     */
    public void snapshot() throws IOException {
        if (dir == null) {
            return;
        }
        snapshotTurn.claim();
        try {
            SnapshotFile.Capture c;
            syncRole.take();
            try {
                syncPending();
                synchronized (this) {
                    if (closed) {
                        throw new IOException("intent store is closed");
                    }
                }
                c = capture();
            } finally {
                syncRole.giveUp();
            }
            writeAndCompact(c);
        } finally {
            snapshotTurn.end();
        }
    }

    @Override
    public void addListener(IntentListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(IntentListener listener) {
        listeners.remove(listener);
    }

    /** Syncs what is pending (its writers are acknowledged as usual), then closes the journal. */
    @Override
    public void close() throws IOException {
        if (snapshotter != null) {
            snapshotTurn.claim(); // let a snapshot being written finish; none starts after
            if (snapshotter instanceof ExecutorService e) {
                e.shutdown();
            }
        }
        syncRole.take();
        try {
            synchronized (this) { // no append between the last sync and the close
                if (journal != null) {
                    syncPending();
                }
                closed = true;
                if (journal != null) {
                    journal.close();
                }
            }
        } finally {
            syncRole.giveUp();
        }
    }
}
