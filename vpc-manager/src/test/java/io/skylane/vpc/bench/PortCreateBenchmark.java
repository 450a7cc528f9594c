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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * API port creates through the intent service (validation, address and MAC allocation, the
 * journal write and its sync) on the journaled store on disk, in a temporary directory of
 * {@code java.io.tmpdir} (the disk of the default {@code ./data}), with the server's default
 * {@code snapshot_every} of 10,000. Each JMH thread is one client creating ports in a VPC of its
 * own; run it with {@code -t 1} (one client) and {@code -t 16} (16 concurrent clients, the writes
 * that group commit lets share a sync). Throughput mode gives creates/s, sample mode the latency
 * percentiles; {@link JournalSyncBenchmark} the disk's own sync latency, to read beside them.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- PortCreateBenchmark -t 16 -bm thrpt,sample}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PortCreateBenchmark {

    /** Ports per VPC before a client moves to a new one (its subnet is a /16). */
    static final int PORTS_PER_VPC = 60_000;

    Path dir;
    JournalIntentStore store;
    IntentService intents;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("skylane-port-create-bench");
        store = JournalIntentStore.open(dir, 10_000);
        intents = new IntentService(store, IntentConfig.defaults(TenantFixture.ADMIN_TOKEN), Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One client: a tenant with a VPC and a /16 subnet, replaced when it is nearly full. */
    @State(Scope.Thread)
    public static class Client {
        TenantFixture tenant;
        Vpc vpc;
        int created;

        @Setup(Level.Trial)
        public void setUp(PortCreateBenchmark b) {
            tenant = new TenantFixture(b.intents, "client-" + Thread.currentThread().getName());
            newVpc();
        }

        void newVpc() {
            vpc = tenant.vpc();
            tenant.subnet(vpc.id(), "10.0.0.0/16");
            created = 0;
        }

        Port create() {
            if (++created > PORTS_PER_VPC) {
                newVpc();
                created = 1;
            }
            return tenant.port(vpc.id(), PortUpdate.NONE);
        }
    }

    @Benchmark
    public Port createPort(Client client) {
        return client.create();
    }
}
