package io.skylane.topology.bench;

import com.google.common.collect.ImmutableSet;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import io.skylane.topology.Link;
import io.skylane.topology.LinkSource;
import io.skylane.topology.discovery.LinkDiscovery;
import io.skylane.topology.impl.TopologyManager;
import io.skylane.topology.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two costs of discovering the k=32 fat-tree (1,280 switches of 32 ports, 32,768 directed links),
 * against the real core managers with fake switches (issue #15):
 *
 * <ul>
 * <li>{@code probeRound}: one periodic round, every one of the 40,960 ports probed (signed LLDP
 *     frames built and handed to the packet service, which hands them to the fake switches);
 * <li>{@code publishOneLinkMore}: the topology manager's publication after one link more, the
 *     32,768 others already there: the snapshot rebuilt and the difference to the last one.
 * </ul>
 *
 * Only public API, so that the same file runs against an older commit for a before/after.
 * Run: {@code lab/jmh.sh topology -- DiscoveryBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class DiscoveryBenchmark {

    private static final int K = 32;
    private static final int SWITCHES = 5 * K * K / 4;

    private TestCore core;
    private ManualScheduler scheduler;
    private LinkDiscovery discovery;
    private final List<FakeSwitchHandle> handles = new ArrayList<>();
    private TopologyManager topology;
    private MutableLinks links;
    private Link extra;
    private boolean extraIn;

    /** A link source whose links the benchmark sets, telling the manager at once. */
    private static final class MutableLinks implements LinkSource {
        private volatile Set<Link> links = Set.of();
        private final List<Runnable> listeners = new ArrayList<>();

        void set(Set<Link> now) {
            links = ImmutableSet.copyOf(now);
            listeners.forEach(Runnable::run);
        }

        @Override
        public Set<Link> links() {
            return links;
        }

        @Override
        public void addChangeListener(Runnable listener) {
            listeners.add(listener);
        }

        @Override
        public void removeChangeListener(Runnable listener) {
            listeners.remove(listener);
        }
    }

    private static ConnectPoint cp(int index, int port) {
        return ConnectPoint.of(DeviceId.of(0x100000L + index), PortNumber.of(port));
    }

    @Setup
    public void setUp() {
        core = new TestCore();
        scheduler = new ManualScheduler();
        for (int i = 0; i < SWITCHES; i++) {
            handles.add(core.connect(FakeSwitchHandle.of13(0x100000L + i), TestCore.ports(K)));
        }
        discovery = new LinkDiscovery(core.devices(), core.packets(), core.flows(), core.clock(), scheduler,
                LinkDiscovery.Config.defaults());
        discovery.start();
        scheduler.runPeriodic(); // the first round starts
        handles.forEach(FakeSwitchHandle::clearRecords);

        // the fabric's 32,768 links as a cabling of the same 40,960 ports: port p of switch i (of
        // the first half) to port p of switch i + half, both ways; and one link more to toggle
        Set<Link> all = new HashSet<>();
        int half = SWITCHES / 2;
        for (int i = 0; i < half && all.size() < K * K * K; i++) {
            for (int p = 1; p <= K && all.size() < K * K * K; p++) {
                Link l = Link.of(cp(i, p), cp(i + half, p));
                all.add(l);
                all.add(l.reverse());
            }
        }
        links = new MutableLinks();
        topology = new TopologyManager(core.devices(), links, core.events(), core.clock(), Runnable::run);
        topology.start();
        links.set(all);
        extra = Link.of(cp(SWITCHES - 1, K), cp(SWITCHES - 2, K));
    }

    @TearDown
    public void tearDown() {
        topology.stop();
        discovery.stop();
    }

    @Benchmark
    public int probeRound() {
        core.clock().advance(Duration.ofSeconds(1));
        scheduler.runPeriodic();
        int sent = 0;
        for (FakeSwitchHandle h : handles) {
            sent += h.packetOuts().size();
            h.clearRecords();
        }
        return sent;
    }

    @Benchmark
    public long publishOneLinkMore() {
        Set<Link> now = new HashSet<>(links.links());
        if (extraIn) {
            now.remove(extra);
        } else {
            now.add(extra);
        }
        extraIn = !extraIn;
        links.set(now);
        return topology.current().version();
    }
}
