package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * What every Mininet scenario needs before it starts: root, an installed and running lab, the
 * built server, and the directories failsafe passes as system properties.
 */
public final class LabSupport {

    /** Mininet's Python API only works under the system interpreter. */
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private static final String INSTALL_HINT =
            "run 'sudo lab/install.sh' (installs Open vSwitch and Mininet, starts OVS)";
    private static final List<String> TOOLS =
            List.of("ovs-vsctl", "ovs-ofctl", "mnexec", "ping", "ethtool", "iperf3", "nc", "timeout");

    /** What the overlay lab runs, besides the script: no Mininet, no running Open vSwitch. */
    private static final List<String> OVERLAY_TOOLS = List.of("ovsdb-tool", "ovsdb-server", "ovs-vswitchd",
            "ovs-vsctl", "ovs-ofctl", "ovs-appctl", "ip", "ethtool", "ping", "tcpdump", "nc", "ss",
            "timeout");

    private static volatile boolean labChecked;

    private LabSupport() {
    }

    /**
     * Skips the test when not root: that is the only allowed skip. As root, a missing or stopped
     * lab (Open vSwitch, Mininet, tools) or a server that was not built fails the test instead.
     */
    public static void assumeRoot() {
        Assumptions.assumeTrue(isRoot(), "Mininet tests need root (Open vSwitch, network namespaces): skipped");
        requireLab();
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false; // no /proc: not a Linux machine that could run the lab
        }
        return false;
    }

    /** Fails (not skips) with the fix when something the lab needs is missing. */
    static void requireLab() {
        if (labChecked) {
            return;
        }
        List<String> problems = new ArrayList<>();
        if (!Files.isExecutable(PYTHON)) {
            problems.add(PYTHON + " is missing");
        } else if (run(PYTHON.toString(), "-c", "import mininet.net") != 0) {
            problems.add("Mininet's Python API does not import under " + PYTHON);
        }
        for (String tool : TOOLS) {
            if (!onPath(tool)) {
                problems.add(tool + " is not on PATH");
            }
        }
        if (onPath("ovs-vsctl") && run("ovs-vsctl", "--timeout=3", "show") != 0) {
            problems.add("Open vSwitch does not answer 'ovs-vsctl show' (not started?)");
        }
        if (!problems.isEmpty()) {
            fail("the Mininet lab is not ready: " + String.join("; ", problems) + ". Fix: " + INSTALL_HINT);
        }
        Path jar = serverJar();
        if (!Files.isRegularFile(jar)) {
            fail("the server is not built: " + jar + " is missing. Fix: mvn -B -pl mininet-tests -am verify");
        }
        labChecked = true;
    }

    /**
     * Skips when not root; as root, fails with the fix when a tool of the overlay lab
     * ({@link OverlayLab}) is missing. It runs its own Open vSwitch daemons, so the machine's need
     * not run, and it needs no Mininet.
     */
    public static void assumeRootForOverlay() {
        Assumptions.assumeTrue(isRoot(), "the overlay lab needs root (network namespaces): skipped");
        List<String> problems = new ArrayList<>();
        for (String tool : OVERLAY_TOOLS) {
            if (!onPath(tool)) {
                problems.add(tool + " is not on PATH");
            }
        }
        if (!Files.isRegularFile(Path.of("/usr/share/openvswitch/vswitch.ovsschema"))) {
            problems.add("/usr/share/openvswitch/vswitch.ovsschema is missing");
        }
        if (!Files.isRegularFile(overlayScript())) {
            problems.add(overlayScript() + " is missing");
        }
        if (!problems.isEmpty()) {
            fail("the overlay lab is not ready: " + String.join("; ", problems) + ". Fix: " + INSTALL_HINT);
        }
    }

    /** The server jar must be built for scenarios that start the controller. */
    static void requireServerJar() {
        Path jar = serverJar();
        if (!Files.isRegularFile(jar)) {
            fail("the server is not built: " + jar + " is missing. Fix: mvn -B -pl mininet-tests -am verify");
        }
    }

    /** lab/overlay/overlay-lab.sh, which builds and removes the overlay lab. */
    static Path overlayScript() {
        return dir("skylane.overlay.dir").resolve("overlay-lab.sh");
    }

    static Path serverJar() {
        return dir("skylane.server.dir").resolve("skylane-server.jar");
    }

    static Path labScript() {
        return dir("skylane.lab.dir").resolve("skylane_lab.py");
    }

    /** Per-run logs and state of the scenarios ({@code mininet-tests/target/lab}). */
    static Path workDir() {
        Path dir = dir("skylane.work.dir");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }

    /** A TCP port that was free a moment ago (bound on all addresses, like the server does). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port", e);
        }
    }

    private static Path dir(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            fail("system property " + property + " is not set: run the scenarios through failsafe "
                    + "(mvn -B -pl mininet-tests -am verify)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
