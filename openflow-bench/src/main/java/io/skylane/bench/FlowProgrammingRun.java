package io.skylane.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Flow programming: K rules per switch through the controller's REST API. Connects the switches,
 * waits until {@code GET /v1/devices} lists them, clears their static rules, then sends every
 * {@code PUT /v1/devices/{dpid}/flows} at once and times from the first request to the last 2xx
 * (201 means the switch confirmed the rules with a barrier). Verifies that each emulated switch
 * received K FLOW_MOD ADDs at the rules' priority, confirmed by a barrier, and holds them; then
 * times the DELETEs the same way and verifies the rules are gone.
 */
final class FlowProgrammingRun extends RunBase {

    FlowProgrammingRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
    }

    /** The PUT body: rule i matches IPv4 destination 10.x.y.z (i + 1) and outputs to port 1. */
    static String body(int rules, int priority) {
        ObjectNode body = BenchJson.MAPPER.createObjectNode();
        ArrayNode flows = body.putArray("flows");
        for (int i = 1; i <= rules; i++) {
            ObjectNode flow = flows.addObject().put("table", 0).put("priority", priority);
            flow.putObject("match").put("eth_type", "0x800")
                    .put("ipv4_dst", "10." + ((i >>> 16) & 0xff) + "." + ((i >>> 8) & 0xff) + "." + (i & 0xff));
            flow.putArray("actions").addObject().put("type", "output").put("port", 1);
        }
        return body.toString();
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = header();
        s.put("rules", config.rules());
        Map<String, Object> sections = new LinkedHashMap<>();
        try (RestClient rest = new RestClient(config.api().orElseThrow(), Duration.ofMillis(config.requestTimeoutMs()),
                config.apiToken().orElse(null))) {
            try {
                connectAndAwaitReady();
                awaitListed(rest);
                Phase clear = timed(rest, false, "");
                if (!clear.failures().isEmpty()) {
                    throw new Stop(BenchResult.Outcome.VERIFICATION_FAILED, "clearing the rules before the test failed: "
                            + clear.failures().get(0));
                }
                List<SwitchSnapshot> before = fleet.snapshot();
                String body = body(config.rules(), config.priority());
                say(String.format(Locale.ROOT, "installing %d rules on each of %d switches", config.rules(),
                        config.switches()));
                Phase put = timed(rest, true, body);
                List<SwitchSnapshot> installed = fleet.snapshot();
                long total = (long) config.rules() * config.switches();
                List<String> problems = afterPut(put, before, installed, total, s);

                Phase delete = timed(rest, false, "");
                return afterDelete(put, delete, installed, total, problems, s, sections);
            } catch (Stop e) {
                say("FAILED: " + e.getMessage());
                return result(e.outcome, e.getMessage(), s, sections);
            }
        }
    }

    /** PUTs {@code body} (or DELETEs) on every switch at once; times the first request to the last answer. */
    private Phase timed(RestClient rest, boolean put, String body) throws Stop, InterruptedException {
        List<EmulatedSwitch> switches = fleet.switches();
        List<CompletableFuture<RestClient.Response>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (EmulatedSwitch sw : switches) {
            String dpid = sw.spec().dpidText();
            futures.add(put ? rest.putFlows(dpid, body) : rest.deleteFlows(dpid));
        }
        List<Long> perSwitch = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long last = t0;
        for (int i = 0; i < futures.size(); i++) {
            String what = (put ? "PUT" : "DELETE") + " /v1/devices/" + switches.get(i).spec().dpidText() + "/flows";
            try {
                RestClient.Response r = futures.get(i).get(Math.max(1, remainingMs()), TimeUnit.MILLISECONDS);
                perSwitch.add(r.receivedNanos() - t0);
                last = Math.max(last, r.receivedNanos());
                if (!r.ok()) {
                    failures.add(what + " answered " + r.status() + (r.status() == 202 ? " (device not connected)" : "")
                            + ": " + RestClient.abbreviate(r.body()));
                }
            } catch (ExecutionException e) {
                failures.add(what + " failed: " + e.getCause());
            } catch (TimeoutException e) {
                throw new Stop(BenchResult.Outcome.DEADLINE, what + " did not answer before the deadline");
            }
        }
        return new Phase(last - t0, perSwitch, failures);
    }
}
