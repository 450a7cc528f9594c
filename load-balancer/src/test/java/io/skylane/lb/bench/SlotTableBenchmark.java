package io.skylane.lb.bench;

import io.skylane.lb.slots.SlotCandidate;
import io.skylane.lb.slots.SlotTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Building the slot table of a pool: {@link SlotTable#of} for {@code members} members (random ids,
 * weights 1 and 2 in turn, so every member owns a slot) into the default 251 slots. The compiler
 * does this once per pool change and once per pool in a full compile. One operation is one table.
 *
 * <p>Run: {@code lab/jmh.sh load-balancer -- SlotTableBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class SlotTableBenchmark {

    @Param({"10", "100"})
    public int members;

    List<SlotCandidate> pool;

    @Setup
    public void setUp() {
        Random random = new Random(members);
        List<SlotCandidate> p = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            p.add(new SlotCandidate(new UUID(random.nextLong(), random.nextLong()), 1 + i % 2, true, true, false));
        }
        pool = List.copyOf(p);
        check(build());
    }

    @Benchmark
    public SlotTable build() {
        return SlotTable.of(pool);
    }

    /** The table the benchmark builds is full and every member owns a slot, or the set-up is not what it claims. */
    void check(SlotTable table) {
        if (table.owners().size() != SlotTable.DEFAULT_SIZE || table.slotCounts().size() != members) {
            throw new IllegalStateException("benchmark set-up is not what it claims: " + table);
        }
    }
}
