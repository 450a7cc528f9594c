package io.skylane.mininet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulated switches held connected to a controller by the built server's
 * {@code skylane bench --mode hold} in a process of its own, as a user would run it: switch
 * {@code i} has datapath id {@code dpidBase + i} and ports 1..{@code ports}. Its output goes to
 * {@code <work dir>/<name>-hold.log}; {@link #close} stops it with SIGTERM and returns its
 * {@code RESULT} line (FLOW_MODs, barriers and rules the switches received).
 */
final class HeldSwitches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeldSwitches.class);

    private final Process process;
    private final Path logFile;
    private final long dpidBase;
    private final int switches;

    private HeldSwitches(Process process, Path logFile, long dpidBase, int switches) {
        this.process = process;
        this.logFile = logFile;
        this.dpidBase = dpidBase;
        this.switches = switches;
    }

    /** Starts the switches against the controller's OpenFlow port; returns at once (see {@link #awaitListed}). */
    static HeldSwitches start(String name, int openflowPort, int switches, int ports, long dpidBase) throws IOException {
        Path logFile = LabSupport.workDir().resolve(name + "-hold.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-jar", LabSupport.serverJar().toString(), "bench",
                "--mode", "hold", "--controller", "127.0.0.1:" + openflowPort, "--switches", Integer.toString(switches),
                "--ports", Integer.toString(ports), "--buffers", "0", "--dpid-base", Long.toString(dpidBase),
                "--connect-timeout", "120000");
        Files.writeString(logFile, "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        log.info("{} emulated switches with {} ports each (dpid {} up), pid {}, log {}", switches, ports,
                dpid(dpidBase), p.pid(), logFile);
        return new HeldSwitches(p, logFile, dpidBase, switches);
    }

    /** The datapath id of held switch {@code i}, as the controller writes it. */
    String dpid(int i) {
        return dpid(dpidBase + i);
    }

    private static String dpid(long value) {
        return String.format("%016x", value);
    }

    /** Waits until the controller lists every held switch as connected. */
    void awaitListed(SkylaneRest rest, int alsoConnected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long held = rest.devices().stream().filter(SkylaneRest::isConnected)
                    .filter(d -> Long.parseUnsignedLong(d.path("id").asText(), 16) >= dpidBase).count();
            if (held >= switches) {
                return;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException(held + " of " + switches + " held switches connected; log " + logFile
                        + ":\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM; the RESULT line the process wrote, or what it wrote last. */
    String stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        return tail().lines().filter(l -> l.startsWith("RESULT")).reduce((a, b) -> b).orElse(tail());
    }

    private String tail() {
        return ControllerProcess.tail(logFile, 20);
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
