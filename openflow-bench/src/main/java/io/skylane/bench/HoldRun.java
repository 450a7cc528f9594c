package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Hold mode: connects the switches, each with its {@link BenchConfig#ports()} ports, and keeps them
 * connected, answering everything (handshake, echo, barriers, role, port and flow statistics from
 * the rules each switch recorded) and sending nothing of its own but echoes, until stopped or the
 * deadline. A load for something else to be measured beside it, e.g. a cloud of tenant ports bound
 * to these switches whose rules the controller compiles and installs. Reports, once it ends, what
 * the switches received (FLOW_MODs, barriers, the rules each holds) and which were dropped.
 *
 * <pre>{@code
 * CountDownLatch stop = new CountDownLatch(1);
 * BenchResult r = HoldRun.run(BenchConfig.builder().mode(BenchMode.HOLD).switches(100).ports(100).build(),
 *         System.err::println, stop);   // returns once stop is counted down
 * }</pre>
 */
public final class HoldRun extends RunBase {

    /** How often the held switches are checked (progress and dropped connections). */
    static final long CHECK_MS = 1000;
    /** How often a progress line is written while holding. */
    static final long REPORT_MS = 30_000;

    private final CountDownLatch stop;

    private HoldRun(BenchConfig config, Consumer<String> progress, CountDownLatch stop) {
        super(config, progress);
        this.stop = stop;
    }

    /**
     * Holds the switches until {@code stop} is counted down or the deadline passes; never throws for
     * controller misbehaviour. Outcome OK when every switch was still connected at the end.
     */
    public static BenchResult run(BenchConfig config, Consumer<String> progress, CountDownLatch stop) {
        checkNotNull(config, "config");
        checkNotNull(progress, "progress");
        checkNotNull(stop, "stop");
        checkArgument(config.mode() == BenchMode.HOLD, "hold mode only, not %s", config.mode());
        return new HoldRun(config, progress, stop).run();
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        try {
            connectAndAwaitReady();
        } catch (Stop s) {
            say("FAILED: " + s.getMessage());
            return failed(s.outcome, s.getMessage(), Map.of("switches", PacketInRun.switchRows(fleet.snapshot(), null,
                    0)));
        }
        long readyNanos = System.nanoTime();
        say(String.format(Locale.ROOT, "%d switches with %d ports each ready in %.0f ms; holding them until stopped",
                config.switches(), config.ports(), millis(readyNanos - fleet.connectStartNanos())));
        int dropped = 0;
        long lastReport = readyNanos;
        boolean deadline = false;
        while (!stop.await(Math.min(CHECK_MS, Math.max(1, remainingMs())), TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - deadlineNanos > 0) {
                deadline = true;
                break;
            }
            List<EmulatedSwitch> closed = fleet.closedSwitches();
            if (closed.size() > dropped) {
                dropped = closed.size();
                say(String.format(Locale.ROOT, "%d of %d switches dropped, e.g. %s: %s", dropped, config.switches(),
                        closed.get(0).spec().dpidText(), closed.get(0).closeReason()));
            }
            if (System.nanoTime() - lastReport >= TimeUnit.MILLISECONDS.toNanos(REPORT_MS)) {
                lastReport = System.nanoTime();
                say(progressLine(fleet.snapshot()));
            }
        }
        List<SwitchSnapshot> end = fleet.snapshot();
        Map<String, Object> s = header();
        s.put("ports", config.ports());
        s.put("held_s", (System.nanoTime() - readyNanos) / 1e9);
        s.put("connected", config.switches() - fleet.closedSwitches().size());
        s.put("flow_mods", sum(end, Metric.FLOW_MODS));
        s.put("barriers", sum(end, Metric.BARRIERS));
        s.put("packet_outs", sum(end, Metric.PACKET_OUTS));
        s.put("stats_requests", sum(end, Metric.STATS_REQUESTS));
        s.put("flows", end.stream().mapToLong(SwitchSnapshot::flows).sum());
        s.put("flows_max", end.stream().mapToLong(SwitchSnapshot::flows).max().orElse(0));
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("switches", PacketInRun.switchRows(end, null, 0));
        say(progressLine(end));
        List<EmulatedSwitch> closed = fleet.closedSwitches();
        if (!closed.isEmpty()) {
            String m = closed.size() + " of " + config.switches() + " switches were dropped, e.g. "
                    + closed.get(0).spec().dpidText() + ": " + closed.get(0).closeReason();
            return result(BenchResult.Outcome.DISCONNECTED, m, s, sections);
        }
        if (deadline) {
            return result(BenchResult.Outcome.OK, "held until the deadline of " + config.deadlineSeconds() + " s", s,
                    sections);
        }
        return result(BenchResult.Outcome.OK, "", s, sections);
    }

    private String progressLine(List<SwitchSnapshot> snaps) {
        return String.format(Locale.ROOT, "holding %d switches: %d FLOW_MODs, %d barriers, %d rules held, %d dropped",
                config.switches(), sum(snaps, Metric.FLOW_MODS), sum(snaps, Metric.BARRIERS),
                snaps.stream().mapToLong(SwitchSnapshot::flows).sum(),
                snaps.stream().filter(x -> x.closeReason() != null).count());
    }

    private static long sum(List<SwitchSnapshot> snaps, Metric m) {
        long total = 0;
        for (SwitchSnapshot x : snaps) {
            total += x.get(m);
        }
        return total;
    }
}
