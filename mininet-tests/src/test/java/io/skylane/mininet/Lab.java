package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Mininet network, driven through skylane_lab.py (a child process speaking one JSON object
 * per line on stdin/stdout). The driver's log and stderr go to {@code <work dir>/<name>-lab.log}.
 * Every call has a time limit; a driver that overruns it is killed (it cleans up on SIGTERM).
 */
public final class Lab implements HostShell, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Lab.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final JsonNode EOF = MissingNode.getInstance();

    private final String name;
    private final Process process;
    private final BufferedWriter stdin;
    private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    private final Thread stdoutReader;
    private final Thread stderrPump;
    private final Path logFile;
    private long nextId;
    private boolean broken;

    private Lab(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stdoutReader = daemon(name + "-lab-stdout", () -> readReplies(process.getInputStream()));
        this.stderrPump = daemon(name + "-lab-stderr", () -> pump(process.getErrorStream(), logFile));
    }

    /** Starts the driver (no network yet) and waits for its ready line. */
    public static Lab start(String name) throws IOException {
        Path workDir = LabSupport.workDir();
        Path logFile = workDir.resolve(name + "-lab.log");
        // the driver appends its own log (which survives this JVM); stderr only carries what it
        // prints before it opens the file, e.g. an import error
        Process process = new ProcessBuilder(LabSupport.PYTHON.toString(), LabSupport.labScript().toString(),
                "--work-dir", workDir.resolve(name + "-lab").toString(), "--log-file", logFile.toString()).start();
        Lab lab = new Lab(name, process, logFile);
        try {
            JsonNode hello = lab.await(-1, Duration.ofSeconds(30), "ready");
            if (!hello.path("ok").asBoolean()) {
                throw new LabException("lab driver refused to start: " + hello.path("error").asText());
            }
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        log.info("lab driver {} started (pid {}), log {}", name, process.pid(), logFile);
        return lab;
    }

    // --- the network ------------------------------------------------------------------------

    /** Builds and starts the topology, switches pointed at 127.0.0.1:controllerPort. */
    public JsonNode start(LabTopo topo, int controllerPort) {
        return call("start", topo.startRequest(controllerPort), Duration.ofSeconds(90));
    }

    /** Stops the network (the driver stays up for another start). */
    public void stopNetwork() {
        call("stop", Map.of(), Duration.ofSeconds(60));
    }

    /** [{name, ip, mac, intf, switch, dpid, switch_port}] */
    public JsonNode hosts() {
        return call("hosts", Map.of(), Duration.ofSeconds(10));
    }

    /** [{name, dpid, role, protocols, ports: [{port, intf, mac, peer, peer_port}]}] */
    public JsonNode switches() {
        return call("switches", Map.of(), Duration.ofSeconds(10));
    }

    /** [{a, a_intf, a_port, b, b_intf, b_port, kind: host|switch}] */
    public JsonNode links() {
        return call("links", Map.of(), Duration.ofSeconds(10));
    }

    // --- traffic ----------------------------------------------------------------------------

    public Ping ping(String src, String dst, int count, Duration timeout) {
        JsonNode r = call("ping", Map.of("src", src, "dst", dst, "count", count,
                "timeout", seconds(timeout)), timeout.multipliedBy(count).plusSeconds(10));
        return Ping.of(r);
    }

    /** Every host pings every other host once, one after the other. */
    public PingAll pingAll(Duration timeout) {
        JsonNode r = call("pingall", Map.of("timeout", seconds(timeout)), Duration.ofSeconds(240));
        List<String> failures = new ArrayList<>();
        r.path("failures").forEach(f -> failures.add(f.asText()));
        return new PingAll(r.path("sent").asInt(), r.path("received").asInt(),
                r.path("loss_percent").asDouble(), failures);
    }

    /**
     * A pingall that may lose packets while ARP and the controller's reactive rules warm up:
     * if the first one loses any, the second one is the result.
     */
    public PingAll pingAllWarm(Duration timeout) {
        PingAll first = pingAll(timeout);
        if (first.lossPercent() == 0.0) {
            return first;
        }
        log.info("{}: first pingall lost {}% ({}), retrying once", name, first.lossPercent(), first.failures());
        return pingAll(timeout);
    }

    /** Runs a shell command in a node (host.cmd), bounded by timeout. */
    @Override
    public CmdResult cmd(String node, String command, Duration timeout) {
        JsonNode r = call("cmd", Map.of("node", node, "cmd", command, "timeout", seconds(timeout)),
                timeout.plusSeconds(10));
        return new CmdResult(r.path("output").asText(), r.path("rc").asInt(), r.path("timed_out").asBoolean());
    }

    /** Starts a command in the background in a node; returns its name for bgWait/bgStop. */
    @Override
    public String bgStart(String node, String command) {
        return call("bg_start", Map.of("node", node, "cmd", command), Duration.ofSeconds(10))
                .path("name").asText();
    }

    /** A background command's state now, without waiting; {name, running, rc, output, ping?}. */
    @Override
    public JsonNode bgStatus(String bgName) {
        return call("bg_status", Map.of("name", bgName), Duration.ofSeconds(10));
    }

    /** Waits up to timeout for a background command to end; {name, running, rc, output, ping?}. */
    @Override
    public JsonNode bgWait(String bgName, Duration timeout) {
        return call("bg_wait", Map.of("name", bgName, "timeout", seconds(timeout)), timeout.plusSeconds(10));
    }

    /** Stops a background command (SIGTERM, then SIGKILL); {name, running, rc, output, ping?}. */
    @Override
    public JsonNode bgStop(String bgName) {
        return call("bg_stop", Map.of("name", bgName), Duration.ofSeconds(20));
    }

    // --- faults and inspection --------------------------------------------------------------

    /** Takes both ends of the a-b link down or up (ifconfig, seen by OVS as link state). */
    public void link(String a, String b, boolean up) {
        call("link", Map.of("a", a, "b", b, "state", up ? "up" : "down"), Duration.ofSeconds(15));
    }

    /** Moves a host to another switch, keeping its MAC and IP; {host, switch, switch_port, intf, ip, mac}. */
    public JsonNode moveHost(String host, String sw) {
        return call("move_host", Map.of("host", host, "switch", sw), Duration.ofSeconds(30));
    }

    /** ovs-vsctl del-controller: the switch drops its controller connection. */
    public void disconnectController(String sw) {
        call("switch_controller", Map.of("switch", sw, "action", "del"), Duration.ofSeconds(15));
    }

    /** ovs-vsctl set-controller to tcp:127.0.0.1:port (reconnect backoff 1 s). */
    public void connectController(String sw, int port) {
        call("switch_controller", Map.of("switch", sw, "action", "set", "port", port), Duration.ofSeconds(15));
    }

    /** The switch's flow table as ovs-ofctl dumps it, in the network's OpenFlow version. */
    public List<Flow> dumpFlows(String sw) {
        List<Flow> flows = new ArrayList<>();
        for (JsonNode f : call("dump_flows", Map.of("switch", sw), Duration.ofSeconds(20))) {
            flows.add(new Flow(f.path("table").asInt(), f.path("priority").asInt(),
                    Long.parseUnsignedLong(f.path("cookie").asText().replaceFirst("^0x", ""), 16),
                    f.path("match").asText(), f.path("actions").asText(), f.path("n_packets").asLong(),
                    f.path("raw").asText()));
        }
        return flows;
    }

    /** Any other ovs-ofctl command on a switch, e.g. ofctl("s1", "add-flow", "priority=7,actions=drop"). */
    public List<String> ofctl(String sw, String... args) {
        List<String> lines = new ArrayList<>();
        call("ofctl", Map.of("switch", sw, "args", List.of(args)), Duration.ofSeconds(20))
                .path("lines").forEach(l -> lines.add(l.asText()));
        return lines;
    }

    // --- protocol ---------------------------------------------------------------------------

    /** Sends one request and returns its result; throws LabException on an error reply or overrun. */
    public synchronized JsonNode call(String op, Map<String, ?> args, Duration timeout) {
        if (broken) {
            throw new LabException("lab " + name + " is unusable after an earlier failure; see " + logFile);
        }
        long id = ++nextId;
        ObjectNode request = JSON.valueToTree(args);
        request.put("id", id);
        request.put("op", op);
        request.put("limit", seconds(timeout));
        try {
            stdin.write(JSON.writeValueAsString(request));
            stdin.newLine();
            stdin.flush();
        } catch (IOException e) {
            broken = true;
            throw new LabException("lab driver " + name + " does not take requests (exited "
                    + exitCode() + "); see " + logFile, e);
        }
        JsonNode reply = await(id, timeout.plus(GRACE), op);
        if (!reply.path("ok").asBoolean()) {
            throw new LabException(op + " failed: " + reply.path("error").asText() + " (see " + logFile + ")");
        }
        return reply.path("result");
    }

    private JsonNode await(long id, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode reply = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
                if (reply == null) {
                    broken = true;
                    process.destroy(); // SIGTERM: the driver stops its network
                    throw new LabException("lab driver " + name + " did not answer " + what + " within "
                            + timeout.toSeconds() + " s; it was stopped; see " + logFile);
                }
                if (reply == EOF) {
                    broken = true;
                    throw new LabException("lab driver " + name + " exited (" + exitCode() + ") during "
                            + what + "; see " + logFile);
                }
                boolean hello = id == -1 && reply.path("id").isNull();
                if (hello || reply.path("id").asLong() == id) {
                    return reply;
                }
                log.warn("{}: dropping a stale lab reply {}", name, reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            throw new LabException("interrupted while waiting for " + what, e);
        }
    }

    private void readReplies(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    replies.add(JSON.readTree(line));
                } catch (IOException e) {
                    log.warn("{}: lab driver wrote a line that is not JSON: {}", name, line);
                }
            }
        } catch (IOException e) {
            log.debug("{}: lab stdout closed", name, e);
        } finally {
            replies.add(EOF);
        }
    }

    private static void pump(InputStream in, Path logFile) {
        try (in; OutputStream out = Files.newOutputStream(logFile, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            log.debug("lab stderr pump for {} ended", logFile, e);
        }
    }

    private static Thread daemon(String threadName, Runnable body) {
        Thread t = new Thread(body, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private String exitCode() {
        return process.isAlive() ? "still running" : "code " + process.exitValue();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * Stops the network and the driver in every case: stop, then EOF on stdin (the driver cleans
     * up and exits), then SIGTERM (the driver cleans up), then SIGKILL.
     */
    @Override
    public void close() {
        try {
            if (process.isAlive() && !broken) {
                try {
                    call("stop", Map.of(), Duration.ofSeconds(60));
                } catch (LabException e) {
                    log.warn("{}: stop failed: {}", name, e.getMessage());
                }
            }
            try {
                stdin.close();
            } catch (IOException e) {
                log.debug("{}: closing lab stdin", name, e);
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("{}: lab driver did not exit after EOF: SIGTERM", name);
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    log.warn("{}: lab driver ignored SIGTERM: SIGKILL (bridges s* may be left; the next start removes them)", name);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            stdoutReader.join(5_000);
            stderrPump.join(5_000);
            log.info("lab driver {} exited ({})", name, exitCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }

    /** A ping's outcome. */
    public record Ping(int sent, int received, List<Double> rtts) {
        static Ping of(JsonNode r) {
            List<Double> rtts = new ArrayList<>();
            r.path("rtts").forEach(x -> rtts.add(x.asDouble()));
            return new Ping(r.path("sent").asInt(), r.path("received").asInt(), List.copyOf(rtts));
        }
    }

    /** A pingall's outcome; failures are "src->dst". */
    public record PingAll(int sent, int received, double lossPercent, List<String> failures) {
        public PingAll {
            failures = List.copyOf(failures);
        }
    }

    /** A shell command's outcome (output has stdout and stderr); rc 124 when it timed out. */
    public record CmdResult(String output, int rc, boolean timedOut) {
    }

    /** One line of ovs-ofctl dump-flows; match keeps ovs-ofctl's text. */
    public record Flow(int table, int priority, long cookie, String match, String actions, long packets,
                       String raw) {

        /** The 16 bits Skylane's apps put on top of their cookies; 0 means not Skylane's. */
        public int appId() {
            return (int) (cookie >>> 48);
        }

        /** What OpenFlow considers the same rule: two flows with the same key are duplicates. */
        public String key() {
            return table + "/" + priority + "/" + match;
        }
    }
}
