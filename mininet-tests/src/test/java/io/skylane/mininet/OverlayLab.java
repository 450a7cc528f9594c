package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The overlay lab (issue #14, docs/lab.md "Overlay lab: one Open vSwitch per hypervisor"):
 * hypervisors, each a network namespace running its own Open vSwitch (userspace datapath) with the
 * integration bridge {@code br-int} and the flow-based tunnel port {@code skylane-tun}, joined by an
 * underlay Linux bridge that no controller programs, with tenant hosts cabled to {@code br-int}.
 * The controller runs in the root namespace and is reached over a management bridge, so the
 * underlay carries tunnel traffic only. Built and removed by {@code lab/overlay/overlay-lab.sh}
 * (the script lab engineers use); this class runs it, reads back what it built, runs commands in
 * the namespaces and captures the underlay. The machine's own Open vSwitch is never used.
 *
 * <p>Names: namespaces {@code <prefix>-hvN}, {@code <prefix>-u} and {@code <prefix>-<host>}; the
 * prefix comes from the scenario's name, so a lab left by a killed run is removed by the next
 * {@link #up}. {@link #close()} (and a shutdown hook, should the JVM exit without it) stops every
 * process in the namespaces, the private Open vSwitch daemons included, and removes what was made.
 * Everything the script did, with its output, is in {@code <work dir>/<scenario>-overlay.log}; the
 * Open vSwitch logs and background outputs in {@code <work dir>/<scenario>-overlay/}.
 */
public final class OverlayLab implements HostShell, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OverlayLab.class);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    private final String scenario;
    private final Config config;
    private final String prefix;
    private final String mgmtNet;
    private final Path logFile;
    private final Path logDir;
    private final NamespaceShell shell;
    private final Thread shutdownHook;
    private final Map<Integer, Hypervisor> hypervisors = new TreeMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private int nextFile;
    private boolean closed;

    /**
     * How the hypervisors are set up.
     *
     * @param controllerPort br-int's controller: {@code tcp:<management address of the root>:port};
     *                       empty: none (flows written by hand)
     * @param tunnel         type of {@code skylane-tun}: "geneve" or "vxlan"; "none": no tunnel port
     *                       (the controller creates it over OVSDB)
     * @param ovsdbPort      each hypervisor's Open vSwitch connects to the controller's OVSDB
     *                       listener: {@code set-manager tcp:<management address of the root>:port}
     * @param manager        another OVSDB manager target instead, e.g. {@code ptcp:6640} (the
     *                       controller connects to each hypervisor's management address)
     */
    public record Config(OptionalInt controllerPort, String tunnel, OptionalInt ovsdbPort, Optional<String> manager) {

        /** No controller, a Geneve tunnel port, no OVSDB manager. */
        public static Config defaults() {
            return new Config(OptionalInt.empty(), "geneve", OptionalInt.empty(), Optional.empty());
        }

        public Config controller(int port) {
            return new Config(OptionalInt.of(port), tunnel, ovsdbPort, manager);
        }

        /** "geneve", "vxlan", or "none" (the controller creates skylane-tun over OVSDB). */
        public Config tunnel(String type) {
            return new Config(controllerPort, type, ovsdbPort, manager);
        }

        public Config ovsdb(int port) {
            return new Config(controllerPort, tunnel, OptionalInt.of(port), Optional.empty());
        }

        public Config manager(String target) {
            return new Config(controllerPort, tunnel, OptionalInt.empty(), Optional.of(target));
        }
    }

    /**
     * A tenant host to make.
     *
     * @param ip  address with prefix length, e.g. 10.0.0.11/24; empty: none (DHCP later)
     * @param mtu of both ends of its cable
     */
    public record HostSpec(String name, int hypervisor, Optional<String> ip, String mac, int mtu) {

        public static HostSpec of(String name, int hypervisor, String ip, String mac) {
            return new HostSpec(name, hypervisor, Optional.of(ip), mac, 1500);
        }

        public static HostSpec unaddressed(String name, int hypervisor, String mac) {
            return new HostSpec(name, hypervisor, Optional.empty(), mac, 1500);
        }

        public HostSpec mtu(int bytes) {
            return new HostSpec(name, hypervisor, ip, mac, bytes);
        }
    }

    /**
     * A hypervisor as built.
     *
     * @param dpid        br-int's datapath id, 16 hex digits
     * @param systemId    Open_vSwitch external_ids:system-id ({@code <prefix>-hvN}), which an OVSDB
     *                    connection from the hypervisor carries
     * @param endpoint    the tunnel endpoint address on the underlay
     * @param mgmt        its address on the management bridge
     * @param tunnelPort  the OpenFlow port number of skylane-tun (empty when there is none, or OVS
     *                    refused it)
     * @param db          its ovsdb-server ({@code unix:...}, for ovs-vsctl --db or an OVSDB client)
     * @param ofctl       br-int's management socket, the target for ovs-ofctl
     */
    public record Hypervisor(int number, String namespace, String dpid, String systemId, String endpoint, String mgmt,
                             OptionalInt tunnelPort, String db, String ofctl) {

        /** Its node name for {@link OverlayLab#cmd} and the like. */
        public String node() {
            return "hv" + number;
        }
    }

    /** A tenant host as built: its port on br-int of its hypervisor. */
    public record Host(String name, int hypervisor, String port, int ofport, String mac, Optional<String> ip,
                       int mtu) {
    }

    private OverlayLab(String scenario, Config config) {
        this.scenario = scenario;
        this.config = config;
        int hash = scenario.hashCode() & 0x7fffffff;
        this.prefix = String.format("ov%06x", hash & 0xffffff);
        this.mgmtNet = "172.30." + (16 + hash % 200);
        this.logFile = LabSupport.workDir().resolve(scenario + "-overlay.log");
        this.logDir = LabSupport.workDir().resolve(scenario + "-overlay");
        this.shell = new NamespaceShell(prefix, logDir);
        this.shutdownHook = new Thread(this::down, scenario + "-overlay-down");
    }

    /** A lab, not built yet: {@link #up} builds it. */
    public static OverlayLab create(String scenario, Config config) {
        OverlayLab lab = new OverlayLab(scenario, config);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        return lab;
    }

    /** The underlay, the management bridge, hypervisors 1..n and the hosts (removed again if this fails). */
    public static OverlayLab start(String scenario, Config config, int hypervisors, List<HostSpec> hosts) {
        OverlayLab lab = create(scenario, config);
        try {
            lab.up(hypervisors, hosts);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    /** Builds hypervisors 1..n and the hosts, after removing what a killed lab of this scenario left. */
    public void up(int n, List<HostSpec> specs) {
        script("up", Integer.toString(n));
        refresh();
        for (HostSpec h : specs) {
            addHost(h);
        }
    }

    /** Hypervisor {@code max + 1}, added while the others keep running. */
    public Hypervisor addHypervisor() {
        return addHypervisor(hypervisors.keySet().stream().mapToInt(i -> i).max().orElse(0) + 1);
    }

    public Hypervisor addHypervisor(int n) {
        script("hv-add", Integer.toString(n));
        refresh();
        return hypervisor(n);
    }

    public Host addHost(HostSpec h) {
        script("host-add", h.name(), Integer.toString(h.hypervisor()), h.ip().orElse("-"), h.mac(),
                Integer.toString(h.mtu()));
        refresh();
        return host(h.name());
    }

    // --- what was built -------------------------------------------------------------------------

    public List<Hypervisor> hypervisors() {
        return List.copyOf(hypervisors.values());
    }

    public Hypervisor hypervisor(int n) {
        Hypervisor h = hypervisors.get(n);
        if (h == null) {
            throw new LabException("no hypervisor " + n + " in " + scenario + ": " + hypervisors.keySet());
        }
        return h;
    }

    public Host host(String name) {
        Host h = hosts.get(name);
        if (h == null) {
            throw new LabException("no host " + name + " in " + scenario + ": " + hosts.keySet());
        }
        return h;
    }

    /** The host's hypervisor's datapath id and its port there: a tenant port's binding (TenantLab). */
    public String[] attachment(String host) {
        Host h = host(host);
        return new String[] {hypervisor(h.hypervisor()).dpid(), Integer.toString(h.ofport())};
    }

    /** Where the hypervisors reach the root namespace (the controller): x.y.z.254. */
    public String controllerAddress() {
        return mgmtNet + ".254";
    }

    // --- Open vSwitch of one hypervisor ---------------------------------------------------------

    /** ovs-ofctl -O OpenFlow13 COMMAND br-int [ARGS], e.g. ofctl(1, "dump-flows"); its output lines. */
    public List<String> ofctl(int hv, String command, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-ofctl", "-O", "OpenFlow13", command, hypervisor(hv).ofctl()));
        cmd.addAll(List.of(args));
        return List.of(checked(cmd).split("\n"));
    }

    /** Adds these flows (ovs-ofctl syntax, one per element) to br-int of the hypervisor in one batch. */
    public void addFlows(int hv, List<String> flows) {
        Path file = logDir.resolve(String.format("flows-hv%d-%d.txt", hv, ++nextFile));
        try {
            Files.createDirectories(logDir);
            Files.write(file, flows, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabException("cannot write " + file, e);
        }
        ofctl(hv, "add-flows", file.toString());
    }

    /** ovs-vsctl against the hypervisor's own database; its output. */
    public String vsctl(int hv, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--db=" + hypervisor(hv).db()));
        cmd.addAll(List.of(args));
        return checked(cmd).strip();
    }

    /** ovs-appctl to the hypervisor's ovs-vswitchd, e.g. appctl(1, "tnl/neigh/show"). */
    public String appctl(int hv, String... args) {
        Path ctl = Path.of(hypervisor(hv).db().replaceFirst("^unix:", "")).resolveSibling("ovs-vswitchd.ctl");
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", ctl.toString()));
        cmd.addAll(List.of(args));
        return checked(cmd).strip();
    }

    /** The hypervisor's ovs-vswitchd log (it outlives the lab). */
    public Path vswitchdLog(int hv) {
        return logDir.resolve("hv" + hv + "-ovs-vswitchd.log");
    }

    // --- MTU and the underlay -------------------------------------------------------------------

    /** The underlay MTU: every underlay veth (both ends) and the underlay bridge. */
    public void underlayMtu(int bytes) {
        script("mtu", Integer.toString(bytes));
    }

    /** A host's MTU, on both ends of its cable. */
    public void hostMtu(String host, int bytes) {
        script("host-mtu", host, Integer.toString(bytes));
        refresh();
    }

    /** Starts tcpdump on the underlay bridge; returns once it listens. */
    public UnderlayCapture startUnderlayCapture() {
        return UnderlayCapture.start(shell, logDir.resolve(String.format("%s-underlay-%d.pcap", scenario, ++nextFile)));
    }

    // --- commands in the namespaces: hvN, u, or a host's name --------------------------------------

    @Override
    public Lab.CmdResult cmd(String node, String command, Duration timeout) {
        return shell.cmd(node, command, timeout);
    }

    @Override
    public String bgStart(String node, String command) {
        return shell.bgStart(node, command);
    }

    @Override
    public JsonNode bgStatus(String bgName) {
        return shell.bgStatus(bgName);
    }

    @Override
    public JsonNode bgWait(String bgName, Duration timeout) {
        return shell.bgWait(bgName, timeout);
    }

    @Override
    public JsonNode bgStop(String bgName) {
        return shell.bgStop(bgName);
    }

    // --- the script -----------------------------------------------------------------------------

    private void refresh() {
        Map<Integer, Hypervisor> hvs = new HashMap<>();
        Map<String, Host> hs = new LinkedHashMap<>();
        for (String line : script("status").split("\n")) {
            Map<String, String> f = fields(line);
            if (f.containsKey("host")) { // host lines name their hypervisor (hv=) too
                String ip = f.getOrDefault("ip", "");
                hs.put(f.get("host"), new Host(f.get("host"), Integer.parseInt(f.get("hv")), f.get("port"),
                        Integer.parseInt(f.get("ofport")), f.get("mac"),
                        ip.isEmpty() ? Optional.empty() : Optional.of(ip), Integer.parseInt(f.get("mtu"))));
            } else if (f.containsKey("hv")) {
                String tun = f.getOrDefault("tunnel_ofport", "");
                OptionalInt port = tun.matches("[0-9]+") ? OptionalInt.of(Integer.parseInt(tun)) : OptionalInt.empty();
                int n = Integer.parseInt(f.get("hv"));
                hvs.put(n, new Hypervisor(n, f.get("ns"), f.get("dpid"), f.get("system_id"), f.get("endpoint"),
                        f.get("mgmt"), port,
                        f.get("db"), f.get("ofctl")));
            }
        }
        hypervisors.clear();
        hypervisors.putAll(hvs);
        hosts.clear();
        hosts.putAll(hs);
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> f = new HashMap<>();
        for (String word : line.strip().split("\\s+")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                f.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return f;
    }

    private String script(String... args) {
        List<String> cmd = new ArrayList<>(List.of("bash", LabSupport.overlayScript().toString()));
        cmd.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("OVL_PREFIX", prefix);
        env.put("OVL_MGMT", mgmtNet);
        env.put("OVL_LOG_DIR", logDir.toString());
        env.put("OVL_CONTROLLER", config.controllerPort().isPresent()
                ? "tcp:" + controllerAddress() + ":" + config.controllerPort().getAsInt() : "none");
        env.put("OVL_TUNNEL", config.tunnel());
        env.put("OVL_MANAGER", config.ovsdbPort().isPresent()
                ? "tcp:" + controllerAddress() + ":" + config.ovsdbPort().getAsInt() : config.manager().orElse(""));
        long started = System.nanoTime();
        Lab.CmdResult r = NamespaceShell.run(cmd, env, SCRIPT_TIMEOUT);
        long ms = (System.nanoTime() - started) / 1_000_000;
        appendLog("=== " + Instant.now() + " overlay-lab.sh " + String.join(" ", args) + " (" + ms + " ms, rc "
                + r.rc() + ")\n" + r.output());
        if (r.rc() != 0) {
            throw new LabException("overlay-lab.sh " + String.join(" ", args) + " failed (rc " + r.rc() + "): "
                    + r.output().strip() + " (see " + logFile + ")");
        }
        return r.output();
    }

    private String checked(List<String> cmd) {
        Lab.CmdResult r = NamespaceShell.run(cmd, Duration.ofSeconds(30));
        if (r.rc() != 0) {
            throw new LabException(String.join(" ", cmd) + " failed (rc " + r.rc() + "): " + r.output().strip());
        }
        return r.output();
    }

    private void appendLog(String text) {
        try {
            Files.writeString(logFile, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("{}: cannot write {}: {}", scenario, logFile, e.getMessage());
        }
    }

    private synchronized void down() {
        if (closed) {
            return;
        }
        closed = true;
        shell.close();
        try {
            script("down");
        } catch (LabException e) {
            log.warn("{}: {}", scenario, e.getMessage());
        }
    }

    /** Stops the background commands, every process in the lab's namespaces, and removes the lab. */
    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            log.debug("{}: the JVM is shutting down already", scenario);
        }
        log.info("overlay lab {} ({}) removed", scenario, prefix);
    }
}
