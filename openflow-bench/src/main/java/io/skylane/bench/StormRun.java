package io.skylane.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Connection storm: every switch connects at once. Measures, from the switches' side, how long
 * until every handshake is done (the controller has sent SET_CONFIG after FEATURES, and PORT_DESC
 * in 1.3) and each switch's own handshake time; with an API, also until the REST API lists every
 * switch as connected.
 */
final class StormRun extends RunBase {

    StormRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
    }

    /**
     * Runs small storms against an in-process sink first, so that the JVM's class loading and
     * first compilations (hundreds of milliseconds) are not counted as the controller's.
     */
    static void warmUp(BenchConfig config, Consumer<String> say) throws InterruptedException {
        long start = System.nanoTime();
        try (SinkController sink = SinkController.start("127.0.0.1", 0, SinkController.Answer.NONE, 1)) {
            BenchConfig c = config.toBuilder().mode(BenchMode.STORM).host("127.0.0.1").port(sink.port())
                    .switches(Math.min(config.switches(), 32)).api(null).deadlineSeconds(0).build();
            for (int round = 0; round < 5; round++) {
                try (SwitchFleet warm = new SwitchFleet(c)) {
                    warm.connectAll(failure -> { });
                    for (EmulatedSwitch sw : warm.switches()) {
                        sw.ready().get(10, TimeUnit.SECONDS);
                    }
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    say.accept("warm-up against the in-process sink failed (" + e + "); the first handshakes include JVM"
                            + " start-up costs");
                    return;
                }
            }
        }
        say.accept(String.format(Locale.ROOT, "warmed up against an in-process sink in %.0f ms", millis(System.nanoTime()
                - start)));
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = header();
        warmUp(config, this::say);
        RestClient rest = config.api().map(u -> new RestClient(u, Duration.ofMillis(config.requestTimeoutMs()),
                config.apiToken().orElse(null)))
                .orElse(null);
        try {
            return storm(s, rest);
        } finally {
            if (rest != null) {
                rest.close();
            }
        }
    }

    private BenchResult storm(Map<String, Object> s, RestClient rest) throws InterruptedException, TimeoutException {
        if (rest != null) {
            try {
                rest.connectedDevices(); // reachable? (and the HTTP client's first-use cost is paid now)
            } catch (IOException e) {
                String m = "cannot read " + rest.base() + "/v1/devices: " + e.getMessage();
                say("FAILED: " + m);
                return failed(BenchResult.Outcome.VERIFICATION_FAILED, m, Map.of());
            }
        }
        try {
            connectAndAwaitReady();
        } catch (Stop e) {
            say("FAILED: " + e.getMessage());
            return failed(e.outcome, e.getMessage(), Map.of("switches", PacketInRun.switchRows(fleet.snapshot(), null, 0)));
        }
        long t0 = fleet.connectStartNanos();
        List<SwitchSnapshot> snaps = fleet.snapshot();
        List<Long> handshakes = new ArrayList<>();
        long lastReady = 0;
        for (int i = 0; i < snaps.size(); i++) {
            long hs = snaps.get(i).handshakeNs();
            handshakes.add(hs);
            lastReady = Math.max(lastReady, fleet.connectStart(i) + hs - t0);
        }
        s.put("all_ready_ms", millis(lastReady));
        s.put("p50_ms", millis(percentile(handshakes, 50)));
        s.put("p99_ms", millis(percentile(handshakes, 99)));
        s.put("max_ms", millis(percentile(handshakes, 100)));
        s.put("min_ms", millis(percentile(handshakes, 0)));
        say(String.format(Locale.ROOT, "%d switches ready: all in %.1f ms, per switch p50 %.1f ms, p99 %.1f ms",
                config.switches(), millis(lastReady), millis(percentile(handshakes, 50)),
                millis(percentile(handshakes, 99))));

        BenchResult.Outcome outcome = BenchResult.Outcome.OK;
        String message = "";
        if (rest != null) {
            try {
                long seen = awaitListed(rest) - t0;
                s.put("api_all_connected_ms", millis(seen));
                say(String.format(Locale.ROOT, "REST API lists all %d switches as connected after %.1f ms",
                        config.switches(), millis(seen)));
            } catch (Stop e) {
                outcome = e.outcome;
                message = e.getMessage();
                say("FAILED: " + message);
            }
        }
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("switches", PacketInRun.switchRows(snaps, null, 0));
        return result(outcome, message, s, sections);
    }
}
