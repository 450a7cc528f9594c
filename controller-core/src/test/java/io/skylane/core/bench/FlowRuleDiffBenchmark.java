package io.skylane.core.bench;

import static io.skylane.core.bench.TenantRules.APP;

import io.skylane.core.flow.AuditReport;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The flow rule service's diff for a switch with 10 000 desired rules of one app (see
 * {@link TenantRules}), through the public {@code FlowRuleService} of the real
 * {@link FlowRuleManager} and a {@link FakeSwitchHandle} that applies each batch to its table at
 * once. One operation is one rule: scores are rules per second and allocation is per rule.
 *
 * <ul>
 *   <li>{@code setDesiredInitial}: the 10 000 rules on a switch that has none (10 000 ADDs);</li>
 *   <li>{@code setDesiredUnchanged}: the same rules again, as new equal objects (no operation sent);</li>
 *   <li>{@code setDesiredOnePercentChanged}: 1% of the rules output elsewhere (100 MODIFY strict);</li>
 *   <li>{@code auditUnchanged}: the audit of a switch that reports exactly the desired 10 000 entries
 *       (plus the table-miss), already decoded, as after a controller restart: compare, keep all.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class FlowRuleDiffBenchmark {

    /** Desired rules per switch. */
    public static final int RULES = 10_000;
    /** One rule in this many changes in the minimal-diff case (1%). */
    static final int CHANGED_EVERY = 100;

    static final DeviceId DEVICE = DeviceId.of(1);

    /** The rule lists, built once: two equal copies and a copy with 1% changed. */
    @State(Scope.Benchmark)
    public static class Rules {
        List<FlowRule> rules;
        List<FlowRule> equalCopy;
        List<FlowRule> onePercentChanged;

        @Setup(Level.Trial)
        public void build() {
            rules = TenantRules.rules(DEVICE, RULES, 0);
            equalCopy = TenantRules.rules(DEVICE, RULES, 0);
            onePercentChanged = TenantRules.rules(DEVICE, RULES, CHANGED_EVERY);
        }
    }

    /** A connected switch that holds only the table-miss: made again before every call. */
    @State(Scope.Thread)
    public static class EmptySwitch {
        TestCore core;
        FakeSwitchHandle sw;

        @Setup(Level.Invocation)
        public void connect() {
            core = new TestCore();
            sw = core.connect(FakeSwitchHandle.of13(DEVICE.dpid()), TestCore.ports(48));
        }
    }

    /**
     * A connected switch holding the 10 000 rules. Each call hands in the other of two lists
     * (equal copies, or the rules and their 1%-changed copy), so every call has the same diff.
     */
    @State(Scope.Thread)
    public static class InstalledSwitch {
        TestCore core;
        FakeSwitchHandle sw;
        boolean flip;

        @Setup(Level.Trial)
        public void install(Rules r) {
            core = new TestCore();
            sw = core.connect(FakeSwitchHandle.of13(DEVICE.dpid()), TestCore.ports(48));
            check(core.flows().setDesired(APP, DEVICE, r.rules, List.of()).join());
            check(sw.flowTable().size() == RULES + 1, "switch holds " + sw.flowTable().size() + " entries");
        }

        /** The emulated switch records every batch: forget them so memory stays flat. */
        @Setup(Level.Iteration)
        public void forgetRecords() {
            sw.clearRecords();
        }

        List<FlowRule> next(List<FlowRule> first, List<FlowRule> second) {
            flip = !flip;
            return flip ? second : first;
        }
    }

    /** A switch whose flow statistics are a fixed, already decoded table equal to the desired state. */
    @State(Scope.Thread)
    public static class AuditedSwitch {
        TestCore core;
        ReportingSwitch sw;

        @Setup(Level.Trial)
        public void install(Rules r) {
            core = new TestCore();
            sw = new ReportingSwitch(DEVICE.dpid());
            core.connect(sw, TestCore.ports(48));
            check(core.flows().setDesired(APP, DEVICE, r.rules, List.of()).join());
            List<FlowEntry> table = new ArrayList<>(RULES + 1);
            table.add(new FlowEntry(FlowRuleManager.tableMiss(DEVICE), 0, 0, 0));
            for (FlowRule rule : r.equalCopy) {
                table.add(new FlowEntry(rule, 10, 980, 30));
            }
            sw.reported = List.copyOf(table);
        }
    }

    /** Reports {@link #reported} as its flow table (once set): the audit then measures the core only. */
    public static class ReportingSwitch extends FakeSwitchHandle {
        volatile List<FlowEntry> reported;

        ReportingSwitch(long dpid) {
            super(DeviceId.of(dpid), ProtocolVersion.OF_13);
        }

        @Override
        public synchronized CompletableFuture<List<FlowEntry>> requestFlows() {
            List<FlowEntry> r = reported;
            return r == null ? super.requestFlows() : CompletableFuture.completedFuture(r);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RULES)
    public FlowApplyResult setDesiredInitial(Rules r, EmptySwitch s) {
        return s.core.flows().setDesired(APP, DEVICE, r.rules, List.of()).join();
    }

    @Benchmark
    @OperationsPerInvocation(RULES)
    public FlowApplyResult setDesiredUnchanged(Rules r, InstalledSwitch s) {
        return s.core.flows().setDesired(APP, DEVICE, s.next(r.rules, r.equalCopy), List.of()).join();
    }

    @Benchmark
    @OperationsPerInvocation(RULES)
    public FlowApplyResult setDesiredOnePercentChanged(Rules r, InstalledSwitch s) {
        return s.core.flows().setDesired(APP, DEVICE, s.next(r.rules, r.onePercentChanged), List.of()).join();
    }

    @Benchmark
    @OperationsPerInvocation(RULES)
    public AuditReport auditUnchanged(AuditedSwitch s) {
        return s.core.flows().audit(DEVICE).join();
    }

    static void check(FlowApplyResult result) {
        check(result.isSuccess() && result.confirmed().equals(List.of(DEVICE)), "not confirmed: " + result);
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark set-up is not what it claims: " + message);
        }
    }

    /** The operations of the switch's last batch, for checks. */
    static List<SwitchOp> lastBatch(FakeSwitchHandle sw) {
        return sw.lastBatch().orElse(List.of());
    }
}
