package io.skylane.vpc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Runs {@link TenantCompileBenchmark} once on a small cloud (nothing timed), so that it keeps measuring a compile. */
class TenantCompileBenchmarkTest {

    @Test
    void bothBenchmarksCompileTheCloud() {
        TenantCompileBenchmark b = new TenantCompileBenchmark();
        b.k = 4;
        b.vpcs = 4;
        b.ports = 40;
        b.heapRounds = 1;
        b.setUp();
        try {
            for (int i = 0; i < 2; i++) { // a second data plane compiles everything again
                b.newDataPlane();
                assertFalse(b.firstRecompute().isEmpty());
            }
            assertEquals(20, b.compileParts().size(), "every switch of the k=4 fat-tree");
        } finally {
            b.tearDown();
        }
    }
}
