package io.skylane.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Latency and throughput modes: connect, teach the destination MACs, start PACKET_INs, warm up,
 * then measure {@code loops} loops from counter snapshots taken on the switches' event loops;
 * stop, give the last answers a moment, count what is left as unanswered.
 */
final class PacketInRun extends RunBase {

    private static final long CHECK_MS = 20;

    private final List<Map<String, Object>> loopRows = new ArrayList<>();
    private final List<Double> loopRates = new ArrayList<>();
    private final Histogram latency = SwitchFleet.newHistogram();
    private long trafficStartNanos;

    PacketInRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        try {
            connectAndAwaitReady();
        } catch (Stop s) {
            say("FAILED: " + s.getMessage());
            return failed(s.outcome, s.getMessage(), Map.of("switches", switchRows(safeSnapshot(), null, 0)));
        }
        say(String.format(Locale.ROOT, "%d switches ready in %.0f ms", config.switches(),
                millis(System.nanoTime() - fleet.connectStartNanos())));
        int learned = config.learn() ? learn() : 0;

        fleet.runOnEach(EmulatedSwitch::startTraffic, 10_000);
        trafficStartNanos = System.nanoTime();
        BenchResult.Outcome outcome = BenchResult.Outcome.OK;
        String message = "";
        List<SwitchSnapshot> base = null;
        List<SwitchSnapshot> last = null;
        long baseNanos = 0;
        long lastNanos = 0;
        long cpuBase = 0;
        long cpuLast = 0;
        try {
            if (config.warmupSeconds() > 0) {
                say("warming up for " + config.warmupSeconds() + " s");
                sleepChecking(TimeUnit.SECONDS.toMillis(config.warmupSeconds()));
            }
            baseNanos = System.nanoTime();
            cpuBase = MachineInfo.processCpuNanos();
            base = fleet.snapshot();
            fleet.drainLatency();
            last = base;
            lastNanos = baseNanos;
            cpuLast = cpuBase;
            for (int loop = 1; loop <= config.loops(); loop++) {
                sleepChecking(config.durationMs());
                long now = System.nanoTime();
                List<SwitchSnapshot> snap = fleet.snapshot();
                long cpu = MachineInfo.processCpuNanos();
                Histogram h = fleet.drainLatency();
                latency.add(h);
                loopRow(loop, last, snap, now - lastNanos, h);
                last = snap;
                lastNanos = now;
                cpuLast = cpu;
            }
        } catch (Stop s) {
            outcome = s.outcome;
            message = s.getMessage();
            say("STOPPED: " + message);
        }
        fleet.runOnEach(EmulatedSwitch::stopTraffic, 10_000);
        List<SwitchSnapshot> end = drain();
        if (outcome == BenchResult.Outcome.OK) {
            List<EmulatedSwitch> closed = fleet.closedSwitches();
            if (!closed.isEmpty()) {
                outcome = BenchResult.Outcome.DISCONNECTED;
                message = closed.size() + " switch(es) lost their connection during the run; first: switch "
                        + closed.get(0).spec().dpidText() + ": " + closed.get(0).closeReason();
            }
        }
        if (base == null) {
            return failed(outcome, message, Map.of("switches", switchRows(end, null, 0)));
        }
        if (outcome == BenchResult.Outcome.OK && sum(last, base, Metric.ANSWERED) == 0) {
            outcome = BenchResult.Outcome.STALLED;
            message = "no PACKET_IN was answered during the measurement (" + sum(last, base, Metric.FLOW_MODS)
                    + " FLOW_MODs and " + sum(last, base, Metric.PACKET_OUTS) + " PACKET_OUTs answered nothing)";
            say("FAILED: " + message);
        }
        return summarize(outcome, message, base, last, end, lastNanos - baseNanos, cpuLast - cpuBase, learned);
    }

    /** Sends every switch's learning packet and waits (up to 2 s) until the controller has answered all. */
    private int learn() throws InterruptedException, TimeoutException {
        fleet.runOnEach(EmulatedSwitch::sendLearn, 10_000);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int learned = 0;
        while (System.nanoTime() - end < 0) {
            learned = (int) fleet.snapshot().stream().filter(SwitchSnapshot::learned).count();
            if (learned == config.switches()) {
                break;
            }
            Thread.sleep(CHECK_MS);
        }
        say(learned + " of " + config.switches() + " switches saw their learning packet answered");
        return learned;
    }

    /** Sleeps, watching for a controller that stopped answering, lost switches and the deadline. */
    private void sleepChecking(long ms) throws Stop, InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(config.stallTimeoutMs());
        while (true) {
            long now = System.nanoTime();
            checkDeadline();
            long lastAnswer = Math.max(fleet.lastAnswerNanos(), trafficStartNanos);
            if (now - lastAnswer > stallNanos) {
                throw new Stop(BenchResult.Outcome.STALLED, String.format(Locale.ROOT,
                        "the controller stopped answering: no PACKET_IN answered for %.1f s", (now - lastAnswer) / 1e9));
            }
            if (fleet.closedSwitches().size() == config.switches()) {
                throw new Stop(BenchResult.Outcome.DISCONNECTED, "every switch lost its connection; first: "
                        + fleet.switches().get(0).closeReason());
            }
            long left = end - now;
            if (left <= 0) {
                return;
            }
            long sleepNs = Math.min(left, TimeUnit.MILLISECONDS.toNanos(CHECK_MS));
            TimeUnit.NANOSECONDS.sleep(sleepNs);
        }
    }

    /** Waits until nothing is outstanding (at most the answer timeout, 2 s), then expires the rest. */
    private List<SwitchSnapshot> drain() throws InterruptedException, TimeoutException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(2000, config.answerTimeoutMs()));
        while (System.nanoTime() - end < 0 && remainingMs() > 0) {
            if (fleet.snapshot().stream().mapToInt(SwitchSnapshot::waiting).sum() == 0) {
                break;
            }
            Thread.sleep(CHECK_MS);
        }
        fleet.runOnEach(EmulatedSwitch::expireAll, 10_000);
        return fleet.snapshot();
    }

    private List<SwitchSnapshot> safeSnapshot() {
        try {
            return fleet.snapshot();
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            return List.of();
        }
    }

    private void loopRow(int loop, List<SwitchSnapshot> before, List<SwitchSnapshot> after, long nanos, Histogram h) {
        long answered = sum(after, before, Metric.ANSWERED);
        double rate = perSecond(answered, nanos);
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < after.size(); i++) {
            double r = perSecond(after.get(i).get(Metric.ANSWERED) - before.get(i).get(Metric.ANSWERED), nanos);
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("loop", loop);
        row.put("elapsed_ms", millis(nanos));
        row.put("answered", answered);
        row.put("answered_per_s", rate);
        row.put("flow_mod_per_s", perSecond(sum(after, before, Metric.FLOW_MODS), nanos));
        row.put("packet_out_per_s", perSecond(sum(after, before, Metric.PACKET_OUTS), nanos));
        row.put("packet_in_per_s", perSecond(sum(after, before, Metric.PACKET_INS), nanos));
        row.put("unanswered", sum(after, before, Metric.UNANSWERED));
        row.put("switch_min_per_s", min);
        row.put("switch_max_per_s", max);
        row.put("p50_us", micros(h, 50));
        row.put("p99_us", micros(h, 99));
        loopRows.add(row);
        loopRates.add(rate);
        say(String.format(Locale.ROOT, "loop %d/%d: %.0f answered/s (flow_mod %.0f/s, packet_out %.0f/s), "
                        + "per switch min/max %.0f/%.0f, p50 %.1f us", loop, config.loops(), rate,
                row.get("flow_mod_per_s"), row.get("packet_out_per_s"), min, max, micros(h, 50)));
    }

    private BenchResult summarize(BenchResult.Outcome outcome, String message, List<SwitchSnapshot> base,
                                  List<SwitchSnapshot> last, List<SwitchSnapshot> end, long nanos, long cpuNanos,
                                  int learned) {
        Map<String, Object> s = header();
        s.put("macs", config.macs());
        s.put("buffers", config.buffers());
        s.put("window", config.window());
        s.put("loops", loopRates.size());
        s.put("duration_ms", config.durationMs());
        s.put("answered/s", perSecond(sum(last, base, Metric.ANSWERED), nanos));
        double avg = loopRates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double var = loopRates.stream().mapToDouble(r -> (r - avg) * (r - avg)).sum() / Math.max(1, loopRates.size());
        s.put("loop_min/s", loopRates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
        s.put("loop_max/s", loopRates.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        s.put("loop_avg/s", avg);
        s.put("loop_stddev/s", Math.sqrt(var));
        s.put("flow_mod/s", perSecond(sum(last, base, Metric.FLOW_MODS), nanos));
        s.put("packet_out/s", perSecond(sum(last, base, Metric.PACKET_OUTS), nanos));
        s.put("packet_in/s", perSecond(sum(last, base, Metric.PACKET_INS), nanos));
        s.put("unanswered", sum(end, base, Metric.UNANSWERED));
        s.put("duplicates", sum(end, base, Metric.DUPLICATE_ANSWERS));
        s.put("unknown", sum(end, base, Metric.UNKNOWN_ANSWERS) + sum(end, base, Metric.LATE_ANSWERS));
        s.put("unexpected", sum(end, base, Metric.UNEXPECTED));
        s.put("errors", sum(end, base, Metric.ERRORS));
        s.put("disconnects", (long) fleet.closedSwitches().size());
        double switchMin = Double.NaN;
        double switchMax = Double.NaN;
        for (int i = 0; i < last.size(); i++) {
            double r = perSecond(last.get(i).get(Metric.ANSWERED) - base.get(i).get(Metric.ANSWERED), nanos);
            switchMin = Double.isNaN(switchMin) ? r : Math.min(switchMin, r);
            switchMax = Double.isNaN(switchMax) ? r : Math.max(switchMax, r);
        }
        s.put("switch_min/s", switchMin);
        s.put("switch_max/s", switchMax);
        s.put("p50_us", micros(latency, 50));
        s.put("p99_us", micros(latency, 99));
        s.put("p999_us", micros(latency, 99.9));
        s.put("max_us", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0);
        s.put("gen_cpu", cpuNanos < 0 || nanos <= 0 ? Double.NaN : (double) cpuNanos / nanos);

        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("learned_switches", learned);
        sections.put("measured_ms", millis(nanos));
        sections.put("latency_us", latencySection());
        sections.put("loops", loopRows);
        sections.put("switches", switchRows(end, base, nanos));
        if (message.isEmpty() && learned < config.switches() && config.learn()) {
            message = (config.switches() - learned) + " switch(es) did not see their learning packet answered";
        }
        return result(outcome, message, s, sections);
    }

    private Map<String, Object> latencySection() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", latency.getTotalCount());
        m.put("mean", latency.getTotalCount() == 0 ? Double.NaN : latency.getMean() / 1000.0);
        m.put("min", latency.getTotalCount() == 0 ? Double.NaN : latency.getMinValue() / 1000.0);
        m.put("p50", micros(latency, 50));
        m.put("p90", micros(latency, 90));
        m.put("p99", micros(latency, 99));
        m.put("p999", micros(latency, 99.9));
        m.put("p9999", micros(latency, 99.99));
        m.put("max", latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0);
        return m;
    }

    /** Per switch: counters since {@code base} (all if null) and its state. */
    static List<Map<String, Object>> switchRows(List<SwitchSnapshot> end, List<SwitchSnapshot> base, long nanos) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < end.size(); i++) {
            SwitchSnapshot d = base == null ? end.get(i) : end.get(i).minus(base.get(i));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dpid", d.dpidText());
            if (nanos > 0) {
                row.put("answered_per_s", perSecond(d.get(Metric.ANSWERED), nanos));
            }
            for (Metric m : Metric.values()) {
                row.put(m.key(), d.get(m));
            }
            row.put("waiting", d.waiting());
            row.put("flows", d.flows());
            row.put("handshake_ms", d.handshakeNs() < 0 ? null : millis(d.handshakeNs()));
            row.put("learned", d.learned());
            row.put("close_reason", d.closeReason());
            rows.add(row);
        }
        return rows;
    }

    private static long sum(List<SwitchSnapshot> after, List<SwitchSnapshot> before, Metric m) {
        long total = 0;
        for (int i = 0; i < after.size(); i++) {
            total += after.get(i).get(m) - before.get(i).get(m);
        }
        return total;
    }
}
