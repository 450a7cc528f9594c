package io.skylane.southbound.ovsdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ovsdb-server of the test's own, on a scratch database in a temporary directory: never
 * the machine's Open vSwitch. It listens on {@code punix:DIR/db.sock} and {@code ptcp:0:127.0.0.1}
 * (the port it picked is read from its log), and connects to the targets of the Manager table
 * ({@code --remote=db:...}), so {@code set-manager} points it at a test's listener. There is no
 * ovs-vswitchd: ofport and cur_cfg change only when a test writes them. The process is the test's
 * child, ended by its handle in {@link #close()}.
 */
final class PrivateOvsdbServer implements AutoCloseable {

    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1: listening on port (\\d+)");
    private static final Duration START = Duration.ofSeconds(10);

    final Path dir;
    private final Process process;
    private final int tcpPort;

    /**
     * Skips the calling test when Open vSwitch's server tools are not installed (lab/install.sh
     * installs them; CI always has them).
     */
    static void assumeInstalled() {
        Assumptions.assumeTrue(which("ovsdb-server") != null && which("ovsdb-tool") != null
                        && which("ovs-vsctl") != null && Files.isReadable(SCHEMA),
                "ovsdb-server, ovsdb-tool, ovs-vsctl or " + SCHEMA + " missing: run lab/install.sh");
    }

    /** The program's path on PATH or in /usr/sbin, /usr/bin (ovsdb-server lives in sbin); null if absent. */
    static String which(String program) {
        for (String d : (System.getenv("PATH") + ":/usr/sbin:/usr/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return Path.of(d, program).toString();
            }
        }
        return null;
    }

    static PrivateOvsdbServer start() throws IOException, InterruptedException {
        assumeInstalled();
        return new PrivateOvsdbServer(Files.createTempDirectory("skylane-ovsdb-"));
    }

    private PrivateOvsdbServer(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        run(List.of(which("ovsdb-tool"), "create", dir.resolve("db.db").toString(), SCHEMA.toString()));
        Path log = dir.resolve("ovsdb-server.log");
        process = new ProcessBuilder(which("ovsdb-server"), dir.resolve("db.db").toString(),
                "--remote=punix:" + dir.resolve("db.sock"), "--remote=ptcp:0:127.0.0.1",
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=" + dir.resolve("pid"), "--unixctl=" + dir.resolve("ctl"), "--no-chdir",
                "--log-file=" + log, "-vconsole:off")
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile()).start();
        try {
            tcpPort = waitForPort(log);
            vsctl("init");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private int waitForPort(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("ovsdb-server exited: " + read(dir.resolve("stdout")) + read(log));
            }
            Matcher m = PORT.matcher(read(log));
            if (m.find() && Files.exists(dir.resolve("db.sock"))) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(20);
        }
        throw new IOException("ovsdb-server did not listen within " + START.toMillis() + " ms: " + read(log));
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }

    OvsdbTarget tcpTarget() {
        return OvsdbTarget.tcp("127.0.0.1", tcpPort);
    }

    OvsdbTarget unixTarget() {
        return OvsdbTarget.of("unix:" + dir.resolve("db.sock"));
    }

    /** Runs {@code ovs-vsctl --no-wait ARGS} on this database; returns its output, trimmed. */
    String vsctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(which("ovs-vsctl"), "--db=unix:" + dir.resolve("db.sock"), "--no-wait",
                "--timeout=10"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try {
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                throw new IOException(cmd + " did not finish");
            }
        } finally {
            p.destroy();
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out.trim();
    }

    /** Runs {@code ovs-appctl -t DIR/ctl COMMAND} on this server. */
    static String appctl(PrivateOvsdbServer server, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(which("ovs-appctl"), "-t", server.dir.resolve("ctl").toString()));
        cmd.addAll(List.of(command));
        return run(cmd);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
