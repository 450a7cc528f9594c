package io.skylane.vpc.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compaction of the journal after a snapshot: the records the snapshot does not hold (from
 * {@code from} to the appended end: durable ones acknowledged while the snapshot was written, and
 * pending ones) go to a new journal file, synced, which then replaces the old one by an atomic
 * rename. A crash at any point leaves one whole journal, the old or the new, and every record after
 * the snapshot in it: nothing acknowledged is lost (the old journal's records up to the snapshot
 * are skipped on replay).
 */
final class JournalTail {

    private static final Logger log = LoggerFactory.getLogger(JournalTail.class);

    /** The rename happened: the old channel is stale, the store must use the returned one or stop. */
    static final class Replaced extends IOException {
        Replaced(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private JournalTail() {
    }

    /**
     * Moves {@code [from, end)} of {@code journal} to a new file that replaces {@code path}; answers
     * the new file's channel, positioned for appends at {@code end - from}. The old channel is closed.
     *
     * @throws Replaced    if it failed after the rename (the old channel must not be written again)
     * @throws IOException if it failed before (nothing changed; the temporary file is removed)
     */
    static FileChannel keep(FileChannel journal, Path path, long from, long end) throws IOException {
        ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(end - from));
        while (tail.hasRemaining()) {
            if (journal.read(tail, from + tail.position()) < 0) {
                throw new IOException("intent journal shorter than its appended records");
            }
        }
        tail.flip();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (tail.hasRemaining()) {
                ch.write(tail);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try {
            try (FileChannel d = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                log.debug("cannot sync directory {}: {}", path.getParent(), e.toString());
            }
            FileChannel fresh = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                journal.close();
            } catch (IOException e) {
                log.debug("cannot close the replaced journal: {}", e.toString());
            }
            return fresh;
        } catch (IOException e) {
            throw new Replaced("intent journal " + path + " was replaced but cannot be reopened", e);
        }
    }
}
