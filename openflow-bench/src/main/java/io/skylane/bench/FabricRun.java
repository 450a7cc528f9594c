package io.skylane.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Fabric discovery: the switches of a generated fat-tree ({@link FatTreeFabric}) connect at once,
 * wired to each other by {@link FabricCables}, so that the controller finds the links over LLDP as
 * it finds real ones. Measures, from the first connect call: when every handshake was done, and
 * when the controller's topology ({@code GET /v1/topology}, polled every {@link #POLL_MS} ms)
 * first held every link of the fabric, both directions of every cable (then checked link by link
 * with {@code GET /v1/links}). Then one cable between an edge and an aggregation switch is cut
 * (both ends report PORT_STATUS link down) and mended: the time until the topology lost both
 * directions of it, and until it had them again.
 */
final class FabricRun extends RunBase {

    /** How often the topology summary is read; the resolution of the times. */
    static final long POLL_MS = 50;

    private final FatTreeFabric fabric;
    private final FabricCables cables;

    FabricRun(BenchConfig config, Consumer<String> progress) {
        super(config, progress);
        this.fabric = new FatTreeFabric(config.fatTreeK(), config.dpidBase() - 1);
        this.cables = new FabricCables(fabric);
        fleet.wire(cables);
    }

    @Override
    BenchResult execute() throws InterruptedException, TimeoutException {
        Map<String, Object> s = header();
        s.put("k", fabric.k());
        s.put("cables", fabric.cables());
        s.put("links", 2 * fabric.cables());
        for (String key : List.of("all_ready_ms", "links_ms", "link_down_ms", "link_up_ms")) {
            s.put(key, Double.NaN); // until measured: "na" in the RESULT line, null in the JSON
        }
        StormRun.warmUp(config, this::say);
        try (RestClient rest = new RestClient(config.api().orElseThrow(), Duration.ofMillis(config.requestTimeoutMs()),
                config.apiToken().orElse(null))) {
            return discover(s, rest);
        }
    }

    private BenchResult discover(Map<String, Object> s, RestClient rest) throws InterruptedException, TimeoutException {
        Map<String, Object> sections = new LinkedHashMap<>();
        try {
            JsonNode before = rest.topology();
            if (before.path("links").asInt(0) > 0) {
                say("note: the controller already knows " + before.path("links").asInt() + " links; a fresh controller"
                        + " gives the figure of record");
            }
        } catch (IOException e) {
            String m = "cannot read " + rest.base() + "/v1/topology: " + e.getMessage();
            say("FAILED: " + m);
            return failed(BenchResult.Outcome.VERIFICATION_FAILED, m, Map.of());
        }
        say(String.format(Locale.ROOT, "fat-tree k=%d: %d switches of %d ports, %d cables (%d directed links)",
                fabric.k(), fabric.switches(), fabric.ports(), fabric.cables(), 2 * fabric.cables()));
        try {
            connectAndAwaitReady();
        } catch (Stop e) {
            say("FAILED: " + e.getMessage());
            s.put("port_desc_timeouts", portDescTimeouts(rest));
            return result(e.outcome, e.getMessage(), s, Map.of("switches",
                    PacketInRun.switchRows(fleet.snapshot(), null, 0)));
        }
        long t0 = fleet.connectStartNanos();
        List<SwitchSnapshot> snaps = fleet.snapshot();
        long lastReady = 0;
        for (int i = 0; i < snaps.size(); i++) {
            lastReady = Math.max(lastReady, fleet.connectStart(i) + snaps.get(i).handshakeNs() - t0);
        }
        s.put("all_ready_ms", millis(lastReady));
        say(String.format(Locale.ROOT, "%d switches ready after %.1f ms", fabric.switches(), millis(lastReady)));

        Set<String> all = fabric.links();
        BenchResult.Outcome outcome = BenchResult.Outcome.OK;
        String message = "";
        try {
            long found = awaitTopology(rest, all, Set.of(), "every link") - t0;
            s.put("links_ms", millis(found));
            say(String.format(Locale.ROOT, "the topology holds all %d links %.1f ms after the first connect",
                    all.size(), millis(found)));
            flap(s, rest, all);
        } catch (Stop e) {
            outcome = e.outcome;
            message = e.getMessage();
            say("FAILED: " + message);
        }
        s.put("frames_carried", cables.carried());
        s.put("frames_lost", cables.lost());
        s.put("port_desc_timeouts", portDescTimeouts(rest));
        sections.put("controller_counters", counters(rest));
        sections.put("switches", PacketInRun.switchRows(fleet.snapshot(), null, 0));
        return result(outcome, message, s, sections);
    }

    /** Cuts the first cable of edge switch 0 of pod 0 (to aggregation switch 0), then mends it. */
    private void flap(Map<String, Object> s, RestClient rest, Set<String> all) throws Stop, InterruptedException {
        int edge = fabric.edgeIndex(0, 0);
        int port = fabric.k() / 2 + 1;
        FatTreeFabric.End agg = fabric.peer(edge, port).orElseThrow();
        Set<String> cable = Set.of(fabric.link(edge, port, agg.index(), agg.port()),
                fabric.link(agg.index(), agg.port(), edge, port));
        Set<String> without = new TreeSet<>(all);
        without.removeAll(cable);
        long cut = System.nanoTime();
        cables.cut(edge, port);
        long gone = awaitTopology(rest, without, cable, "the cut cable gone") - cut;
        s.put("link_down_ms", millis(gone));
        say(String.format(Locale.ROOT, "cable %s cut: gone from the topology after %.1f ms", cable, millis(gone)));
        long mend = System.nanoTime();
        cables.mend(edge, port);
        long back = awaitTopology(rest, all, Set.of(), "the mended cable back") - mend;
        s.put("link_up_ms", millis(back));
        say(String.format(Locale.ROOT, "cable mended: back in the topology after %.1f ms", millis(back)));
    }

    /**
     * Polls {@code GET /v1/topology} until it counts {@code wanted.size()} links, then checks with
     * {@code GET /v1/links} that it holds all of {@code wanted} and none of {@code unwanted}; goes
     * on polling until it does.
     *
     * @return when the summary that proved it arrived (System.nanoTime)
     * @throws Stop if it does not within the connect timeout (or before the deadline)
     */
    private long awaitTopology(RestClient rest, Set<String> wanted, Set<String> unwanted, String what)
            throws Stop, InterruptedException {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(Math.min(config.connectTimeoutMs(), remainingMs()));
        long nextReport = start + TimeUnit.SECONDS.toNanos(1);
        String last = "";
        while (System.nanoTime() - end < 0) {
            try {
                JsonNode t = rest.topology();
                long seen = System.nanoTime();
                int links = t.path("links").asInt(-1);
                last = links + " of " + wanted.size() + " links, " + t.path("devices").asInt(-1) + " switches";
                if (links == wanted.size()) {
                    Set<String> listed = rest.links();
                    if (listed.containsAll(wanted) && unwanted.stream().noneMatch(listed::contains)) {
                        return seen;
                    }
                    last = "the count is right but not the links";
                }
                if (seen - nextReport > 0) {
                    say("  waiting for " + what + ": " + last);
                    nextReport = seen + TimeUnit.SECONDS.toNanos(1);
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(POLL_MS);
        }
        throw new Stop(BenchResult.Outcome.VERIFICATION_FAILED, "the controller's topology did not have " + what
                + " within " + TimeUnit.NANOSECONDS.toMillis(end - start) + " ms (" + last + ")");
    }

    /**
     * Skylane's count of switches whose port list did not come within its set-up timeout (they were
     * set up without ports: no link of theirs can be found until the late reply adds them); NaN for
     * a controller without it.
     */
    private double portDescTimeouts(RestClient rest) throws InterruptedException {
        try {
            JsonNode n = rest.openflow().path("counters").path("handshake.port_desc_timeout");
            return n.isNumber() ? n.doubleValue() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** The controller's own counters at the end ({@code GET /v1/stats}), for the JSON; empty if unreadable. */
    private Object counters(RestClient rest) throws InterruptedException {
        try {
            return rest.stats().path("counters");
        } catch (IOException e) {
            return Map.of();
        }
    }
}
