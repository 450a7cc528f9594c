package io.skylane.vpc.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
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
 * The disk's own sync latency, as the intent journal pays it: append a record-sized write (a
 * port create's record is about 1 KiB) to a file in {@code java.io.tmpdir} and
 * {@code force(false)} (fdatasync). The floor under one client's write latency, and what group
 * commit shares between concurrent writers; record it beside {@link PortCreateBenchmark}.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- JournalSyncBenchmark -bm sample}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JournalSyncBenchmark {

    private Path file;
    private FileChannel ch;
    private final ByteBuffer record = ByteBuffer.allocate(1024);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("skylane-sync-bench", ".log");
        ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        ch.close();
        Files.delete(file);
    }

    @Benchmark
    public long writeAndSync() throws IOException {
        record.clear();
        long n = ch.write(record);
        ch.force(false);
        return n;
    }
}
