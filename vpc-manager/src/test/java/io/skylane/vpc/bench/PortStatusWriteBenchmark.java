package io.skylane.vpc.bench;

import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording the status of {@code ports} ports that all flip at once (a switch reconnects, the
 * controller restarts) in the journaled intent store on disk: one write per port (what the data
 * plane did before) against one batch for all of them (what it does now). Every write is fsynced
 * before it returns (one caller here, so no sync is shared with another write); until the group
 * commit the intent service's write lock was held throughout, so this was also how long the
 * orchestrator's writes queued behind the flip. One operation flips every port.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- PortStatusWriteBenchmark -f 1 -wi 1 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class PortStatusWriteBenchmark {

    @Param({"1000"})
    public int ports;

    private Path dir;
    private JournalIntentStore store;
    private IntentService intents;
    private final List<UUID> ids = new ArrayList<>();
    private Port.Status next = Port.Status.ACTIVE;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("skylane-status-bench");
        store = JournalIntentStore.open(dir, 1_000_000);
        intents = new IntentService(store, IntentConfig.defaults(TenantFixture.ADMIN_TOKEN), Clock.systemUTC());
        TenantFixture t = new TenantFixture(intents, "bench");
        for (int i = 0; ids.size() < ports; i++) {
            Vpc v = t.vpc();
            t.subnet(v.id(), "10.0.0.0/16");
            for (int j = 0; j < 1000 && ids.size() < ports; j++) {
                ids.add(t.port(v.id(), PortUpdate.NONE).id());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public void onePerPort() {
        Port.Status s = flip();
        for (UUID id : ids) {
            intents.setPortStatuses(Map.of(id, s));
        }
    }

    @Benchmark
    public void oneBatch() {
        Port.Status s = flip();
        Map<UUID, Port.Status> all = new HashMap<>();
        ids.forEach(id -> all.put(id, s));
        intents.setPortStatuses(all);
    }

    private Port.Status flip() {
        next = next == Port.Status.ACTIVE ? Port.Status.DOWN : Port.Status.ACTIVE;
        return next;
    }
}
