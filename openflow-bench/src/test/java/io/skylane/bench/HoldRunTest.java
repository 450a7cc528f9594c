package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Match;
import io.skylane.core.net.PortNumber;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.OpenFlowServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hold mode against Skylane's real OpenFlow listener: switches stay, answer everything, and stop when told. */
class HoldRunTest {

    private static final AppId APP = AppId.of(30, "hold-test");

    private static OpenFlowServer server(EmulatorAgainstOpenFlowServerTest.Forwarder f) {
        OpenFlowServer s = new OpenFlowServer(OpenFlowConfig.defaults().withBindAddress("127.0.0.1").withPorts(0)
                .withIoThreads(1), f);
        s.start();
        return s;
    }

    private static BenchConfigBuilder hold(OpenFlowServer s, int switches) {
        return BenchConfig.builder().mode(BenchMode.HOLD).port(s.boundAddresses().get(0).getPort())
                .switches(switches).ports(5).buffers(0).dpidBase(0x100).connectTimeoutMs(5000);
    }

    /** Runs hold mode on another thread; its progress lines go to {@code lines}. */
    private static CompletableFuture<BenchResult> start(BenchConfig c, CountDownLatch stop, List<String> lines) {
        return CompletableFuture.supplyAsync(() -> HoldRun.run(c, line -> {
            synchronized (lines) {
                lines.add(line);
            }
        }, stop));
    }

    private static void awaitConnected(EmulatorAgainstOpenFlowServerTest.Forwarder f, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (f.connected.size() < n && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(n, f.connected.size(), "switches connected to the controller");
    }

    private static List<SwitchOp> rules(SwitchHandle sw, int n) {
        List<SwitchOp> ops = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            ops.add(SwitchOp.add(FlowRule.builder().device(sw.deviceId()).table(0).priority(100 + i)
                    .match(Match.builder().add(Criterion.inPort(PortNumber.of(1 + i % 5))).build())
                    .apply(Action.output(PortNumber.of(2))).app(APP).build()));
        }
        return ops;
    }

    @Test
    void holdsTheSwitchesAnsweringRulesBarriersAndFlowStatisticsUntilStopped() throws Exception {
        EmulatorAgainstOpenFlowServerTest.Forwarder f = new EmulatorAgainstOpenFlowServerTest.Forwarder();
        try (OpenFlowServer s = server(f)) {
            CountDownLatch stop = new CountDownLatch(1);
            List<String> lines = new ArrayList<>();
            CompletableFuture<BenchResult> run = start(hold(s, 3).build(), stop, lines);
            awaitConnected(f, 3);
            for (SwitchHandle sw : f.connected.values()) {
                BatchResult r = sw.apply(rules(sw, 4)).get(5, TimeUnit.SECONDS); // FLOW_MODs closed by a barrier
                assertTrue(r.isSuccess(), r.toString());
                List<FlowEntry> held = sw.requestFlows().get(5, TimeUnit.SECONDS);
                assertEquals(4, held.size(), "the switch answers flow statistics with the rules it got: " + held);
            }
            Thread.sleep(HoldRun.CHECK_MS + 200); // held past a check: still running, nothing dropped
            assertTrue(!run.isDone(), "hold mode ends only when stopped");
            assertEquals(3, f.connected.size());

            stop.countDown();
            BenchResult r = run.get(10, TimeUnit.SECONDS);
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertEquals(3, r.summary().get("connected"));
            assertEquals(12L, r.summary().get("flows"));
            assertEquals(4L, r.summary().get("flows_max"));
            assertTrue((Long) r.summary().get("barriers") >= 3, r.summaryLine());
            assertTrue((Long) r.summary().get("flow_mods") >= 12, r.summaryLine());
            assertTrue(r.summaryLine().startsWith("RESULT mode=hold of=1.3 switches=3 ports=5 "), r.summaryLine());
            synchronized (lines) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("3 switches with 5 ports each ready")),
                        lines.toString());
            }
        }
    }

    @Test
    void aSwitchTheControllerDropsIsReported() throws Exception {
        EmulatorAgainstOpenFlowServerTest.Forwarder f = new EmulatorAgainstOpenFlowServerTest.Forwarder();
        try (OpenFlowServer s = server(f)) {
            CountDownLatch stop = new CountDownLatch(1);
            List<String> lines = new ArrayList<>();
            CompletableFuture<BenchResult> run = start(hold(s, 2).build(), stop, lines);
            awaitConnected(f, 2);
            f.connected.values().iterator().next().disconnect("test");
            Thread.sleep(HoldRun.CHECK_MS + 500);
            stop.countDown();
            BenchResult r = run.get(10, TimeUnit.SECONDS);
            assertEquals(BenchResult.Outcome.DISCONNECTED, r.outcome());
            assertEquals(3, r.exitCode());
            assertEquals(1, r.summary().get("connected"));
            assertTrue(r.message().startsWith("1 of 2 switches were dropped"), r.message());
            synchronized (lines) {
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("1 of 2 switches dropped")), lines.toString());
            }
        }
    }

    @Test
    void throughTheLoadGeneratorItHoldsUntilTheDeadline() {
        EmulatorAgainstOpenFlowServerTest.Forwarder f = new EmulatorAgainstOpenFlowServerTest.Forwarder();
        try (OpenFlowServer s = server(f)) {
            long start = System.nanoTime();
            BenchResult r = LoadGenerator.run(hold(s, 2).deadlineSeconds(3).build(), line -> { });
            assertEquals(BenchResult.Outcome.OK, r.outcome(), r.message());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(2900), "held for its deadline");
            assertEquals("held until the deadline of 3 s", r.message());
        }
    }

    @Test
    void withoutADeadlineItHoldsUntilStoppedAndOnlyInHoldMode() {
        assertEquals(Integer.MAX_VALUE, BenchConfig.builder().mode(BenchMode.HOLD).build().deadlineSeconds());
        assertThrows(IllegalArgumentException.class, () -> HoldRun.run(BenchConfig.builder().build(), l -> { },
                new CountDownLatch(1)));
    }
}
