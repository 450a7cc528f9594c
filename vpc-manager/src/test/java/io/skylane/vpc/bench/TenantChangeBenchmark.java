package io.skylane.vpc.bench;

import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.PortClaims;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.vpc.dataplane.TenantDataPlane;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one intent change costs the controller with a cloud already in place (issue #15): the real
 * tenant data plane, flow rule service, discovery and topology on a fake fat-tree of {@code k}
 * (FakeFabric, switches answer barriers at once), {@code vpcs} tenants with one VPC each (a /16
 * subnet, the tenant's default security group: its rules name the group itself as remote) and
 * {@code ports} ports bound to random edge switches. Each operation is one change through the intent
 * service, its recompute run inline (direct executor) and its rules handed to the flow rule
 * service and "confirmed" by the fake switches, its port statuses written: everything the
 * controller does for the change but the wire. The change is undone after each operation, not
 * timed.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- TenantChangeBenchmark -bm sample -tu ms}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC"})
public class TenantChangeBenchmark {

    @Param({"16"})
    public int k;

    @Param({"10000"})
    public int vpcs;

    @Param({"100000"})
    public int ports;

    /**
     * false: each port on a random edge switch (a VPC's ports spread over the fabric); true: every
     * port of a VPC, and each port {@code createPort} makes in it, on one edge switch (VPC {@code v}'s
     * is edge switch {@code v % edges}), as the VPCs of {@code PortToPingBench}'s cloud are: a change
     * recompiles a VPC with all its ports on the switch.
     */
    @Param({"false"})
    public boolean together;

    private final TestCore core = new TestCore();
    private final PortClaims claims = new PortClaims();
    private final DeferringExecutor executor = new DeferringExecutor();
    /** The data plane's inline time of each measured change (nanoseconds), for its percentiles. */
    private final List<Long> dataPlaneShare = new ArrayList<>();
    private IntentService intents;
    private LinkDiscovery discovery;
    private TopologyManager topology;
    private TenantDataPlane dataPlane;
    private final List<Vpc> vpcList = new ArrayList<>();
    private final List<TenantFixture> tenants = new ArrayList<>();
    private final List<Port> portList = new ArrayList<>();
    private final List<ConnectPoint> edgePorts = new ArrayList<>();
    private final Random rnd = new Random(7);
    private int next;
    /** The edge ports no port is bound to, once the cloud is in place (the operations take and give back). */
    private final java.util.Deque<ConnectPoint> free = new ArrayDeque<>();
    /** The free edge ports of each edge switch (set-up; with {@code together}, the creates too). */
    private final Map<DeviceId, java.util.Deque<ConnectPoint>> freeBySwitch = new java.util.HashMap<>();
    private final List<DeviceId> edges = new ArrayList<>();
    /** What the last operation made, for its undoing. */
    private Runnable undo = () -> { };

    @Setup(Level.Trial)
    public void setUp() {
        long t0 = System.nanoTime();
        FakeFabric net = FakeFabric.fatTree(core, k);
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), new ManualScheduler(),
                LinkDiscovery.Config.defaults());
        topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
                MoreExecutors.directExecutor());
        intents = new IntentService(JournalIntentStore.inMemory(), new IntentConfig(TenantFixture.ADMIN_TOKEN, 1, 1_048_575,
                IntentConfig.DEFAULT_MAC_PREFIX), Clock.systemUTC()); // fabric mode: VLAN, then MPLS label
        dataPlane = new TenantDataPlane(intents.store(), topology, core.devices(), core.flows(), core.packets(), claims,
                executor, intents::setPortStatuses);
        topology.start();
        discovery.start();
        dataPlane.start();
        net.connectAll();
        net.deliver();
        executor.runQueued();
        int half = k / 2;
        int hostPorts = (ports + k * half - 1) / (k * half) + 10;
        for (int pod = 0; pod < k; pod++) {
            for (int e = 0; e < half; e++) {
                for (int p = 0; p < hostPorts; p++) {
                    edgePorts.add(ConnectPoint.of(DeviceId.of(0x300 + 16L * pod + e), PortNumber.of(1000 + p)));
                }
            }
        }
        if (!together) {
            java.util.Collections.shuffle(edgePorts, rnd);
        }
        for (ConnectPoint cp : edgePorts) {
            freeBySwitch.computeIfAbsent(cp.deviceId(), d -> new ArrayDeque<>()).add(cp);
        }
        edges.addAll(new java.util.TreeSet<>(freeBySwitch.keySet()));
        for (int v = 0; v < vpcs; v++) {
            TenantFixture t = new TenantFixture(intents, "t" + v);
            Vpc vpc = t.vpc();
            t.subnet(vpc.id(), "10.0.0.0/16");
            tenants.add(t);
            vpcList.add(vpc);
        }
        for (int i = 0; i < ports; i++) {
            portList.add(create(i % vpcs, takeFree(i % vpcs)));
        }
        long t1 = System.nanoTime();
        executor.runQueued(); // one full compile of the whole cloud
        long t2 = System.nanoTime();
        executor.direct = true;
        if (together) {
            freeBySwitch.values().forEach(free::addAll);
        } else {
            free.addAll(edgePorts.subList(next, edgePorts.size()));
        }
        System.out.printf("%n%d tenants, %d ports on a fat-tree k=%d: intent set-up %d s, first full compile %d ms; "
                + "counters %s%n", vpcs, ports, k, (t1 - t0) / 1_000_000_000, (t2 - t1) / 1_000_000,
                dataPlane.counters());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        List<Long> share = new ArrayList<>(dataPlaneShare);
        share.sort(null);
        if (!share.isEmpty()) {
            System.out.printf("%nthe data plane's share of each change (its work inline: the recompute with placement, "
                    + "compile and hand-over, and the switches' confirmations; warm-up included), %d changes: "
                    + "p50 %.2f / p90 %.2f / p99 %.2f / max %.2f ms%n", share.size(), pct(share, 0.50),
                    pct(share, 0.90), pct(share, 0.99), share.get(share.size() - 1) / 1e6);
        }
        dataPlane.stop();
        discovery.stop();
        topology.stop();
    }

    /**
     * A new port bound to a free edge port (with {@code together}, of its VPC's switch), in a random
     * VPC (the port and the edge port freed after).
     */
    @Benchmark
    public Port createPort() {
        int vpc = rnd.nextInt(vpcs);
        ConnectPoint at = together ? freeBySwitch.get(edgeOf(vpc)).poll() : free.poll();
        Port p = create(vpc, at);
        undo = () -> {
            intents.delete(ResourceType.PORT, Actor.ADMIN, p.id(), null, false);
            (together ? freeBySwitch.get(at.deviceId()) : free).add(at);
        };
        return p;
    }

    /** The edge switch of VPC {@code vpc}'s ports when they are together. */
    private DeviceId edgeOf(int vpc) {
        return edges.get(vpc % edges.size());
    }

    /**
     * A free edge port for a port of VPC {@code vpc} during set-up: the next in the shuffled list,
     * or (together) one of its VPC's switch.
     */
    private ConnectPoint takeFree(int vpc) {
        if (!together) {
            return edgePorts.get(next++);
        }
        ConnectPoint at = freeBySwitch.get(edgeOf(vpc)).poll();
        if (at == null) {
            throw new IllegalStateException("edge switch " + edgeOf(vpc) + " has no free port left");
        }
        return at;
    }

    /** A port moves to another switch (a VM migrated, or bound after creation). */
    @Benchmark
    public Port movePort() {
        Port p = portList.get(rnd.nextInt(portList.size()));
        Port.Binding was = p.binding();
        ConnectPoint to = free.poll();
        Port moved = (Port) intents.update(Actor.ADMIN, p.id(),
                PortUpdate.NONE.withBinding(TenantFixture.binding(to)), null);
        undo = () -> {
            intents.update(Actor.ADMIN, p.id(), PortUpdate.NONE.withBinding(was), null);
            free.add(to);
        };
        return moved;
    }

    /** A rule added to a tenant's default security group (every port of the tenant's VPC has it). */
    @Benchmark
    public SecurityGroupRule addGroupRule() {
        TenantFixture t = tenants.get(rnd.nextInt(tenants.size()));
        SecurityGroupRule r = t.rule(t.defaultGroup(), new RuleSpec(io.skylane.vpc.intent.request.Common.NONE,
                SecurityGroupRule.Direction.INGRESS, "IPv4", "tcp", 22, 22, IpPrefix.parse("192.0.2.0/24"), null));
        undo = () -> intents.delete(ResourceType.SECURITY_GROUP_RULE, Actor.ADMIN, r.id(), null, false);
        return r;
    }

    /** The intent service (tests). */
    IntentService intents() {
        return intents;
    }

    @TearDown(Level.Invocation)
    public void undo() {
        dataPlaneShare.add(executor.take());
        undo.run();
        undo = () -> { };
        executor.take(); // the undo's recompute is not the change's
    }

    private Port create(int vpc, ConnectPoint at) {
        Vpc v = vpcList.get(vpc);
        return (Port) intents.create(Actor.ADMIN, new PortCreate(v.tenantId(), v.id(),
                PortUpdate.NONE.withBinding(TenantFixture.binding(at))));
    }

    /** The {@code q} quantile of sorted nanoseconds, in milliseconds. */
    private static double pct(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size()))) / 1e6;
    }

    /** Queues the recomputes during set-up (one compile at the end), runs them inline afterwards. */
    private static final class DeferringExecutor implements Executor {
        private final Queue<Runnable> queued = new ArrayDeque<>();
        volatile boolean direct;

        /** The data plane's work run inline since {@link #take()}: its recomputes, the switches' confirmations. */
        private long inline;

        @Override
        public synchronized void execute(Runnable command) {
            if (direct) {
                long t = System.nanoTime();
                command.run();
                inline += System.nanoTime() - t;
            } else {
                queued.add(command);
            }
        }

        /** The inline time since the last call, in nanoseconds. */
        synchronized long take() {
            long t = inline;
            inline = 0;
            return t;
        }

        synchronized void runQueued() {
            Runnable r;
            while ((r = queued.poll()) != null) {
                r.run();
            }
        }
    }
}
