package io.skylane.bench;

import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.FlowRuleService;
import io.skylane.core.net.DeviceId;
import io.skylane.core.pipeline.SkylanePipeline;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * What every mode shares: the hard deadline, progress lines, connecting the fleet and waiting for
 * every handshake, and the JSON document around the mode's own numbers.
 */
abstract class RunBase {

    /** Why a run stops early. */
    static final class Stop extends Exception {
        final BenchResult.Outcome outcome;

        Stop(BenchResult.Outcome outcome, String message) {
            super(message, null, false, false);
            this.outcome = outcome;
        }
    }

    final BenchConfig config;
    private final Consumer<String> progress;
    final long startNanos = System.nanoTime();
    final Instant startedAt = Instant.now();
    final long deadlineNanos;
    final SwitchFleet fleet;
    final List<String> connectFailures = new CopyOnWriteArrayList<>();

    RunBase(BenchConfig config, Consumer<String> progress) {
        this.config = config;
        this.progress = progress;
        this.deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos(config.deadlineSeconds());
        this.fleet = new SwitchFleet(config);
    }

    /** Runs the mode; always closes the fleet. */
    final BenchResult run() {
        try {
            return execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(BenchResult.Outcome.DEADLINE, "interrupted", Map.of());
        } catch (TimeoutException e) {
            return failed(BenchResult.Outcome.DEADLINE, "the generator's event loops did not respond in time",
                    Map.of());
        } finally {
            fleet.close();
        }
    }

    abstract BenchResult execute() throws InterruptedException, TimeoutException;

    void say(String line) {
        progress.accept(line);
    }

    long remainingMs() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    void checkDeadline() throws Stop {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new Stop(BenchResult.Outcome.DEADLINE, "hard deadline of " + config.deadlineSeconds()
                    + " s reached");
        }
    }

    /**
     * Connects every switch and waits until each is past its handshake.
     *
     * @throws Stop if one cannot connect, closes, or is not ready within the connect timeout
     */
    void connectAndAwaitReady() throws Stop, InterruptedException, TimeoutException {
        say(String.format(Locale.ROOT, "connecting %d switches (OpenFlow %s) to %s:%d", config.switches(),
                config.openflow(), config.host(), config.port()));
        fleet.connectAll(connectFailures::add);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(config.connectTimeoutMs(), remainingMs()));
        while (true) {
            int ready = 0;
            EmulatedSwitch broken = null;
            for (EmulatedSwitch sw : fleet.switches()) {
                if (sw.ready().isCompletedExceptionally()) {
                    broken = sw;
                    break;
                }
                if (sw.ready().isDone()) {
                    ready++;
                }
            }
            if (broken != null) {
                String reason = connectFailures.isEmpty() ? "switch " + broken.spec().dpidText() + ": "
                        + broken.closed().getNow("connection failed") : connectFailures.get(0);
                throw new Stop(BenchResult.Outcome.CONNECTION_FAILED, reason);
            }
            if (ready == config.switches()) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                List<String> states = fleet.onEach(EmulatedSwitch::handshakeState, 5000);
                String first = states.stream().filter(s -> !s.isEmpty()).findFirst().orElse("");
                throw new Stop(BenchResult.Outcome.CONNECTION_FAILED, ready + " of " + config.switches()
                        + " switches finished the handshake within " + Math.min(config.connectTimeoutMs(),
                        config.deadlineSeconds() * 1000L) + " ms; " + first);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Polls {@code GET /v1/devices} until it lists every emulated switch as connected.
     *
     * @return when it first did (System.nanoTime)
     * @throws Stop if it does not within the connect timeout (or before the deadline)
     */
    long awaitListed(RestClient rest) throws Stop, InterruptedException {
        Set<String> wanted = new HashSet<>();
        fleet.switches().forEach(sw -> wanted.add(sw.spec().dpidText()));
        long end = System.nanoTime()
                + TimeUnit.MILLISECONDS.toNanos(Math.min(config.connectTimeoutMs(), remainingMs()));
        String last = "";
        while (System.nanoTime() - end < 0) {
            try {
                Set<String> connected = rest.connectedDevices();
                if (connected.containsAll(wanted)) {
                    return System.nanoTime();
                }
                last = (wanted.size() - wanted.stream().filter(connected::contains).count()) + " not listed yet";
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(10);
        }
        throw new Stop(BenchResult.Outcome.VERIFICATION_FAILED, "GET " + rest.base() + "/v1/devices did not list every"
                + " switch as connected within " + config.connectTimeoutMs() + " ms (" + last + ")");
    }

    /**
     * Checks that each switch received {@code expected} confirmed ADDs at the rules' priority since
     * {@code before} (when expected &gt; 0) and now holds {@code expected} such rules.
     *
     * @return how many switches passed
     */
    int verify(List<SwitchSnapshot> before, List<SwitchSnapshot> after, int expected, List<String> problems) {
        int ok = 0;
        for (int i = 0; i < after.size(); i++) {
            SwitchSnapshot a = after.get(i);
            long confirmed = a.watchedAddsConfirmed() - before.get(i).watchedAddsConfirmed();
            long adds = a.get(Metric.WATCHED_ADDS) - before.get(i).get(Metric.WATCHED_ADDS);
            boolean good = a.watchedFlows() == expected && (expected == 0 || confirmed == expected);
            if (good) {
                ok++;
            } else {
                problems.add(String.format(Locale.ROOT, "switch %s holds %d rules at priority %d (expected %d); "
                                + "%d ADDs received, %d confirmed by a barrier", a.dpidText(), a.watchedFlows(),
                        config.priority(), expected, adds, confirmed));
            }
        }
        return ok;
    }

    /** Calls setDesired for every switch at once; times the first call to the last confirmation. */
    Phase setDesiredAll(FlowRuleService flows, List<DeviceId> ids, List<List<FlowRule>> rules)
            throws Stop, InterruptedException {
        List<CompletableFuture<FlowApplyResult>> futures = new ArrayList<>(ids.size());
        long[] done = new long[ids.size()];
        long t0 = System.nanoTime();
        for (int i = 0; i < ids.size(); i++) {
            int k = i;
            futures.add(flows.setDesired(SkylanePipeline.REST, ids.get(i), rules.get(i), List.of())
                    .whenComplete((r, e) -> done[k] = System.nanoTime()));
        }
        List<Long> perSwitch = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long last = t0;
        for (int i = 0; i < futures.size(); i++) {
            try {
                FlowApplyResult r = futures.get(i).get(Math.max(1, remainingMs()), TimeUnit.MILLISECONDS);
                if (!r.isSuccess() || !r.pending().isEmpty()) {
                    failures.add("setDesired on " + ids.get(i) + ": pending " + r.pending() + ", failures "
                            + r.failures().size());
                }
            } catch (ExecutionException e) {
                failures.add("setDesired on " + ids.get(i) + " failed: " + e.getCause());
            } catch (TimeoutException e) {
                throw new Stop(BenchResult.Outcome.DEADLINE, "setDesired on " + ids.get(i) + " did not complete");
            }
        }
        for (int i = 0; i < futures.size(); i++) { // every future is done: its time is visible (happens-before via get)
            perSwitch.add(done[i] - t0);
            last = Math.max(last, done[i]);
        }
        return new Phase(last - t0, perSwitch, failures);
    }

    /** One timed phase of a flow-programming run: its time, each switch's, and what failed. */
    record Phase(long elapsedNanos, List<Long> perSwitchNanos, List<String> failures) {
    }

    /**
     * The figures of a flow-programming run's install phase: rules per second, time, per-switch
     * times, switches verified. Returns the problems found so far (the phase's failures and the
     * switches that do not hold the rules).
     */
    List<String> afterPut(Phase put, List<SwitchSnapshot> before, List<SwitchSnapshot> installed, long total,
                          Map<String, Object> s) {
        List<String> problems = new ArrayList<>(put.failures());
        int verified = verify(before, installed, config.rules(), problems);
        s.put("rules/s", perSecond(total, put.elapsedNanos()));
        s.put("elapsed_ms", millis(put.elapsedNanos()));
        s.put("switch_p50_ms", millis(percentile(put.perSwitchNanos(), 50)));
        s.put("switch_max_ms", millis(percentile(put.perSwitchNanos(), 100)));
        s.put("verified", verified + "/" + config.switches());
        say(String.format(Locale.ROOT, "%d rules confirmed in %.1f ms: %.0f rules/s; %d/%d switches verified",
                total, millis(put.elapsedNanos()), perSecond(total, put.elapsedNanos()), verified,
                config.switches()));
        return problems;
    }

    /**
     * The end of a flow-programming run once its rules were deleted again: the delete figures, the
     * per-switch times of both phases, the switches' rows and the outcome.
     */
    BenchResult afterDelete(Phase put, Phase delete, List<SwitchSnapshot> installed, long total, List<String> problems,
                            Map<String, Object> s, Map<String, Object> sections)
            throws TimeoutException, InterruptedException {
        List<SwitchSnapshot> deleted = fleet.snapshot();
        problems.addAll(delete.failures());
        int removed = verify(installed, deleted, 0, problems);
        s.put("delete_rules/s", perSecond(total, delete.elapsedNanos()));
        s.put("delete_ms", millis(delete.elapsedNanos()));
        s.put("deleted_verified", removed + "/" + config.switches());
        sections.put("put_ms_per_switch", put.perSwitchNanos().stream().map(RunBase::millis).toList());
        sections.put("delete_ms_per_switch", delete.perSwitchNanos().stream().map(RunBase::millis).toList());
        sections.put("problems", problems);
        sections.put("switches", PacketInRun.switchRows(deleted, null, 0));
        if (!problems.isEmpty()) {
            say("VERIFICATION FAILED: " + problems.get(0));
            return result(BenchResult.Outcome.VERIFICATION_FAILED, problems.get(0), s, sections);
        }
        return result(BenchResult.Outcome.OK, "", s, sections);
    }

    /** The JSON document: tool, parameters, machine, outcome, summary, then the mode's sections. */
    Map<String, Object> document(BenchResult.Outcome outcome, String message, Map<String, Object> summary,
                                 Map<String, Object> sections) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("tool", "skylane bench");
        d.put("version", config.toolVersion());
        d.put("started_at", startedAt.toString());
        d.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        d.put("message", message);
        d.put("parameters", config.describe());
        Map<String, Object> machine = MachineInfo.describe();
        machine.put("transport", fleet.epoll() ? "epoll" : "nio");
        d.put("machine", machine);
        d.put("summary", summary);
        d.putAll(sections);
        return d;
    }

    BenchResult result(BenchResult.Outcome outcome, String message, Map<String, Object> summary,
                       Map<String, Object> sections) {
        Map<String, Object> s = new LinkedHashMap<>(summary);
        s.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        return new BenchResult(outcome, message, s, document(outcome, message, s, sections));
    }

    BenchResult failed(BenchResult.Outcome outcome, String message, Map<String, Object> sections) {
        return result(outcome, message, header(), sections);
    }

    /** The first RESULT fields of every mode. */
    Map<String, Object> header() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mode", config.mode().name().toLowerCase(Locale.ROOT));
        s.put("of", config.openflow());
        s.put("switches", config.switches());
        return s;
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }

    static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The value at {@code p} (0..100) of sorted {@code values}, nearest rank. */
    static long percentile(List<Long> values, double p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
