package io.skylane.core.bench;

import static io.skylane.core.bench.FlowRuleDiffBenchmark.RULES;
import static io.skylane.core.bench.FlowRuleDiffBenchmark.lastBatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.AuditReport;
import io.skylane.core.southbound.SwitchOp;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each benchmark runs once and does what its name says (so a change in the core cannot silently hollow it out). */
class FlowRuleDiffBenchmarkTest {

    private static final FlowRuleDiffBenchmark.Rules rules = new FlowRuleDiffBenchmark.Rules();
    private final FlowRuleDiffBenchmark bench = new FlowRuleDiffBenchmark();

    @BeforeAll
    static void build() {
        rules.build();
    }

    @Test
    void initialInstallSendsOneAddPerRule() {
        FlowRuleDiffBenchmark.EmptySwitch s = new FlowRuleDiffBenchmark.EmptySwitch();
        s.connect();
        FlowRuleDiffBenchmark.check(bench.setDesiredInitial(rules, s));
        List<SwitchOp> ops = lastBatch(s.sw);
        assertEquals(RULES, ops.size());
        assertTrue(ops.stream().allMatch(op -> ((SwitchOp.FlowOp) op).kind() == SwitchOp.Kind.ADD));
    }

    @Test
    void unchangedRulesSendNothing() {
        FlowRuleDiffBenchmark.InstalledSwitch s = new FlowRuleDiffBenchmark.InstalledSwitch();
        s.install(rules);
        s.forgetRecords();
        for (int i = 0; i < 3; i++) {
            FlowRuleDiffBenchmark.check(bench.setDesiredUnchanged(rules, s));
        }
        assertEquals(0, s.sw.messages());
    }

    @Test
    void onePercentChangedSendsOneModifyPerChangedRule() {
        FlowRuleDiffBenchmark.InstalledSwitch s = new FlowRuleDiffBenchmark.InstalledSwitch();
        s.install(rules);
        s.forgetRecords();
        for (int i = 0; i < 3; i++) {
            FlowRuleDiffBenchmark.check(bench.setDesiredOnePercentChanged(rules, s));
            List<SwitchOp> ops = lastBatch(s.sw);
            assertEquals(RULES / FlowRuleDiffBenchmark.CHANGED_EVERY, ops.size());
            assertTrue(ops.stream().allMatch(op -> ((SwitchOp.FlowOp) op).kind() == SwitchOp.Kind.MODIFY));
        }
        assertEquals(3, s.sw.batches().size());
    }

    @Test
    void auditOfAnUnchangedTableKeepsEveryEntry() {
        FlowRuleDiffBenchmark.AuditedSwitch s = new FlowRuleDiffBenchmark.AuditedSwitch();
        s.install(rules);
        s.sw.clearRecords();
        AuditReport r = bench.auditUnchanged(s);
        assertEquals(RULES + 1, r.kept());
        assertEquals(0, r.added());
        assertEquals(0, r.removed());
        assertTrue(r.tableRead());
        assertEquals(0, s.sw.messages());
    }
}
