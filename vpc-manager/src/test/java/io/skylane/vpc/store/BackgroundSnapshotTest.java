package io.skylane.vpc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Tenant;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots that commits trigger are written beside the writers (the snapshot thread, here an
 * executor the test runs by hand): commits go on, durable and acknowledged, while one is being
 * written; then the journal keeps exactly the records after it, and a restart finds every commit.
 */
class BackgroundSnapshotTest {

    @TempDir
    Path dir;

    /** Runs what it is given only when told. */
    private static final class HeldExecutor implements Executor {
        final ArrayDeque<Runnable> held = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable r) {
            held.add(r);
        }

        synchronized Runnable next() {
            return held.poll();
        }
    }

    private static Tenant tenant() {
        UUID id = UUID.randomUUID();
        return new Tenant(Meta.created(id, id, "t", "", Instant.parse("2026-12-07T09:00:00Z"), List.of(), Map.of()));
    }

    private static final JournalIntentStore.JournalSync SYNC = ch -> ch.force(false);

    private long snapshotSeq() throws IOException {
        return new ObjectMapper().readTree(dir.resolve(JournalIntentStore.SNAPSHOT).toFile()).get("seq").longValue();
    }

    private int journalRecords() throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(JournalIntentStore.JOURNAL))) {
            int[] n = {0};
            JournalRecords.recover(ch, dir.resolve(JournalIntentStore.JOURNAL), r -> {
                n[0]++;
                return true;
            });
            return n[0];
        }
    }

    @Test
    void commitsGoOnWhileASnapshotIsWrittenAndTheJournalThenKeepsWhatFollowsIt() throws Exception {
        HeldExecutor snapshots = new HeldExecutor();
        List<Tenant> all = new ArrayList<>();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2, SYNC, snapshots)) {
            for (int i = 0; i < 2; i++) {
                Tenant t = tenant();
                all.add(t);
                s.commit(List.of(Change.create(t)));
            }
            assertEquals(1, snapshots.held.size(), "the second commit hands a snapshot over");
            assertFalse(Files.exists(dir.resolve(JournalIntentStore.SNAPSHOT)), "and does not write it");
            for (int i = 0; i < 5; i++) {
                Tenant t = tenant();
                all.add(t);
                assertEquals(3 + i, s.commit(List.of(Change.create(t))), "acknowledged while the snapshot waits");
            }
            assertEquals(1, snapshots.held.size(), "one snapshot at a time");
            assertEquals(7, journalRecords());

            snapshots.next().run();
            assertEquals(2, snapshotSeq(), "the state as it was when the snapshot was handed over");
            assertEquals(5, journalRecords(), "the journal keeps the five commits after it, durable ones included");

            Tenant after = tenant();
            all.add(after);
            assertEquals(8, s.commit(List.of(Change.create(after))), "appends go on in the new journal");
            assertEquals(1, snapshots.held.size(), "six commits since the snapshot: the next one is due");
            snapshots.next().run();
            assertEquals(8, snapshotSeq());
            assertEquals(0, journalRecords());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2, SYNC, snapshots)) {
            assertEquals(8, s.lastSeq());
            assertEquals(8, s.all(ResourceType.TENANT).size());
            all.forEach(t -> assertEquals(t, s.get(ResourceType.TENANT, t.id())));
        }
    }

    @Test
    void aRestartBeforeTheCompactionFindsEveryCommitInTheOldJournal() throws Exception {
        HeldExecutor snapshots = new HeldExecutor();
        List<Tenant> all = new ArrayList<>();
        Path copy = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-copy"));
        try (JournalIntentStore s = JournalIntentStore.open(dir, 3, SYNC, snapshots)) {
            for (int i = 0; i < 5; i++) {
                Tenant t = tenant();
                all.add(t);
                s.commit(List.of(Change.create(t)));
            }
            // the snapshot the thread writes (seq 3), the journal not yet compacted: what a crash in between leaves
            Map<ResourceType, List<io.skylane.vpc.model.Resource>> state = new java.util.EnumMap<>(ResourceType.class);
            for (ResourceType t : ResourceType.values()) {
                state.put(t, t == ResourceType.TENANT ? List.copyOf(all.subList(0, 3)) : List.of());
            }
            SnapshotFile.write(dir, 3, state);
            assertEquals(1, snapshots.held.size());
            for (String f : List.of(JournalIntentStore.JOURNAL, JournalIntentStore.SNAPSHOT)) {
                Files.copy(dir.resolve(f), copy.resolve(f));
            }
            snapshots.next().run();
        }
        try (JournalIntentStore s = JournalIntentStore.open(copy, 3, SYNC, snapshots)) {
            assertEquals(5, s.lastSeq());
            assertEquals(5, s.all(ResourceType.TENANT).size());
            all.subList(3, 5).forEach(t -> assertEquals(t, s.get(ResourceType.TENANT, t.id()),
                    "records after the snapshot replayed from the old journal"));
        }
    }

    @Test
    void aSnapshotThatCannotBeWrittenIsTriedAgainAfterALaterSyncAndAnExplicitOneSaysWhy() throws Exception {
        HeldExecutor snapshots = new HeldExecutor();
        Path blocker = Files.createDirectories(dir.resolve(JournalIntentStore.SNAPSHOT + ".tmp"));
        List<Tenant> all = new ArrayList<>();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2, SYNC, snapshots)) {
            for (int i = 0; i < 2; i++) {
                Tenant t = tenant();
                all.add(t);
                s.commit(List.of(Change.create(t)));
            }
            snapshots.next().run(); // fails: its temporary file's name is taken
            assertFalse(Files.exists(dir.resolve(JournalIntentStore.SNAPSHOT)));
            assertThrows(IOException.class, s::snapshot, "an explicit snapshot reports the failure");
            assertEquals(2, journalRecords(), "the journal keeps every commit");

            Tenant t = tenant();
            all.add(t);
            s.commit(List.of(Change.create(t)));
            assertEquals(1, snapshots.held.size(), "tried again after the next sync");
            Files.delete(blocker);
            snapshots.next().run();
            assertEquals(3, snapshotSeq());
            assertEquals(0, journalRecords());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 2, SYNC, snapshots)) {
            assertEquals(3, s.lastSeq());
            all.forEach(x -> assertEquals(x, s.get(ResourceType.TENANT, x.id())));
        }
    }
}
