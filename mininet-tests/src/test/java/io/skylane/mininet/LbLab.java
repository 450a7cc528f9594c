package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load balancers through the REST API as an orchestrator makes them (docs/api.md, "Load
 * balancers"), and the L4 traffic of the load-balancer scenarios: the servers and clients of
 * {@code skylane_l4.py}, run in the Mininet hosts' namespaces.
 */
final class LbLab {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);
    private static final AtomicInteger HOLDS = new AtomicInteger();

    private final SkylaneRest rest;
    private final HostShell lab;
    private final String scenario;

    LbLab(SkylaneRest rest, HostShell lab, String scenario) {
        this.rest = rest;
        this.lab = lab;
        this.scenario = scenario;
    }

    // --- resources --------------------------------------------------------------------------

    /** A load balancer with its VIP at {@code vip} in the subnet; its id. */
    String loadBalancer(String tenant, String subnet, String vip) throws Exception {
        return rest.post("/v1/load-balancers", "{\"load_balancer\":{\"tenant_id\":\"" + tenant
                + "\",\"vip_subnet_id\":\"" + subnet + "\",\"vip_address\":\"" + vip + "\"}}")
                .at("/load_balancer/id").asText();
    }

    /** A pool of the load balancer; its id. */
    String pool(String tenant, String lb, String protocol, String algorithm) throws Exception {
        return rest.post("/v1/pools", "{\"pool\":{\"tenant_id\":\"" + tenant + "\",\"loadbalancer_id\":\"" + lb
                + "\",\"protocol\":\"" + protocol + "\",\"lb_algorithm\":\"" + algorithm + "\"}}")
                .at("/pool/id").asText();
    }

    /** A listener sending to {@code pool}; {@code allowedCidrs} empty: any source. Its id. */
    String listener(String tenant, String lb, String protocol, int port, String pool, List<String> allowedCidrs)
            throws Exception {
        return rest.post("/v1/listeners", "{\"listener\":{\"tenant_id\":\"" + tenant + "\",\"loadbalancer_id\":\""
                + lb + "\",\"protocol\":\"" + protocol + "\",\"protocol_port\":" + port + ",\"default_pool_id\":\""
                + pool + "\",\"allowed_cidrs\":" + JSON.writeValueAsString(allowedCidrs) + "}}")
                .at("/listener/id").asText();
    }

    /** A member of the pool; its id. */
    String member(String tenant, String pool, String address, int port, int weight) throws Exception {
        return rest.post("/v1/pools/" + pool + "/members", "{\"member\":{\"tenant_id\":\"" + tenant
                + "\",\"address\":\"" + address + "\",\"protocol_port\":" + port + ",\"weight\":" + weight + "}}")
                .at("/member/id").asText();
    }

    /** The pool's health monitor; its id. */
    String healthMonitor(String tenant, String pool, String type, int delay, int timeout, int maxRetries,
                         int maxRetriesDown) throws Exception {
        return rest.post("/v1/health-monitors", "{\"healthmonitor\":{\"tenant_id\":\"" + tenant + "\",\"pool_id\":\""
                + pool + "\",\"type\":\"" + type + "\",\"delay\":" + delay + ",\"timeout\":" + timeout
                + ",\"max_retries\":" + maxRetries + ",\"max_retries_down\":" + maxRetriesDown + "}}")
                .at("/healthmonitor/id").asText();
    }

    JsonNode member(String pool, String member) throws Exception {
        return rest.get("/v1/pools/" + pool + "/members/" + member).path("member");
    }

    /** PUT {"member": {fields}}, e.g. {@code "\"admin_state_up\":false"}; the answer. */
    JsonNode updateMember(String pool, String member, String fields) throws Exception {
        return rest.put("/v1/pools/" + pool + "/members/" + member, "{\"member\":{" + fields + "}}").path("member");
    }

    /** GET /v1/load-balancers/{id}/status: {"loadbalancer": {...}}. */
    JsonNode statusTree(String lb) throws Exception {
        return rest.get("/v1/load-balancers/" + lb + "/status").path("statuses").path("loadbalancer");
    }

    /** A member's entry in a status tree (under any listener and pool). */
    static JsonNode memberInTree(JsonNode tree, String member) {
        for (JsonNode listener : tree.path("listeners")) {
            for (JsonNode pool : listener.path("pools")) {
                for (JsonNode m : pool.path("members")) {
                    if (member.equals(m.path("id").asText())) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError("member " + member + " is not in the status tree: " + tree);
    }

    /**
     * Polls the load balancer until its provisioning_status is ACTIVE: every switch involved
     * confirmed its rules. Returns the milliseconds waited.
     */
    long awaitProvisioned(String lb, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        JsonNode l = rest.get("/v1/load-balancers/" + lb).path("load_balancer");
        while (!"ACTIVE".equals(l.path("provisioning_status").asText())) {
            if (System.nanoTime() > deadline) {
                fail("load balancer " + lb + " not ACTIVE within " + timeout.toSeconds() + " s: " + l);
            }
            Thread.sleep(POLL.toMillis());
            l = rest.get("/v1/load-balancers/" + lb).path("load_balancer");
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * Polls the status tree until every provisioning_status in it (load balancer, listeners, pools,
     * monitors, members) is ACTIVE. Returns the milliseconds waited.
     */
    long awaitTreeProvisioned(String lb, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        JsonNode tree = statusTree(lb);
        while (!allActive(tree)) {
            if (System.nanoTime() > deadline) {
                fail("not every provisioning_status in the status tree of " + lb + " is ACTIVE after "
                        + timeout.toSeconds() + " s: " + tree);
            }
            Thread.sleep(POLL.toMillis());
            tree = statusTree(lb);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static boolean allActive(JsonNode node) {
        if (node.isObject()) {
            JsonNode p = node.get("provisioning_status");
            if (p != null && !"ACTIVE".equals(p.asText())) {
                return false;
            }
        }
        for (JsonNode child : node) {
            if (!allActive(child)) {
                return false;
            }
        }
        return true;
    }

    /** Polls a member until its operating_status is {@code status}; returns the milliseconds waited. */
    long awaitMemberStatus(String pool, String member, String status, Duration timeout) throws Exception {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        JsonNode m = member(pool, member);
        while (!status.equals(m.path("operating_status").asText())) {
            if (System.nanoTime() > deadline) {
                fail("member " + m.path("address").asText() + ":" + m.path("protocol_port").asText() + " not "
                        + status + " within " + timeout.toMillis() + " ms: " + m);
            }
            Thread.sleep(POLL.toMillis());
            m = member(pool, member);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    /**
     * The load balancer's rules on a switch (app {@code load-balancer}) as table/priority/match
     * keys: those the controller wants, and those the switch holds now.
     */
    LbRules lbRules(String dpid) throws Exception {
        JsonNode flows = rest.get("/v1/devices/" + dpid + "/flows?actual=true&app=load-balancer");
        return new LbRules(keys(flows.path("desired")), keys(flows.path("actual")));
    }

    private static Set<String> keys(JsonNode rules) {
        Set<String> keys = new TreeSet<>();
        for (JsonNode r : rules) {
            keys.add(r.path("table").asInt() + "/" + r.path("priority").asInt() + "/" + r.path("match"));
        }
        return keys;
    }

    /** A switch's load-balancer rules: wanted by the controller, and held by the switch. */
    record LbRules(Set<String> desired, Set<String> actual) {

        LbRules {
            desired = Collections.unmodifiableSet(desired);
            actual = Collections.unmodifiableSet(actual);
        }
    }

    // --- servers ----------------------------------------------------------------------------

    /** Starts a TCP server answering {@code name} on {@code port} in the host; its background name. */
    String tcpServer(String host, String name, int port) throws InterruptedException {
        return server(host, "tcp-server " + name + " " + port);
    }

    /** Starts a UDP server answering {@code name} on {@code port} in the host; its background name. */
    String udpServer(String host, String name, int port) throws InterruptedException {
        return server(host, "udp-server " + name + " " + port);
    }

    private String server(String host, String args) throws InterruptedException {
        String bg = lab.bgStart(host, tool(args));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = lab.bgStatus(bg);
        while (!s.path("output").asText().contains("listening") && s.path("running").asBoolean()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = lab.bgStatus(bg);
        }
        assertTrue(s.path("output").asText().contains("listening"), host + ": " + args + ": " + s);
        return bg;
    }

    /** What a server logged: one line per connection ("tcp PEER TAG") or datagram ("udp PEER TEXT"). */
    List<String> serverLog(String bg) {
        List<String> lines = new ArrayList<>();
        for (String line : lab.bgStatus(bg).path("output").asText().split("\n")) {
            if (line.startsWith("tcp ") || line.startsWith("udp ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    // --- clients ----------------------------------------------------------------------------

    /** {@code count} new connections from the host to dst:port, {@code parallel} at a time. */
    Burst burst(String host, String dst, int port, int count, int parallel, Duration timeout, String tag)
            throws IOException {
        Lab.CmdResult r = lab.cmd(host, tool("burst " + dst + " " + port + " " + count + " --parallel " + parallel
                + " --timeout " + seconds(timeout) + " --tag " + tag),
                Duration.ofSeconds(20 + count / 20 + count * timeout.toSeconds() / parallel));
        JsonNode j = lastJson(host, r);
        return new Burst(j.path("count").asInt(), counts(j.path("answers")), counts(j.path("failures")),
                j.path("max_ms").asDouble(), j.path("elapsed_ms").asDouble());
    }

    /** The same with 8 connections at a time and a 3 s limit each. */
    Burst burst(String host, String dst, int port, int count, String tag) throws IOException {
        return burst(host, dst, port, count, 8, Duration.ofSeconds(3), tag);
    }

    /**
     * Opens one long connection from the host to dst:port that exchanges a line every half second,
     * and returns once it got its first answer (the member it landed on).
     */
    Hold hold(String host, String dst, int port, String tag) throws Exception {
        Path stop = LabSupport.workDir().resolve(scenario + "-hold-" + HOLDS.incrementAndGet() + ".stop");
        Files.deleteIfExists(stop);
        String bg = lab.bgStart(host, tool("hold " + dst + " " + port + " --until " + stop + " --tag " + tag));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = lab.bgStatus(bg);
        while (!s.path("output").asText().contains("first ") && s.path("running").asBoolean()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = lab.bgStatus(bg);
        }
        String out = s.path("output").asText();
        int at = out.indexOf("first ");
        if (at < 0) {
            lab.bgStop(bg);
            fail(host + ": the long connection to " + dst + ":" + port + " got no first answer: " + s);
        }
        return new Hold(bg, stop, out.substring(at + 6).split("\\s+")[0]);
    }

    /** Waits until the long connection has exchanged {@code rounds} lines after its first answer. */
    void awaitRounds(Hold hold, int rounds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = lab.bgStatus(hold.bg());
        while (rounds(s) < rounds && s.path("running").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = lab.bgStatus(hold.bg());
        }
        assertTrue(rounds(s) >= rounds, "the long connection did not reach " + rounds + " rounds: " + s);
    }

    /** How many lines the long connection has exchanged so far. */
    int rounds(Hold hold) {
        return rounds(lab.bgStatus(hold.bg()));
    }

    private static int rounds(JsonNode status) {
        return (int) status.path("output").asText().lines().filter(l -> l.startsWith("round ")).count();
    }

    /** Tells the long connection to end and returns what it saw. */
    HoldResult finish(Hold hold) throws IOException {
        Files.writeString(hold.stopFile(), "stop\n");
        JsonNode s = lab.bgWait(hold.bg(), Duration.ofSeconds(15));
        if (s.path("running").asBoolean()) {
            s = lab.bgStop(hold.bg());
            fail("the long connection did not end within 15 s of its stop file: " + s);
        }
        JsonNode j = lastJson(hold.bg(), new Lab.CmdResult(s.path("output").asText(), s.path("rc").asInt(), false));
        List<String> failures = new ArrayList<>();
        j.path("failures").forEach(f -> failures.add(f.asText()));
        return new HoldResult(j.path("first").asText(), j.path("rounds").asInt(), counts(j.path("answers")),
                List.copyOf(failures), j.path("seconds").asDouble());
    }

    /** {@code count} datagrams from the host to dst:port, each from a new source port. */
    Datagrams udp(String host, String dst, int port, int count) throws IOException {
        Lab.CmdResult r = lab.cmd(host, tool("udp " + dst + " " + port + " " + count), Duration.ofSeconds(10 + 2L * count));
        JsonNode j = lastJson(host, r);
        List<String> sources = new ArrayList<>();
        j.path("sources").forEach(x -> sources.add(x.asText()));
        return new Datagrams(j.path("count").asInt(), counts(j.path("answers")), counts(j.path("failures")),
                List.copyOf(sources));
    }

    private static String tool(String args) {
        return LabSupport.PYTHON + " " + LabSupport.labScript().resolveSibling("skylane_l4.py") + " " + args;
    }

    private static JsonNode lastJson(String where, Lab.CmdResult r) throws IOException {
        String[] lines = r.output().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{")) {
            fail(where + ": skylane_l4.py printed no result (rc " + r.rc() + "): " + r.output());
        }
        return JSON.readTree(last);
    }

    private static Map<String, Integer> counts(JsonNode node) {
        return new TreeMap<>(JSON.convertValue(node, new TypeReference<Map<String, Integer>>() { }));
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }

    // --- results ----------------------------------------------------------------------------

    /** The outcome of a burst: answers by member name, failures by kind (ConnectionRefusedError, timeout, ...). */
    record Burst(int count, Map<String, Integer> answers, Map<String, Integer> failures, double maxMs,
                 double elapsedMs) {

        Burst {
            answers = Collections.unmodifiableMap(new TreeMap<>(answers));
            failures = Collections.unmodifiableMap(new TreeMap<>(failures));
        }

        int answered() {
            return answers.values().stream().mapToInt(Integer::intValue).sum();
        }

        int answeredBy(String name) {
            return answers.getOrDefault(name, 0);
        }

        /** Every connection was answered, by one of {@code names}. */
        void assertAllAnsweredBy(List<String> names, String what) {
            assertEquals(count, answered(), what + ": not every connection was answered: " + this);
            assertTrue(names.containsAll(answers.keySet()), what + ": answered by others than " + names + ": " + this);
        }

        /**
         * Every connection but at most {@code timeouts} was answered, by one of {@code names}; the
         * others timed out (nothing else went wrong).
         */
        void assertAnsweredBy(List<String> names, int timeouts, String what) {
            assertTrue(answered() >= count - timeouts && failures.keySet().stream().allMatch("timeout"::equals),
                    what + ": more than " + timeouts + " connection(s) unanswered: " + this);
            assertTrue(names.containsAll(answers.keySet()), what + ": answered by others than " + names + ": " + this);
        }

        /** Two bursts as one. */
        Burst plus(Burst other) {
            Map<String, Integer> a = new TreeMap<>(answers);
            other.answers.forEach((k, v) -> a.merge(k, v, Integer::sum));
            Map<String, Integer> f = new TreeMap<>(failures);
            other.failures.forEach((k, v) -> f.merge(k, v, Integer::sum));
            return new Burst(count + other.count, a, f, Math.max(maxMs, other.maxMs), elapsedMs + other.elapsedMs);
        }
    }

    /** A long connection in progress: its background command, stop file, and the member that answered first. */
    record Hold(String bg, Path stopFile, String first) {
    }

    /** What a long connection saw: its rounds' answers by name, and the failed round if any. */
    record HoldResult(String first, int rounds, Map<String, Integer> answers, List<String> failures, double seconds) {
    }

    /** The outcome of datagrams: answers by member name, failures by kind, the addresses answers came from. */
    record Datagrams(int count, Map<String, Integer> answers, Map<String, Integer> failures, List<String> sources) {

        int answered() {
            return answers.values().stream().mapToInt(Integer::intValue).sum();
        }
    }
}
