package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.FakeJournalDisk;
import io.skylane.vpc.testing.TenantFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through the intent service on the group-committed journal. */
class IntentGroupCommitTest {

    @TempDir
    Path dir;

    private static IntentService service(JournalIntentStore store) {
        return new IntentService(store, IntentConfig.defaults(TenantFixture.ADMIN_TOKEN), Clock.systemUTC());
    }

    private static int ports(IntentService svc) {
        return svc.list(ResourceType.PORT, Actor.ADMIN, ListQuery.all(IntentService.MAX_LIMIT)).items().size();
    }

    @Test
    void concurrentCreatesGetDistinctAddressesAndAllSurviveAReopen() throws Exception {
        int threads = 16;
        int each = 40;
        List<Port> created = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Vpc vpc;
        try (JournalIntentStore store = JournalIntentStore.open(dir, 100)) {
            TenantFixture t = new TenantFixture(service(store), "t");
            vpc = t.vpc();
            t.subnet(vpc.id(), "10.0.0.0/16");
            List<Future<List<Port>>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    List<Port> mine = new ArrayList<>();
                    for (int j = 0; j < each; j++) {
                        mine.add(t.port(vpc.id(), PortUpdate.NONE));
                    }
                    return mine;
                }));
            }
            for (Future<List<Port>> f : done) {
                created.addAll(f.get());
            }
        } finally {
            pool.shutdown();
        }
        Set<Object> ips = new HashSet<>();
        Set<Object> macs = new HashSet<>();
        created.forEach(p -> {
            ips.add(p.fixedIps().get(0).ipAddress());
            macs.add(p.macAddress());
        });
        assertEquals(threads * each, ips.size(), "each write was checked against every write before it");
        assertEquals(threads * each, macs.size());
        try (JournalIntentStore store = JournalIntentStore.open(dir, 100)) {
            IntentService svc = service(store);
            created.forEach(p -> assertEquals(p, svc.get(ResourceType.PORT, Actor.ADMIN, p.id())));
            assertEquals(threads * each, ports(svc));
        }
    }

    @Test
    void readersSeeAWriteOnlyOnceItIsDurable() throws Exception {
        FakeJournalDisk disk = new FakeJournalDisk();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (JournalIntentStore store = JournalIntentStore.open(dir, 1000, disk)) {
            IntentService svc = service(store);
            TenantFixture t = new TenantFixture(svc, "t");
            Vpc vpc = t.vpc();
            t.subnet(vpc.id(), "10.0.0.0/24");
            CountDownLatch syncing = disk.gateNext();
            Future<Port> write = pool.submit(() -> t.port(vpc.id(), "fa:16:3e:00:00:05", "10.0.0.5", null));
            syncing.await();
            assertEquals(0, ports(svc), "appended, not yet durable: not visible");
            assertEquals(1, store.latest().all(ResourceType.PORT).size());
            disk.release();
            Port p = write.get();
            assertEquals(p, svc.get(ResourceType.PORT, Actor.ADMIN, p.id()));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aFailedSyncAnswersAnIoErrorAndGivesBackWhatTheWriteTook() throws IOException {
        FakeJournalDisk disk = new FakeJournalDisk();
        try (JournalIntentStore store = JournalIntentStore.open(dir, 1000, disk)) {
            IntentService svc = service(store);
            TenantFixture t = new TenantFixture(svc, "t");
            Vpc vpc = t.vpc();
            t.subnet(vpc.id(), "10.0.0.0/24");
            long seq = store.lastSeq();
            disk.failing = true;
            assertThrows(UncheckedIOException.class, () -> t.port(vpc.id(), "fa:16:3e:00:00:05", "10.0.0.5", null));
            assertEquals(seq, store.lastSeq());
            assertEquals(0, ports(svc));
            disk.failing = false;
            // The failed write's address and MAC are free again (the index forgot the discarded batch).
            Port p = t.port(vpc.id(), "fa:16:3e:00:00:05", "10.0.0.5", null);
            assertNotNull(svc.get(ResourceType.PORT, Actor.ADMIN, p.id()));
            assertEquals(seq + 1, store.lastSeq());
        }
    }
}
