package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HostShell} over network namespaces named {@code <prefix>-<node>}: {@code ip netns exec}
 * and {@code sh -c}, each command bounded by coreutils {@code timeout}. Background commands write
 * their output to {@code <dir>/<name>.out}; {@link #close()} stops the ones still running. Processes
 * the JVM starts inherit no descriptor but 0-2, so none of them holds the Mininet lock.
 */
final class NamespaceShell implements HostShell, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NamespaceShell.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix;
    private final Path dir;
    private final Map<String, Background> background = new LinkedHashMap<>();
    private int nextBackground;

    private record Background(String node, Process process, Path output) {
    }

    NamespaceShell(String prefix, Path dir) {
        this.prefix = prefix;
        this.dir = dir;
    }

    String namespace(String node) {
        return prefix + "-" + node;
    }

    @Override
    public Lab.CmdResult cmd(String node, String command, Duration timeout) {
        return run(List.of("timeout", "-k", "2", seconds(timeout), "ip", "netns", "exec", namespace(node),
                "sh", "-c", command), timeout.plusSeconds(5));
    }

    @Override
    public synchronized String bgStart(String node, String command) {
        String name = "bg" + ++nextBackground;
        Path output = dir.resolve(prefix + "-" + name + ".out");
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("ip", "netns", "exec", namespace(node), "sh", "-c", command)
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            background.put(name, new Background(node, p, output));
            log.debug("{} in {}: {} (pid {})", name, node, command, p.pid());
            return name;
        } catch (IOException e) {
            throw new LabException("cannot start in " + node + ": " + command, e);
        }
    }

    @Override
    public synchronized JsonNode bgStatus(String bgName) {
        Background b = background(bgName);
        ObjectNode status = JSON.createObjectNode();
        status.put("name", bgName);
        status.put("running", b.process().isAlive());
        if (!b.process().isAlive()) {
            status.put("rc", b.process().exitValue());
        }
        try {
            status.put("output", Files.readString(b.output(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            status.put("output", "");
        }
        return status;
    }

    @Override
    public JsonNode bgWait(String bgName, Duration timeout) {
        Process p = background(bgName).process();
        try {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted waiting for " + bgName, e);
        }
        return bgStatus(bgName);
    }

    @Override
    public JsonNode bgStop(String bgName) {
        stop(background(bgName).process());
        return bgStatus(bgName);
    }

    /** The process of a background command (e.g. to signal it). */
    ProcessHandle bgProcess(String bgName) {
        return background(bgName).process().toHandle();
    }

    private synchronized Background background(String bgName) {
        Background b = background.get(bgName);
        if (b == null) {
            throw new LabException("no background command " + bgName);
        }
        return b;
    }

    /** SIGTERM to the command and everything it started, then SIGKILL after 5 s. */
    static void stop(Process p) {
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                all.forEach(ProcessHandle::destroyForcibly);
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Runs a command in the root namespace; its output is stdout and stderr together. */
    static Lab.CmdResult run(List<String> command, Duration timeout) {
        return run(command, Map.of(), timeout);
    }

    static Lab.CmdResult run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            // read in another thread so that a command that overruns cannot block us on a full pipe
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> readAll(p.getInputStream(), out), "ns-shell-reader");
            reader.setDaemon(true);
            reader.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                stop(p);
            }
            reader.join(5_000);
            synchronized (out) {
                return new Lab.CmdResult(out.toString(StandardCharsets.UTF_8), done ? p.exitValue() : 124, !done);
            }
        } catch (IOException e) {
            throw new LabException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted running " + command, e);
        }
    }

    private static void readAll(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            log.debug("reading a command's output ended", e);
        }
    }

    private static String seconds(Duration d) {
        return Double.toString(d.toMillis() / 1000.0);
    }

    /** Stops every background command still running. */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, Background> e : background.entrySet()) {
            if (e.getValue().process().isAlive()) {
                log.debug("stopping {} in {}", e.getKey(), e.getValue().node());
                stop(e.getValue().process());
            }
        }
    }
}
