package io.skylane.vpc.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The switches of a compile ask {@link TenantRules} for the same shared values from several threads
 * ({@link CompilePool}): every thread gets the one value kept per key, and the one instruction list
 * per (actions, segment, goto), as a compile on one thread would hold them.
 */
class TenantRulesConcurrencyTest {

    private static final int THREADS = 4;
    private static final int KEYS = 20_000;

    private record Key(int n) {
    }

    @Test
    void threadsAskingForTheSameKeysAtOnceAllGetTheOneValueKept() throws Exception {
        TenantRules make = new TenantRules();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Object[][]>> seen = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                DeviceId d = DeviceId.of(t + 1);
                seen.add(threads.submit(() -> {
                    start.await();
                    Object[][] got = new Object[2][KEYS];
                    for (int i = 0; i < KEYS; i++) {
                        got[0][i] = make.shared(new Key(i), Object::new);
                        PortNumber out = PortNumber.of(1 + i);
                        FlowRule r = make.make(d, Pipeline.OUTPUT, 100, Match.ALL, List.of(Action.output(out)), -1);
                        got[1][i] = r.instructions();
                    }
                    return got;
                }));
            }
            Object[][] first = seen.get(0).get();
            for (Future<Object[][]> f : seen) {
                Object[][] got = f.get();
                for (int i = 0; i < KEYS; i++) {
                    assertSame(first[0][i], got[0][i], "shared value of key " + i);
                    assertSame(first[1][i], got[1][i], "instruction list of output " + (1 + i));
                }
            }
            assertSame(first[0][7], make.shared(new Key(7), Object::new));
            assertEquals(1, make.make(DeviceId.of(9), Pipeline.OUTPUT, 100, Match.ALL,
                    List.of(Action.output(PortNumber.of(8))), -1).instructions().size());
        } finally {
            threads.shutdownNow();
        }
    }
}
