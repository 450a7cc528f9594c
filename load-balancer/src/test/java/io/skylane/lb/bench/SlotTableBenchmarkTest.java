package io.skylane.lb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The benchmark runs once and builds what its name says (so a change cannot silently hollow it out). */
class SlotTableBenchmarkTest {

    @Test
    void buildsAFullTableWhereEveryMemberOwnsASlot() {
        for (int members : new int[] {10, 100}) {
            SlotTableBenchmark bench = new SlotTableBenchmark();
            bench.members = members;
            bench.setUp();
            bench.check(bench.build());
            assertEquals(members, bench.build().slotCounts().size());
        }
    }
}
