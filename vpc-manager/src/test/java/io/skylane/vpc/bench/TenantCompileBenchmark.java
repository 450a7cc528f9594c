package io.skylane.vpc.bench;

import com.google.common.util.concurrent.MoreExecutors;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FlowRuleServiceAdapter;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.PortClaims;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.path.LinkWeigher;
import io.skylane.topology.path.PathComputer;
import io.skylane.topology.testing.FakeFabric;
import io.skylane.topology.testing.ManualScheduler;
import io.skylane.vpc.dataplane.TenantDataPlane;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Acl;
import io.skylane.vpc.pipeline.CompilePool;
import io.skylane.vpc.pipeline.FabricTransport;
import io.skylane.vpc.pipeline.Pipeline;
import io.skylane.vpc.pipeline.PlacedIndex;
import io.skylane.vpc.pipeline.SwitchRules;
import io.skylane.vpc.pipeline.VpcCompiler;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * A full compile of a cloud's tenant data plane (issue #15), the same cloud as
 * {@link TenantChangeBenchmark}'s (a fake fat-tree of {@code k}, {@code vpcs} tenants with one VPC
 * each, a /16 subnet and the tenant's default security group, {@code ports} ports bound to random
 * edge switches), single-shot:
 * <ul>
 *   <li>{@code firstRecompute}: the tenant data plane's first recompute, as after a start: the
 *       intent indexes built from the store, every port placed, the paths, every switch's rules
 *       compiled in parts (on one thread per core) and handed to a flow rule service that takes them and never confirms
 *       (its own work is not measured here), every port's status settled;</li>
 *   <li>{@code compileParts}: only the rules, {@link VpcCompiler#compileParts} for every switch from
 *       inputs indexed in set-up, on {@code threads} threads ({@link CompilePool}; 0: one per core).</li>
 * </ul>
 * Set-up prints the rules' count, the security groups' allow rules (in all, per port, on the switch
 * with most: the default group's ingress from its members, expanded or as conjunctions) and the heap
 * the compiled rules hold (used heap after forced GCs with and without one more result held), per
 * port and per rule.
 *
 * <p>Run: {@code ./skylane jmh vpc-manager -- TenantCompileBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms12g", "-Xmx12g", "-XX:+UseParallelGC"})
public class TenantCompileBenchmark {

    @Param({"16"})
    public int k;

    @Param({"10000"})
    public int vpcs;

    @Param({"100000"})
    public int ports;

    /** Threads {@code compileParts} compiles on, the caller's included (0: one per core, as the data plane). */
    @Param({"0"})
    public int threads;

    /** Rounds of the heap measurement in set-up (0: none). */
    @Param({"3"})
    public int heapRounds;

    private final TestCore core = new TestCore();
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private LinkDiscovery discovery;
    private TopologyManager topology;
    private TenantDataPlane dataPlane;
    private boolean started;
    private IntentService intents;
    private TopologySnapshot snapshot;
    private PlacedIndex index;
    private Acl acl;
    private Map<UUID, List<Ip4Address>> answered;
    private CompilePool pool;

    @Setup(Level.Trial)
    public void setUp() {
        pool = threads == 0 ? CompilePool.ofCores() : CompilePool.of(threads);
        long t0 = System.nanoTime();
        FakeFabric net = FakeFabric.fatTree(core, k);
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), new ManualScheduler(),
                LinkDiscovery.Config.defaults());
        topology = new TopologyManager(core.devices(), discovery, core.events(), core.clock(),
                MoreExecutors.directExecutor());
        intents = new IntentService(JournalIntentStore.inMemory(), new IntentConfig(TenantFixture.ADMIN_TOKEN, 1,
                1_048_575, IntentConfig.DEFAULT_MAC_PREFIX), Clock.systemUTC());
        topology.start();
        discovery.start();
        net.connectAll();
        net.deliver();
        snapshot = topology.current();
        List<ConnectPoint> edgePorts = new ArrayList<>();
        int half = k / 2;
        int hostPorts = (ports + k * half - 1) / (k * half);
        for (int pod = 0; pod < k; pod++) {
            for (int e = 0; e < half; e++) {
                for (int p = 0; p < hostPorts; p++) {
                    edgePorts.add(ConnectPoint.of(DeviceId.of(0x300 + 16L * pod + e), PortNumber.of(1000 + p)));
                }
            }
        }
        java.util.Collections.shuffle(edgePorts, new Random(7));
        List<Vpc> vpcList = new ArrayList<>();
        for (int v = 0; v < vpcs; v++) {
            TenantFixture t = new TenantFixture(intents, "t" + v);
            Vpc vpc = t.vpc();
            t.subnet(vpc.id(), "10.0.0.0/16");
            vpcList.add(vpc);
        }
        for (int i = 0; i < ports; i++) {
            Vpc v = vpcList.get(i % vpcs);
            intents.create(Actor.ADMIN, new PortCreate(v.tenantId(), v.id(),
                    PortUpdate.NONE.withBinding(TenantFixture.binding(edgePorts.get(i)))));
        }
        long t1 = System.nanoTime();
        // The pure compile's inputs, as the data plane indexes them (ports bound where they are).
        Map<UUID, Vpc> byId = new HashMap<>();
        vpcList.forEach(v -> byId.put(v.id(), v));
        index = new PlacedIndex();
        answered = new HashMap<>();
        for (Resource r : intents.store().all(ResourceType.SUBNET)) {
            Subnet s = (Subnet) r;
            answered.computeIfAbsent(s.vpcId(), x -> new ArrayList<>()).add(IpAddresses.ip4(s.gatewayIp()));
        }
        for (Resource r : intents.store().all(ResourceType.PORT)) {
            io.skylane.vpc.model.Port p = (io.skylane.vpc.model.Port) r;
            index.put(new io.skylane.vpc.pipeline.PlacedPort(p, ConnectPoint.of(p.binding().dpid(),
                    p.binding().port())), byId.get(p.vpcId()));
        }
        acl = Acl.from(intents.store().all(ResourceType.SECURITY_GROUP_RULE), intents.store().all(ResourceType.PORT));
        Map<DeviceId, SwitchRules> once = compileParts();
        long rules = 0;
        for (SwitchRules s : once.values()) {
            rules += s.base().size();
            for (io.skylane.vpc.pipeline.SegmentRules l : s.bySegment().values()) {
                rules += l.size();
            }
        }
        if (rules == 0) {
            throw new IllegalStateException("nothing compiled");
        }
        System.out.printf("%n%d tenants, %d ports on a fat-tree k=%d (%d switches): intent set-up %d s; %d rules; "
                + "compileParts on %d threads%n", vpcs, ports, k, snapshot.devices().size(),
                (t1 - t0) / 1_000_000_000, rules, pool.threads());
        printAclRules(once);
        once = null;
        for (int r = 0; r < heapRounds; r++) {
            long without = usedAfterGc();
            Map<DeviceId, SwitchRules> held = compileParts();
            long with = usedAfterGc();
            System.out.printf("heap held by the compiled rules (round %d): %.1f MB, %.0f bytes per port, "
                    + "%.0f bytes per rule (%d switches)%n", r + 1, (with - without) / 1e6,
                    (with - without) / (double) ports, (with - without) / (double) rules, held.size());
        }
    }

    /**
     * The security groups' allow rules (tables 3 and 8 at the allow priority: expanded rules, or the
     * conjunctions' clauses and own rules): in all, per port, and on the switch holding the most.
     */
    private void printAclRules(Map<DeviceId, SwitchRules> compiled) {
        long all = 0;
        long most = 0;
        long conjunctive = 0;
        for (SwitchRules s : compiled.values()) {
            long here = 0;
            for (io.skylane.vpc.pipeline.SegmentRules l : s.bySegment().values()) {
                for (FlowRule r : l.all()) {
                    if ((r.tableId() == Pipeline.ACL_OUT_CT || r.tableId() == Pipeline.ACL_IN_CT)
                            && r.priority() == Pipeline.PRIO_ACL_ALLOW) {
                        here++;
                        if (r.match().get(Criterion.Type.CONJ_ID).isPresent()
                                || r.applyActions().stream().anyMatch(a -> a instanceof Action.Conjunction)) {
                            conjunctive++;
                        }
                    }
                }
            }
            all += here;
            most = Math.max(most, here);
        }
        System.out.printf("security group allow rules: %d (%d of them conjunctions' clauses and rules), %.1f per "
                + "port, %d on the switch with most%n", all, conjunctive, all / (double) ports, most);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (started) {
            dataPlane.stop();
        }
        discovery.stop();
        topology.stop();
        pool.close();
    }

    /** A new data plane (the last one stopped): its first recompute compiles everything. */
    @Setup(Level.Invocation)
    public void newDataPlane() {
        if (started) {
            dataPlane.stop();
            started = false;
        }
        queued.clear();
        dataPlane = new TenantDataPlane(intents.store(), topology, core.devices(), new Unconfirmed(), core.packets(),
                new PortClaims(), queued::add, statuses -> { });
    }

    @Benchmark
    public List<FlowRule> firstRecompute() {
        dataPlane.start();
        started = true;
        Runnable r;
        while ((r = queued.poll()) != null) {
            r.run();
        }
        List<FlowRule> some = dataPlane.desired(DeviceId.of(0x300));
        if (some.isEmpty()) {
            throw new IllegalStateException("no tenant rule on the first edge switch");
        }
        return some;
    }

    @Benchmark
    public Map<DeviceId, SwitchRules> compileParts() {
        VpcCompiler compiler = new VpcCompiler(snapshot, new FabricTransport(snapshot,
                PathComputer.of(snapshot, LinkWeigher.HOP_COUNT)), pool);
        return compiler.compileParts(index, acl, v -> answered.getOrDefault(v, List.of()), snapshot.devices(), null,
                d -> null);
    }

    /** Takes every rule set and never confirms one: the flow rule service's work is not the compile's. */
    private static final class Unconfirmed extends FlowRuleServiceAdapter {
        @Override
        public CompletableFuture<FlowApplyResult> setDesired(AppId app, DeviceId device, Collection<FlowRule> rules,
                                                             Collection<GroupDescription> groups) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<FlowApplyResult> apply(AppId app, Collection<FlowRule> add,
                                                        Collection<FlowRule> remove) {
            return new CompletableFuture<>();
        }
    }
}
