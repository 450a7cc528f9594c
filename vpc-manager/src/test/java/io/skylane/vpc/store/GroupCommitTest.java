package io.skylane.vpc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Tenant;
import io.skylane.vpc.testing.FakeJournalDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's group commit: shared syncs, durable-only visibility, failed syncs, order, snapshots. */
class GroupCommitTest {

    @TempDir
    Path dir;

    private static Tenant tenant() {
        UUID id = UUID.randomUUID();
        return new Tenant(Meta.created(id, id, "t", "", Instant.parse("2026-12-07T09:00:00Z"), List.of(), Map.of()));
    }

    private static List<Change> create(Tenant t) {
        return List.of(Change.create(t));
    }

    @Test
    void writesAppendedTogetherShareOneSyncAndAreSeenOnlyOnceDurable() throws IOException {
        FakeJournalDisk disk = new FakeJournalDisk();
        List<Long> told = new ArrayList<>();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000, disk)) {
            List<Integer> visibleWhenTold = new ArrayList<>();
            s.addListener((seq, changes) -> {
                told.add(seq);
                assertEquals(seq, s.lastSeq());
                visibleWhenTold.add(s.all(ResourceType.TENANT).size());
            });
            Tenant a = tenant();
            Tenant b = tenant();
            Tenant c = tenant();
            long g = s.generation();
            PendingCommit pa = s.append(create(a), g);
            PendingCommit pb = s.append(create(b), g);
            PendingCommit pc = s.append(create(c), g);
            assertEquals(List.of(1L, 2L, 3L), List.of(pa.seq(), pb.seq(), pc.seq()));
            assertNull(s.get(ResourceType.TENANT, a.id()), "readers never see a pending commit");
            assertEquals(0, s.lastSeq());
            assertSame(c, s.latest().get(ResourceType.TENANT, c.id()), "the writer does");
            assertEquals(3, s.latest().all(ResourceType.TENANT).size());
            assertEquals(List.of(), told);

            assertEquals(1, pa.awaitDurable());
            assertEquals(1, disk.syncs.get());
            assertEquals(List.of(1L, 2L, 3L), told, "one sync covered all three, published in order");
            assertEquals(List.of(1, 2, 3), visibleWhenTold, "a listener told of commit n sees the state at n");
            assertEquals(2, pb.awaitDurable());
            assertEquals(3, pc.awaitDurable());
            assertEquals(1, disk.syncs.get(), "the later writers found their commits covered");
            assertSame(b, s.get(ResourceType.TENANT, b.id()));
            assertEquals(3, s.lastSeq());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(3, s.lastSeq());
            assertEquals(3, s.all(ResourceType.TENANT).size());
        }
    }

    @Test
    void aFailedSyncFailsEveryPendingCommitAndLosesNothingAcknowledged() throws Exception {
        FakeJournalDisk disk = new FakeJournalDisk();
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        Tenant kept = tenant();
        Tenant lost1 = tenant();
        Tenant lost2 = tenant();
        Tenant later = tenant();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000, disk)) {
            s.addListener((seq, changes) -> told.add(seq + ":" + changes.get(0).id()));
            assertEquals(1, s.commit(create(kept)));
            long g = s.generation();
            // lost1's writer syncs; the sync is held until lost2 has been appended behind it, then fails.
            CountDownLatch entered = disk.gateNext();
            disk.failing = true;
            PendingCommit p1 = s.append(create(lost1), g);
            Future<?> w1 = pool.submit(() -> assertThrows(IOException.class, p1::awaitDurable));
            entered.await();
            PendingCommit p2 = s.append(create(lost2), g);
            disk.release();
            w1.get();
            IOException e = assertThrows(IOException.class, p2::awaitDurable,
                    "appended after the failed sync's start: checked against lost1's state, so failed with it");
            assertTrue(e.getCause().getMessage().startsWith("injected"), e.toString());
            assertNull(s.get(ResourceType.TENANT, lost1.id()));
            assertNull(s.latest().get(ResourceType.TENANT, lost1.id()), "the latest state fell back");
            assertNull(s.latest().get(ResourceType.TENANT, lost2.id()));
            assertEquals(1, s.lastSeq());
            assertTrue(s.generation() > g);
            assertThrows(IOException.class, () -> s.append(create(later), g),
                    "a batch checked against the discarded state is refused");

            disk.failing = false;
            assertEquals(2, s.commit(create(later)), "the sequence goes on from the last durable commit");
        } finally {
            pool.shutdown();
        }
        assertEquals(List.of("1:" + kept.id(), "2:" + later.id()), told, "listeners saw only durable commits");
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(2, s.lastSeq());
            assertEquals(kept, s.get(ResourceType.TENANT, kept.id()));
            assertEquals(later, s.get(ResourceType.TENANT, later.id()));
            assertNull(s.get(ResourceType.TENANT, lost1.id()));
            assertNull(s.get(ResourceType.TENANT, lost2.id()));
        }
    }

    @Test
    void aSyncFailureSparesWhatAnEarlierSyncMadeDurable() throws Exception {
        FakeJournalDisk disk = new FakeJournalDisk();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000, disk)) {
            Tenant a = tenant();
            Tenant b = tenant();
            PendingCommit pa = s.append(create(a), s.generation());
            assertEquals(1, pa.awaitDurable());
            disk.failing = true;
            PendingCommit pb = s.append(create(b), s.generation());
            assertThrows(IOException.class, pb::awaitDurable);
            assertEquals(1, pa.awaitDurable(), "a durable commit stays acknowledged");
            assertEquals(a, s.get(ResourceType.TENANT, a.id()));
            disk.failing = false;
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(1, s.lastSeq());
        }
    }

    @Test
    void manyThreadsCommittingLoseNothingAcknowledgedAndListenersSeeCommitOrder() throws Exception {
        int threads = 16;
        int each = 100;
        FakeJournalDisk disk = new FakeJournalDisk();
        Map<Long, UUID> acknowledged = new ConcurrentHashMap<>();
        List<Long> toldSeqs = Collections.synchronizedList(new ArrayList<>());
        Map<Long, UUID> toldIds = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // snapshot every 37 commits: compactions run while other writers have records pending.
        try (JournalIntentStore s = JournalIntentStore.open(dir, 37, disk)) {
            s.addListener((seq, changes) -> {
                toldSeqs.add(seq);
                toldIds.put(seq, changes.get(0).id());
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        Tenant x = tenant();
                        acknowledged.put(s.commit(create(x)), x.id());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            assertTrue(disk.syncs.get() <= threads * each);
        } finally {
            pool.shutdown();
        }
        int n = threads * each;
        assertEquals(n, acknowledged.size(), "every commit got its own sequence number");
        List<Long> inOrder = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            inOrder.add(i);
        }
        assertEquals(inOrder, toldSeqs, "listeners told once per commit, in commit order");
        assertEquals(acknowledged, toldIds, "each with its own changes");
        try (JournalIntentStore s = JournalIntentStore.open(dir, 37)) {
            assertEquals(n, s.lastSeq());
            acknowledged.values().forEach(id -> assertEquals(id, s.get(ResourceType.TENANT, id).id()));
        }
    }

    @Test
    void aSnapshotTakenWhileCommitsArePendingKeepsThemInTheJournal() throws Exception {
        FakeJournalDisk disk = new FakeJournalDisk();
        Tenant first = tenant();
        Tenant second = tenant();
        Tenant pendingAtSnapshot = tenant();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2, disk)) {
            s.commit(create(first));
            CountDownLatch entered = disk.gateNext();
            PendingCommit p2 = s.append(create(second), s.generation());
            Future<Long> w2 = pool.submit(p2::awaitDurable);
            entered.await();
            PendingCommit p3 = s.append(create(pendingAtSnapshot), s.generation());
            disk.release();
            assertEquals(2, w2.get()); // the second commit triggers the snapshot, with the third pending
            assertEquals(3, p3.awaitDurable());
        } finally {
            pool.shutdown();
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2)) {
            assertEquals(3, s.lastSeq());
            assertEquals(pendingAtSnapshot, s.get(ResourceType.TENANT, pendingAtSnapshot.id()));
            assertEquals(3, s.all(ResourceType.TENANT).size());
        }
    }

    @Test
    void anExplicitSnapshotSyncsWhatIsPending() throws IOException {
        Tenant t = tenant();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            PendingCommit p = s.append(create(t), s.generation());
            s.snapshot();
            assertEquals(t, s.get(ResourceType.TENANT, t.id()));
            assertEquals(1, p.awaitDurable());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(t, s.get(ResourceType.TENANT, t.id()));
        }
    }
}
