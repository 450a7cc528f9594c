package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The incremental recompute ({@link NextHopUpdate}, through {@link PathComputer#of} after
 * {@link TopologySnapshot#replaces}) pinned to the simple truth: after every change, every table
 * equals the one a fresh computer computes.
 */
class NextHopUpdateTest {

    private int shared;

    @Test
    void updatedTablesAlwaysAgreeWithAFullCompute() {
        Random r = new Random(15);
        for (int round = 0; round < 48; round++) {
            Network net = switch (round % 4) {
                case 0 -> new Network(Topologies.fatTree(4 + 2 * r.nextInt(2)).snapshot());
                case 1 -> new Network(Topologies.ring(3 + r.nextInt(8)));
                case 2 -> new Network(Topologies.grid(2 + r.nextInt(3), 2 + r.nextInt(4)));
                default -> new Network(TopologyBuilder.randomMultigraph(r, 4 + r.nextInt(20), 4 + r.nextInt(40),
                        r.nextInt(4)));
            };
            Function<Link, Double> kind = weights(round / 4 % 5, r);
            Map<ConnectPoint, Long> speeds = new ConcurrentHashMap<>();
            LinkWeigher weigher = kind == null
                    ? LinkWeigher.bySpeed(cp -> speeds.getOrDefault(cp, 0L), 100_000_000L)
                    : round / 4 % 5 == 0 ? LinkWeigher.HOP_COUNT : LinkWeigher.of(weightsOf(net, kind), 1);
            TopologySnapshot prev = net.snapshot(0);
            computeSome(PathComputer.of(prev, weigher), prev, r);
            for (int step = 1; step <= 25; step++) {
                int changes = r.nextInt(5) == 0 ? 2 + r.nextInt(3) : 1;
                for (int c = 0; c < changes; c++) {
                    net.change(r, speeds);
                }
                TopologySnapshot next = net.snapshot(step);
                next.replaces(prev);
                PathComputer before = PathComputer.of(prev, weigher);
                PathComputer updated = PathComputer.of(next, weigher);
                PathComputer full = new PathComputer(next, weigher);
                for (DeviceId d : next.devices()) {
                    NextHops got = updated.forwardingTo(d);
                    NextHops want = full.forwardingTo(d);
                    String where = "round " + round + ", step " + step + ", towards " + d + " on " + next;
                    assertEquals(want.entries(), got.entries(), where);
                    assertTrue(Arrays.equals(want.costs(), got.costs()), where);
                    if (got.costs() == before.forwardingTo(d).costs()) {
                        shared++;
                    }
                }
                computeSome(updated, next, r);
                prev = next;
            }
        }
        assertTrue(shared > 1000, "the update kept the distances of most destinations: " + shared);
    }

    @Test
    void onlyTheDestinationsWhoseDistancesChangeAreRecomputed() {
        Topologies.FatTree ft = Topologies.fatTree(8);
        Network net = new Network(ft.snapshot());
        TopologySnapshot prev = net.snapshot(0);
        PathComputer before = PathComputer.of(prev, LinkWeigher.HOP_COUNT);
        prev.devices().forEach(before::forwardingTo);
        Link up = prev.linkFrom(ConnectPoint.of(ft.agg(0, 0), PortNumber.of(5))).orElseThrow();
        net.links.remove(up);
        net.links.remove(up.reverse());
        TopologySnapshot next = net.snapshot(1);
        next.replaces(prev);

        PathComputer updated = PathComputer.of(next, LinkWeigher.HOP_COUNT);
        PathComputer full = new PathComputer(next, LinkWeigher.HOP_COUNT);
        Set<DeviceId> recomputed = new TreeSet<>();
        Set<DeviceId> changed = new TreeSet<>();
        for (DeviceId d : next.devices()) {
            assertEquals(full.forwardingTo(d).entries(), updated.forwardingTo(d).entries());
            if (updated.forwardingTo(d).costs() != before.forwardingTo(d).costs()) {
                recomputed.add(d);
            }
            if (!Arrays.equals(before.forwardingTo(d).costs(), full.forwardingTo(d).costs())) {
                changed.add(d);
            }
        }
        // the core and pod 0 lose their shortest paths to each other; no other destination changes
        assertEquals(changed, recomputed);
        Set<DeviceId> pod0 = new TreeSet<>(List.of(ft.core(0)));
        for (int i = 0; i < 4; i++) {
            pod0.add(ft.agg(0, i));
            pod0.add(ft.edge(0, i));
        }
        assertEquals(pod0, changed);
    }

    @Test
    void aSnapshotNobodyAskedHandsOnItsInheritance() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        Network net = new Network(ft.snapshot());
        TopologySnapshot a = net.snapshot(0);
        PathComputer pa = PathComputer.of(a, LinkWeigher.HOP_COUNT);
        a.devices().forEach(pa::forwardingTo);
        net.links.remove(net.links.first());
        TopologySnapshot b = net.snapshot(1);
        b.replaces(a);
        net.links.remove(net.links.last());
        TopologySnapshot c = net.snapshot(2);
        c.replaces(b);

        // nobody asked b for paths: c updates a's tables, b has nothing left and computes anew
        PathComputer pc = PathComputer.of(c, LinkWeigher.HOP_COUNT);
        PathComputer pb = PathComputer.of(b, LinkWeigher.HOP_COUNT);
        int fromA = 0;
        for (DeviceId d : c.devices()) {
            assertEquals(new PathComputer(c, LinkWeigher.HOP_COUNT).forwardingTo(d).entries(),
                    pc.forwardingTo(d).entries());
            fromA += pc.forwardingTo(d).costs() == pa.forwardingTo(d).costs() ? 1 : 0;
            assertNotSame(pa.forwardingTo(d).costs(), pb.forwardingTo(d).costs());
        }
        assertTrue(fromA > c.devices().size() / 2, "most of a's tables still hold: " + fromA);
    }

    @Test
    void anUpdateCopiesOnlyThePagesOfNextHopsItChanges() {
        Network net = new Network(Topologies.fatTree(16).snapshot()); // 320 switches: 5 pages of words
        TopologySnapshot a = net.snapshot(0);
        PathComputer pa = PathComputer.of(a, LinkWeigher.HOP_COUNT);
        a.devices().forEach(pa::forwardingTo);
        Link cable = net.links.first();
        net.links.remove(cable);
        net.links.remove(cable.reverse());
        TopologySnapshot b = net.snapshot(1);
        b.replaces(a);
        PathComputer pb = PathComputer.of(b, LinkWeigher.HOP_COUNT);

        int changed = 0;
        int pages = 0;
        for (DeviceId d : b.devices()) {
            HopWords before = pa.forwardingTo(d).hopWords();
            HopWords after = pb.forwardingTo(d).hopWords();
            assertEquals(new PathComputer(b, LinkWeigher.HOP_COUNT).forwardingTo(d).entries(),
                    pb.forwardingTo(d).entries());
            pages = after.pageCount();
            int copied = 0;
            for (int p = 0; p < pages; p++) {
                boolean differs = false;
                for (int w = p * HopWords.PAGE; w < Math.min((p + 1) * HopWords.PAGE, a.devices().size()); w++) {
                    differs |= before.word(w) != after.word(w);
                }
                assertEquals(differs, !after.sharesPage(before, p), d + ": page " + p + " copied if and only if it differs");
                copied += differs ? 1 : 0;
            }
            assertTrue(copied < pages, d + ": some pages shared");
            changed += copied > 0 ? 1 : 0;
        }
        assertEquals(5, pages);
        assertTrue(changed > b.devices().size() / 2, "the cable's ends change most tables: " + changed);
    }

    private static void computeSome(PathComputer pc, TopologySnapshot s, Random r) {
        boolean all = r.nextInt(4) != 0;
        for (DeviceId d : s.devices()) {
            if (all || r.nextBoolean()) {
                pc.forwardingTo(d);
            }
        }
    }

    /** Hop count, small integers, multiples of 1/4, inexact decimals (no update: full compute), speeds. */
    private static Function<Link, Double> weights(int kind, Random r) {
        Map<Link, Double> memo = new HashMap<>();
        return switch (kind) {
            case 0 -> l -> 1.0;
            case 1 -> l -> memo.computeIfAbsent(l, x -> (double) (1 + r.nextInt(3)));
            case 2 -> l -> memo.computeIfAbsent(l, x -> 0.25 * (1 + r.nextInt(8)));
            case 3 -> l -> memo.computeIfAbsent(l, x -> 0.1 * (1 + r.nextInt(5)));
            default -> null;
        };
    }

    private static Map<Link, Double> weightsOf(Network net, Function<Link, Double> kind) {
        Map<Link, Double> w = new HashMap<>();
        net.universe.forEach(l -> w.put(l, kind.apply(l)));
        return w;
    }

    /**
     * A network that changes: links come and go (one way, a cable, a port with its links), and
     * port speeds change (for the speed weigher). The switches stay. Links come from a fixed
     * universe: the initial ones plus spare cables, so that weights by link are known up front.
     */
    private static final class Network {
        final Map<DeviceId, TreeSet<PortNumber>> ports = new TreeMap<>();
        final TreeSet<Link> universe = new TreeSet<>();
        final TreeSet<Link> links = new TreeSet<>();

        Network(TopologySnapshot s) {
            s.devices().forEach(d -> ports.put(d, new TreeSet<>(s.edgePorts(d))));
            s.links().forEach(l -> {
                ports.get(l.srcDevice()).add(l.src().port());
                ports.get(l.dstDevice()).add(l.dst().port());
            });
            links.addAll(s.links());
            universe.addAll(s.links());
            List<DeviceId> devices = new ArrayList<>(s.devices());
            Random r = new Random(devices.size());
            for (int i = 0; i < 4 && devices.size() > 1; i++) {
                DeviceId a = devices.get(r.nextInt(devices.size()));
                DeviceId b = devices.get(r.nextInt(devices.size()));
                if (!a.equals(b)) {
                    Link spare = Link.of(ConnectPoint.of(a, PortNumber.of(500 + i)), ConnectPoint.of(b, PortNumber.of(500 + i)));
                    universe.add(spare);
                    universe.add(spare.reverse());
                }
            }
        }

        TopologySnapshot snapshot(long version) {
            return new TopologySnapshot(version, Instant.EPOCH, ports, links);
        }

        void change(Random r, Map<ConnectPoint, Long> speeds) {
            List<Link> present = new ArrayList<>(links);
            List<Link> absent = new ArrayList<>(universe);
            absent.removeAll(links);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (!present.isEmpty()) {
                        links.remove(present.get(r.nextInt(present.size())));
                    }
                }
                case 1, 2 -> {
                    if (!present.isEmpty()) {
                        Link l = present.get(r.nextInt(present.size()));
                        links.remove(l);
                        links.remove(l.reverse());
                    }
                }
                case 3 -> {
                    // a port goes down: its links go both ways
                    if (!present.isEmpty()) {
                        ConnectPoint port = present.get(r.nextInt(present.size())).src();
                        links.removeIf(l -> l.src().equals(port) || l.dst().equals(port));
                    }
                }
                case 4 -> {
                    if (!absent.isEmpty()) {
                        Link l = absent.get(r.nextInt(absent.size()));
                        addWithPorts(l);
                        if (universe.contains(l.reverse()) && r.nextInt(4) != 0) {
                            addWithPorts(l.reverse());
                        }
                    }
                }
                default -> {
                    if (!present.isEmpty()) {
                        ConnectPoint port = present.get(r.nextInt(present.size())).src();
                        speeds.put(port, new long[] {10_000_000L, 40_000_000L, 100_000_000L}[r.nextInt(3)]);
                    }
                }
            }
        }

        private void addWithPorts(Link l) {
            ports.get(l.srcDevice()).add(l.src().port());
            ports.get(l.dstDevice()).add(l.dst().port());
            links.add(l);
        }
    }
}
