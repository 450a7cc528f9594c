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
 * The built Skylane server as a separate process, as a user runs it:
 * {@code java -jar skylane-server.jar run --openflow-port P --api-port A --data-dir D}.
 * Output goes to {@code <work dir>/<name>-controller.log} (appended across restarts). Ready means
 * {@code GET /v1/health} answered 200. Restarts keep the ports and the data directory. The JVM runs
 * with its own defaults unless {@code -Dskylane.controller.javaOpts="..."} gives options (split at
 * spaces; for a benchmark's collector or heap, e.g. the {@code skylane} launcher's).
 */
public final class ControllerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControllerProcess.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final int openflowPort;
    private final int apiPort;
    private final Path dataDir;
    private final Path logFile;
    private final SkylaneRest rest;
    private Process process;
    private List<String> runArgs = List.of();

    /** The admin token every lab controller is started with (SKYLANE_ADMIN_TOKEN). */
    static final String ADMIN_TOKEN = "lab-admin-token-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    private ControllerProcess(String name, int openflowPort, int apiPort, Path dataDir, Path logFile) {
        this.name = name;
        this.openflowPort = openflowPort;
        this.apiPort = apiPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.rest = new SkylaneRest(apiPort, ADMIN_TOKEN);
    }

    /** Starts a server on two free ports with a fresh data directory and waits until it is healthy. */
    public static ControllerProcess start(String name) throws IOException, InterruptedException {
        return start(name, List.of());
    }

    /** Same, with more arguments for {@code skylane run} (e.g. {@code --config FILE}). */
    public static ControllerProcess start(String name, List<String> runArgs) throws IOException, InterruptedException {
        Path workDir = LabSupport.workDir();
        Path dataDir = Files.createTempDirectory(workDir, name + "-data-");
        int openflowPort = LabSupport.freePort();
        int apiPort = LabSupport.freePort();
        while (apiPort == openflowPort) {
            apiPort = LabSupport.freePort();
        }
        ControllerProcess controller = new ControllerProcess(name, openflowPort, apiPort, dataDir,
                workDir.resolve(name + "-controller.log"));
        controller.runArgs = List.copyOf(runArgs);
        controller.launch();
        return controller;
    }

    private void launch() throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString()));
        String javaOpts = System.getProperty("skylane.controller.javaOpts", "").trim();
        if (!javaOpts.isEmpty()) {
            command.addAll(List.of(javaOpts.split("\\s+")));
        }
        command.addAll(List.of("-jar", LabSupport.serverJar().toString(), "run",
                "--openflow-port", Integer.toString(openflowPort), "--api-port", Integer.toString(apiPort),
                "--data-dir", dataDir.toString()));
        command.addAll(runArgs);
        Files.writeString(logFile, "=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SKYLANE_ADMIN_TOKEN", ADMIN_TOKEN);
        process = pb
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("controller " + name + " exited with code " + process.exitValue()
                        + " before it was healthy; log " + logFile + ":\n" + tail());
            }
            if (rest.healthStatus().filter(code -> code == 200).isPresent()) {
                log.info("controller {} healthy in {} ms (pid {}, openflow {}, api {}, log {})", name,
                        (System.nanoTime() - started) / 1_000_000, process.pid(), openflowPort, apiPort, logFile);
                return;
            }
            if (System.nanoTime() > deadline) {
                kill();
                throw new IllegalStateException("controller " + name + " not healthy within "
                        + START_TIMEOUT.toSeconds() + " s; killed; log " + logFile + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** SIGTERM, as an operator stops it; waits for the exit (SIGKILL after 20 s). Returns the exit code. */
    public int stop() throws InterruptedException {
        if (process == null) {
            return -1;
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("controller {} ignored SIGTERM for {} s: SIGKILL", name, STOP_TIMEOUT.toSeconds());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            log.info("controller {} stopped (exit code {})", name, process.exitValue());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            log.info("controller {} killed", name);
        }
    }

    /** Stops (if running) and starts again on the same ports and data directory. */
    public void restart() throws IOException, InterruptedException {
        if (isAlive()) {
            stop();
        }
        launch();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The running process's id (for reading its CPU time from /proc). */
    public long pid() {
        return process.pid();
    }

    public int openflowPort() {
        return openflowPort;
    }

    public int apiPort() {
        return apiPort;
    }

    public SkylaneRest rest() {
        return rest;
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
        return tail(logFile, 40);
    }

    /** The last {@code count} lines of a process's log file, for failure messages. */
    static String tail(Path logFile, int count) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server; if interrupted meanwhile, kills it rather than leave it running. */
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
