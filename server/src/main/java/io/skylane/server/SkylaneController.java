package io.skylane.server;

import io.skylane.core.concurrent.CoalescingWriter;
import io.skylane.core.concurrent.DaemonThreadFactory;
import io.skylane.core.device.DeviceManager;
import io.skylane.core.event.EventDispatcher;
import io.skylane.core.flow.FlowRuleManager;
import io.skylane.core.packet.PacketManager;
import io.skylane.core.packet.PacketProcessor;
import io.skylane.core.pipeline.PipelineRegistry;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.core.southbound.SwitchEventRouter;
import io.skylane.lb.dataplane.LoadBalancerDataPlane;
import io.skylane.lb.dataplane.ProberHealthChecks;
import io.skylane.lb.health.HealthProber;
import io.skylane.northbound.RestConfig;
import io.skylane.northbound.RestServer;
import io.skylane.northbound.RestServices;
import io.skylane.southbound.OpenFlowConfig;
import io.skylane.southbound.OpenFlowServer;
import io.skylane.southbound.ovsdb.OvsdbConfig;
import io.skylane.southbound.ovsdb.OvsdbManager;
import io.skylane.southbound.ovsdb.OvsdbTarget;
import io.skylane.southbound.ovsdb.TunnelType;
import io.skylane.topology.HostService;
import io.skylane.topology.PathService;
import io.skylane.topology.PortClaims;
import io.skylane.topology.TopologyService;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.fwd.LearningSwitch;
import io.skylane.topology.fwd.PathForwarding;
import io.skylane.topology.host.HostTracker;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathManager;
import io.skylane.vpc.dataplane.TenantDataPlane;
import io.skylane.vpc.dataplane.TenantNetwork;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.store.JournalIntentStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole controller, wired by constructors in one place: the event dispatcher, the core
 * managers, topology (link discovery, the topology manager, host tracking, the path service), the
 * intent store and service, the forwarding app ({@code forwarding.mode}: path forwarding by
 * default), the tenant data plane, the OpenFlow listener and the REST API. The pipeline
 * declaration is checked first.
 */
public final class SkylaneController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SkylaneController.class);
    /**
     * The least time between two topology rebuilds: while a fabric connects and is discovered the
     * rebuilds (each from every link) would otherwise follow each other back to back, a processor
     * taken from the handshakes and the probes; a change after a quiet moment is published at once.
     */
    static final Duration TOPOLOGY_SPACING = Duration.ofMillis(100);

    /**
     * How paths are weighed: hop count until link weights become configuration. Path forwarding
     * and the tenant data plane weigh by hop count too.
     */
    static final LinkWeigher PATH_WEIGHER = LinkWeigher.HOP_COUNT;

    private final ServerConfig config;
    private final String version;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private OpenFlowServer openflow;
    private RestServer rest;
    private LinkDiscovery discovery;
    private TopologyManager topology;
    private HostTracker hosts;
    private PathService paths;
    private IntentService intents;
    private TenantDataPlane vpc;
    /** The tenant data plane's port statuses, written to the intent store off its thread. */
    private CoalescingWriter<UUID, Port.Status> portStatuses;
    private LoadBalancerDataPlane lb;
    private OvsdbManager ovsdb;
    private HypervisorProvisioner provisioner;
    private PacketProcessor forwarding;
    private boolean closed;

    public SkylaneController(ServerConfig config, String version) {
        this.config = config;
        this.version = version;
    }

    /**
     * Starts every part; if one fails, what was started is stopped again and the error is thrown.
     *
     * @throws io.skylane.core.pipeline.PipelineConflictException before anything starts, if two apps
     *         share an id or two apps' priority bands overlap in a table
     */
    public synchronized void start() {
        PipelineRegistry pipeline = SkylanePipeline.registry();
        log.info("Pipeline: {} tables, {} apps, {} priority bands, no overlap", pipeline.tables().size(),
                pipeline.apps().size(), pipeline.bands().size());
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        Clock clock = Clock.systemUTC();
        EventDispatcher events = new EventDispatcher();
        running.push(events);

        DeviceManager devices = new DeviceManager(events, clock);
        PacketManager packets = new PacketManager(devices);
        ServerConfig.Flows f = config.flows();
        FlowRuleManager flows = new FlowRuleManager(devices, events, clock,
                new FlowRuleManager.Config(Duration.ofMillis(f.auditTimeoutMs()), f.maxTransientPerDevice(),
                        Duration.ofMillis(f.restartGraceMs())));

        try {
            PortClaims claims = new PortClaims();
            startTopology(clock, events, devices, packets, flows, claims);
            IntentService intentService = startIntents(clock);
            startForwarding(clock, devices, packets, flows, claims);
            startTenantDataPlane(intentService, devices, packets, flows, claims);
            startLoadBalancer(intentService, devices, packets, flows);
            if (config.network().mode() == ServerConfig.NetworkMode.OVERLAY) {
                startOvsdb(intentService);
            }

            openflow = new OpenFlowServer(openFlowConfig(config.openflow()),
                    new SwitchEventRouter(devices, packets, flows));
            running.push(openflow);
            openflow.start();
            RestServices services = new RestServices(devices, flows, openflow, topology, hosts, paths,
                    discovery::lastSeen, intentService, () -> counters(flows, packets),
                    tenantNetwork(config.network()));
            rest = new RestServer(restConfig(config.api()), version, services);
            running.push(rest);
            rest.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.info("Skylane {} started: OpenFlow on {}, REST on {}:{}, data in {}", version,
                openflow.boundAddresses(), config.api().address(), rest.port(), config.dataDir().toAbsolutePath());
    }

    /** Every part's counters, for {@code GET /v1/stats}. */
    private Map<String, Map<String, Long>> counters(FlowRuleManager flows, PacketManager packets) {
        Map<String, Map<String, Long>> all = new TreeMap<>();
        all.put("flows", flows.counters());
        all.put("packets", packets.counters());
        all.put("discovery", discovery.counters());
        all.put("topology", topology.counters());
        all.put("hosts", hosts.counters());
        if (forwarding instanceof PathForwarding) {
            all.put("forwarding", ((PathForwarding) forwarding).counters());
        }
        if (vpc != null) {
            Map<String, Long> v = new TreeMap<>(vpc.counters());
            v.put("statusWrites", portStatuses.writes());
            v.put("statusWriteFailures", portStatuses.failures());
            v.put("statusesPending", (long) portStatuses.pending());
            all.put("vpc", v);
        }
        if (lb != null) {
            all.put("loadBalancer", lb.counters());
        }
        if (ovsdb != null) {
            Map<String, Long> o = new TreeMap<>(ovsdb.counters().snapshot());
            o.putAll(provisioner.counters());
            all.put("ovsdb", o);
        }
        return all;
    }

    static RestConfig restConfig(ServerConfig.Api api) {
        RestConfig.Tls tls = api.tls() == null ? null : new RestConfig.Tls(api.tls().certFile(), api.tls().keyFile());
        return new RestConfig(api.address(), api.port(), tls);
    }

    /** The intent store under {@code <data_dir>/intent}, recovered, and the service on it. */
    private IntentService startIntents(Clock clock) {
        ServerConfig.Intent in = config.intent();
        String adminToken = AdminToken.resolve(config, System.getenv());
        JournalIntentStore store;
        try {
            store = JournalIntentStore.open(config.dataDir().resolve("intent"), in.snapshotEvery());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the intent store in " + config.dataDir().resolve("intent"), e);
        }
        running.push(store);
        log.info("{}", DataDirSummary.of(config.dataDir(), store));
        intents = new IntentService(store, new IntentConfig(adminToken, in.segmentMin(), in.segmentMax(),
                IntentConfig.DEFAULT_MAC_PREFIX), clock);
        return intents;
    }

    /**
     * Link discovery and the host tracker share one thread ({@code skylane-topology}): the probe
     * timer and the host ageing. The topology manager publishes its snapshots on a thread of its
     * own ({@code skylane-topology-publish}), so that a rebuild from tens of thousands of links
     * never holds the probes back (which made links time out), each rebuild at least
     * {@link #TOPOLOGY_SPACING} after the last (changes that come sooner are published together).
     * The path service over them has no
     * thread: it computes on the caller's. Discovery never probes the ports the tenant data plane
     * claims, and follows the host tracker to probe host ports rarely.
     */
    private void startTopology(Clock clock, EventDispatcher events, DeviceManager devices, PacketManager packets,
                               FlowRuleManager flows, PortClaims claims) {
        ScheduledExecutorService thread =
                Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("skylane-topology"));
        running.push(thread::shutdownNow);
        ScheduledExecutorService publisher =
                Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("skylane-topology-publish"));
        running.push(publisher::shutdownNow);
        ServerConfig.Discovery d = config.discovery();
        discovery = new LinkDiscovery(devices, packets, flows, claims, clock, thread,
                LinkDiscovery.Config.of(Duration.ofMillis(d.probeIntervalMs()), Duration.ofMillis(d.linkTimeoutMs())));
        topology = new TopologyManager(devices, discovery, events, clock, publisher, TOPOLOGY_SPACING);
        ServerConfig.Hosts h = config.hosts();
        hosts = new HostTracker(packets, topology, events, clock, thread,
                new HostTracker.Config(h.maxHosts(), Duration.ofSeconds(h.hostAgeSeconds())));
        hosts.addListener(discovery.hostListener());
        paths = new PathManager(topology, PATH_WEIGHER);
        topology.start();
        running.push(topology::stop);
        discovery.start();
        running.push(discovery::stop);
        hosts.start();
        running.push(hosts::stop);
    }

    /**
     * The tenant data plane on its own thread ({@code skylane-vpc}): tenant rules from the intent
     * store and the topology, the claims on tenant ports, ARP answers for tenant ports.
     */
    private void startTenantDataPlane(IntentService intentService, DeviceManager devices, PacketManager packets,
                                      FlowRuleManager flows, PortClaims claims) {
        // A status write waits for the journal's fsync: on a thread of its own, so that the data
        // plane never waits for the disk; only each port's latest status is written.
        ExecutorService statusThread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("skylane-port-status"));
        running.push(statusThread::shutdownNow);
        portStatuses = new CoalescingWriter<>("Port statuses", statusThread, intentService::setPortStatuses);
        running.push(portStatuses::close);
        ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("skylane-vpc"));
        running.push(thread::shutdownNow);
        vpc = new TenantDataPlane(intentService.store(), topology, devices, flows, packets, claims, thread,
                portStatuses, tenantNetwork(config.network()));
        vpc.start();
        running.push(vpc::stop);
    }

    /**
     * Overlay mode: the OVSDB client (listening for the hypervisors' Open vSwitch and/or connecting
     * to the configured targets) and the provisioner that gives registered hypervisors their tunnel
     * port, on its own thread ({@code skylane-ovsdb-provision}).
     */
    private void startOvsdb(IntentService intentService) {
        ServerConfig.Ovsdb o = config.network().ovsdb();
        List<OvsdbTarget> targets = o.connect().stream().map(OvsdbTarget::of).toList();
        ovsdb = new OvsdbManager(OvsdbConfig.defaults().withListen(o.listen()).withBindAddress(o.address())
                .withPort(o.port()).withTargets(targets));
        running.push(ovsdb);
        ovsdb.start();
        ScheduledExecutorService thread =
                Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("skylane-ovsdb-provision"));
        running.push(thread::shutdownNow);
        TunnelType type = config.network().encapsulation() == ServerConfig.Encapsulation.VXLAN
                ? TunnelType.VXLAN : TunnelType.GENEVE;
        provisioner = new HypervisorProvisioner(intentService.store(), ovsdb, config.network().tunnelPort(), type, thread);
        running.push(provisioner);
        provisioner.start();
        log.info("OVSDB: {}{}", o.listen() ? "listening on " + ovsdb.boundAddress().map(Object::toString).orElse("?") : "",
                targets.isEmpty() ? "" : ", connecting to " + targets);
    }

    /** Overlay mode's OVSDB listener's address, when it listens. */
    public java.util.Optional<java.net.InetSocketAddress> ovsdbAddress() {
        return ovsdb == null ? java.util.Optional.empty() : ovsdb.boundAddress();
    }

    /** The tenant data plane's view of the {@code network} configuration. */
    static TenantNetwork tenantNetwork(ServerConfig.Network n) {
        TenantNetwork.Mode mode = n.mode() == ServerConfig.NetworkMode.OVERLAY
                ? TenantNetwork.Mode.OVERLAY : TenantNetwork.Mode.FABRIC;
        return new TenantNetwork(mode, n.mtu(), n.tunnelPort());
    }

    /**
     * The load balancer's data plane on its own thread ({@code skylane-lb}): its rules from the
     * intent, the tenant ports' places and the members' health; its statuses into the intent store.
     */
    private void startLoadBalancer(IntentService intentService, DeviceManager devices, PacketManager packets,
                                   FlowRuleManager flows) {
        ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreadFactory.named("skylane-lb"));
        running.push(thread::shutdownNow);
        ScheduledExecutorService probes =
                Executors.newSingleThreadScheduledExecutor(DaemonThreadFactory.named("skylane-lb-probes"));
        running.push(probes::shutdownNow);
        lb = new LoadBalancerDataPlane(intentService.store(), vpc::placedPorts, vpc::addRecomputeListener, topology, devices, flows, packets, thread,
                ProberHealthChecks.factory(packets::emit, Clock.systemUTC(), probes,
                        HealthProber.DEFAULT_PROBES_PER_SECOND),
                LoadBalancerDataPlane::refusal, intentService::setLbStatuses, System::nanoTime);
        lb.start();
        running.push(lb::stop);
    }

    /**
     * The forwarding app {@code forwarding.mode} names. Path forwarding recomputes on its own
     * thread ({@code skylane-forwarding}), so a large recompute never holds up events or topology.
     */
    private void startForwarding(Clock clock, DeviceManager devices, PacketManager packets, FlowRuleManager flows,
                                 PortClaims claims) {
        ServerConfig.Forwarding fw = config.forwarding();
        switch (fw.mode()) {
            case PATH -> {
                ExecutorService thread =
                        Executors.newSingleThreadExecutor(DaemonThreadFactory.named("skylane-forwarding"));
                running.push(thread::shutdownNow);
                PathForwarding path = new PathForwarding(packets, flows, devices, topology, hosts, claims, clock, thread,
                        new PathForwarding.Config(fw.priority(), fw.proxyArp(), Duration.ofMillis(fw.floodGuardMs())));
                path.start();
                running.push(path::stop);
                forwarding = path;
            }
            case L2_LEARNING -> {
                ServerConfig.Learning l = config.learning();
                LearningSwitch learning = new LearningSwitch(packets, flows, devices, claims, clock,
                        new LearningSwitch.Config(l.macAgeSeconds(), l.maxMacsPerSwitch(), l.idleTimeoutSeconds(),
                                l.priority()));
                learning.start();
                running.push(learning::stop);
                forwarding = learning;
            }
            default -> log.info("No forwarding app (forwarding.mode: none)");
        }
    }

    static OpenFlowConfig openFlowConfig(ServerConfig.OpenFlow of) {
        return OpenFlowConfig.defaults()
                .withBindAddress(of.address())
                .withPorts(of.ports())
                .withHandshakeTimeout(Duration.ofMillis(of.handshakeTimeoutMs()))
                .withEchoInterval(Duration.ofMillis(of.echoIntervalMs()))
                .withReadTimeout(Duration.ofMillis(of.readTimeoutMs()))
                .withRequestTimeout(Duration.ofMillis(of.requestTimeoutMs()))
                .withMaxFrameLength(of.maxFrameLength())
                .withClearTablesOnConnect(of.clearTablesOnConnect())
                .withIoThreads(of.ioThreads());
    }

    /** The tenant data plane (null before start). */
    public TenantDataPlane tenantDataPlane() {
        return vpc;
    }

    /** The REST port actually bound. */
    public int apiPort() {
        return rest.port();
    }

    /** The OpenFlow listener. */
    public OpenFlowServer openflow() {
        return openflow;
    }

    /** The topology: switches, links, edge ports. */
    public TopologyService topology() {
        return topology;
    }

    /** The hosts learned at edge ports. */
    public HostService hosts() {
        return hosts;
    }

    /** Paths over the current topology, weighed as forwarding weighs them. */
    public PathService paths() {
        return paths;
    }

    /** The forwarding app that runs ({@link PathForwarding} or {@link LearningSwitch}), if any. */
    public Optional<PacketProcessor> forwarding() {
        return Optional.ofNullable(forwarding);
    }

    /** Stops everything, newest first. Safe to call more than once. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("Skylane stopping");
        while (!running.isEmpty()) {
            AutoCloseable c = running.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c, e.toString());
            }
        }
        log.info("Skylane stopped");
    }
}
