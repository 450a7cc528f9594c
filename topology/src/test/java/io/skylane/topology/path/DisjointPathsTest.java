package io.skylane.topology.path;

import static io.skylane.topology.testing.TopologyBuilder.dev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.testing.Topologies;
import io.skylane.topology.testing.TopologyBuilder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Backups that share no cable with their primary. */
class DisjointPathsTest {

    private static List<DeviceId> devs(long... dpids) {
        return java.util.Arrays.stream(dpids).mapToObj(DeviceId::of).toList();
    }

    private static void assertCableDisjoint(Path a, Path b) {
        Set<Link> cables = new HashSet<>();
        a.links().forEach(l -> {
            cables.add(l);
            cables.add(l.reverse());
        });
        b.links().forEach(l -> assertTrue(!cables.contains(l), "shared cable " + l));
    }

    private static PathComputer hops(TopologySnapshot s) {
        return PathComputer.of(s, LinkWeigher.HOP_COUNT);
    }

    @Test
    void ringBackupGoesTheOtherWayRound() {
        PathComputer pc = hops(Topologies.ring(6));
        DisjointPaths<Path> d = pc.disjointBackup(dev(1), dev(3)).orElseThrow();
        assertEquals(devs(1, 2, 3), d.primary().devices());
        assertEquals(pc.shortestPath(dev(1), dev(3)).orElseThrow(), d.primary());
        assertEquals(devs(1, 6, 5, 4, 3), d.backup().devices());
        assertEquals(4, d.backup().cost());
        assertCableDisjoint(d.primary(), d.backup());

        DisjointPaths<Path> opposite = pc.disjointBackup(dev(4), dev(1)).orElseThrow();
        assertEquals(3, opposite.primary().hops());
        assertEquals(3, opposite.backup().hops());
        assertCableDisjoint(opposite.primary(), opposite.backup());
    }

    @Test
    void lineHasNoBackup() {
        PathComputer pc = hops(Topologies.linear(5));
        assertTrue(pc.disjointBackup(dev(1), dev(5)).isEmpty());
        assertTrue(pc.disjointBackup(dev(2), dev(3)).isEmpty());
        assertTrue(pc.disjointBackup(dev(2), dev(2)).isEmpty(), "a switch to itself needs none");
        assertTrue(pc.disjointBackup(dev(2), dev(77)).isEmpty());
    }

    @Test
    void parallelCableIsTheBackup() {
        TopologyBuilder b = new TopologyBuilder();
        Link first = b.cable(1, 2);
        Link second = b.cable(1, 2);
        DisjointPaths<Path> d = hops(b.build()).disjointBackup(dev(1), dev(2)).orElseThrow();
        assertEquals(List.of(first), d.primary().links());
        assertEquals(List.of(second), d.backup().links());
    }

    @Test
    void trapTopologyFallsBackToTheDisjointPair() {
        // shortest 1-2-3-4 cuts both 1-5-6-3-4 and 1-2-7-8-4, which are disjoint from each other
        TopologyBuilder b = new TopologyBuilder();
        b.cable(1, 2);
        b.cable(2, 3);
        b.cable(3, 4);
        b.cable(1, 5);
        b.cable(5, 6);
        b.cable(6, 3);
        b.cable(2, 7);
        b.cable(7, 8);
        b.cable(8, 4);
        PathComputer pc = hops(b.build());
        assertEquals(devs(1, 2, 3, 4), pc.shortestPath(dev(1), dev(4)).orElseThrow().devices());
        DisjointPaths<Path> d = pc.disjointBackup(dev(1), dev(4)).orElseThrow();
        assertEquals(Set.of(devs(1, 5, 6, 3, 4), devs(1, 2, 7, 8, 4)),
                Set.of(d.primary().devices(), d.backup().devices()));
        assertEquals(4, d.primary().cost());
        assertEquals(4, d.backup().cost());
        assertCableDisjoint(d.primary(), d.backup());
    }

    @Test
    void fatTreeBackupsAvoidThePrimarysCables() {
        Topologies.FatTree ft = Topologies.fatTree(4);
        PathComputer pc = hops(ft.snapshot());
        DisjointPaths<Path> d = pc.disjointBackup(ft.edge(0, 0), ft.edge(3, 1)).orElseThrow();
        assertEquals(4, d.primary().hops());
        assertEquals(4, d.backup().hops(), "another equal-cost path survives");
        assertCableDisjoint(d.primary(), d.backup());
    }

    @Test
    void weightedBackupIsTheLightestDisjointPath() {
        TopologySnapshot mesh = Topologies.fullMesh(4);
        DisjointPaths<Path> d = PathComputer.of(mesh, LinkWeigher.of(java.util.Map.of(), 2))
                .disjointBackup(dev(1), dev(4)).orElseThrow();
        assertEquals(devs(1, 4), d.primary().devices());
        assertEquals(2, d.primary().cost());
        assertEquals(3, d.backup().devices().size());
        assertEquals(4, d.backup().cost());
    }
}
