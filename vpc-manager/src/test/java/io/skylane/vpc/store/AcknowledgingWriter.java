package io.skylane.vpc.store;

import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Tenant;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The child process of {@link GroupCommitCrashTest}: opens the store in {@code args[0]} and has
 * {@code args[1]} threads create tenants until it is killed, printing {@code ack <seq> <id>} for
 * each commit once {@link IntentStore#commit} has returned (acknowledged), and {@code ready} once
 * the store is open.
 */
public final class AcknowledgingWriter {

    private AcknowledgingWriter() {
    }

    public static void main(String[] args) throws IOException {
        JournalIntentStore store = JournalIntentStore.open(Path.of(args[0]), Integer.parseInt(args[2]));
        PrintStream out = new PrintStream(System.out, true);
        out.println("ready");
        int threads = Integer.parseInt(args[1]);
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (true) {
                    UUID id = UUID.randomUUID();
                    Tenant x = new Tenant(Meta.created(id, id, "crash", "", Instant.now(), List.of(), Map.of()));
                    try {
                        long seq = store.commit(List.of(Change.create(x)));
                        out.println("ack " + seq + " " + id);
                    } catch (IOException e) {
                        out.println("failed " + id + " " + e);
                    }
                }
            }, "writer-" + t);
            w.start();
        }
    }
}
