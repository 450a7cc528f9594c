package io.skylane.vpc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.vpc.model.ResourceType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process committing from many threads is killed with SIGKILL in the middle of its burst; on
 * reopen, every commit it acknowledged is there, with the sequence number it was acknowledged with.
 */
class GroupCommitCrashTest {

    private static final int ACKS_BEFORE_KILL = 2000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedCommitSurvivesAKillMidBurst() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // snapshot every 150 commits: the kill may also land in a snapshot or a compaction.
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AcknowledgingWriter.class.getName(), dir.toString(), "16", "150")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<UUID, Long> acked = new HashMap<>();
        int failed = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f[0].equals("ack")) {
                    acked.put(UUID.fromString(f[2]), Long.parseLong(f[1]));
                    if (acked.size() == ACKS_BEFORE_KILL) {
                        // SIGKILL (no shutdown hook, no close); through the handle, which leaves the
                        // pipe open so that the acknowledgements already written can still be read.
                        child.toHandle().destroyForcibly();
                    }
                } else if (f[0].equals("failed")) {
                    failed++;
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertEquals(0, failed);
        assertTrue(acked.size() >= ACKS_BEFORE_KILL);
        try (JournalIntentStore s = JournalIntentStore.open(dir, 150)) {
            long maxAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(s.lastSeq() >= maxAcked, "recovered up to seq " + s.lastSeq() + ", acknowledged " + maxAcked);
            assertEquals(s.lastSeq(), s.all(ResourceType.TENANT).size(), "one tenant per commit, no gap");
            acked.forEach((id, seq) -> assertNotNull(s.get(ResourceType.TENANT, id), "acknowledged as " + seq));
        }
    }
}
