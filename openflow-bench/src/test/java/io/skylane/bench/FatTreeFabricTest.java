package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The emulated fat-tree has the topology module's layout (Topologies.fatTree): dpids, ports, cables. */
class FatTreeFabricTest {

    @Test
    void sizesOfTheAlFaresFatTree() {
        for (int k : new int[] {2, 4, 8, 16, 32}) {
            FatTreeFabric f = new FatTreeFabric(k, 0);
            assertEquals(5 * k * k / 4, f.switches());
            assertEquals(k, f.ports());
            assertEquals(k * k * k / 2, f.cables());
            assertEquals(k * k * k, f.links().size(), "both directions of every cable, each once");
        }
    }

    @Test
    void dpidsAreTheTopologyModulesAndDistinct() {
        FatTreeFabric f = new FatTreeFabric(4, 0);
        assertEquals(0x100000L, f.dpid(f.edgeIndex(0, 0)));
        assertEquals(0x100301L, f.dpid(f.edgeIndex(3, 1)));
        assertEquals(0x200000L, f.dpid(f.aggIndex(0, 0)));
        assertEquals(0x200201L, f.dpid(f.aggIndex(2, 1)));
        assertEquals(0x300000L, f.dpid(f.coreIndex(0)));
        assertEquals(0x300003L, f.dpid(f.coreIndex(3)));
        assertEquals(0x300003L + 0x1000000L, new FatTreeFabric(4, 0x1000000L).dpid(f.coreIndex(3)));
        Set<Long> seen = new HashSet<>();
        FatTreeFabric big = new FatTreeFabric(32, 0);
        for (int i = 0; i < big.switches(); i++) {
            assertTrue(seen.add(big.dpid(i)));
            assertEquals(big.dpid(i), FatTreeFabric.dpid(32, i));
        }
    }

    @Test
    void portsAreCabledAsTheTopologyModulesGenerator() {
        int k = 8;
        int half = k / 2;
        FatTreeFabric f = new FatTreeFabric(k, 0);
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) {
                for (int host = 1; host <= half; host++) {
                    assertEquals(Optional.empty(), f.peer(f.edgeIndex(p, e), host), "host ports lead nowhere");
                }
                for (int a = 0; a < half; a++) {
                    assertEquals(Optional.of(new FatTreeFabric.End(f.aggIndex(p, a), e + 1)),
                            f.peer(f.edgeIndex(p, e), half + 1 + a));
                }
            }
            for (int a = 0; a < half; a++) {
                for (int i = 0; i < half; i++) {
                    assertEquals(Optional.of(new FatTreeFabric.End(f.coreIndex(a * half + i), p + 1)),
                            f.peer(f.aggIndex(p, a), half + 1 + i));
                }
            }
        }
    }

    @Test
    void everyCableHasTwoEnds() {
        FatTreeFabric f = new FatTreeFabric(6, 0);
        int wired = 0;
        for (int i = 0; i < f.switches(); i++) {
            for (int port = 1; port <= f.ports(); port++) {
                Optional<FatTreeFabric.End> peer = f.peer(i, port);
                if (peer.isPresent()) {
                    wired++;
                    assertEquals(Optional.of(new FatTreeFabric.End(i, port)),
                            f.peer(peer.get().index(), peer.get().port()));
                }
            }
        }
        assertEquals(2 * f.cables(), wired);
        assertTrue(f.links().contains(f.link(f.edgeIndex(0, 0), 4, f.aggIndex(0, 0), 1)));
        assertEquals("0000000000100000/4>0000000000200000/1", f.link(f.edgeIndex(0, 0), 4, f.aggIndex(0, 0), 1));
    }

    @Test
    void refusesOddOrHugeK() {
        assertThrows(IllegalArgumentException.class, () -> new FatTreeFabric(5, 0));
        assertThrows(IllegalArgumentException.class, () -> new FatTreeFabric(66, 0));
        assertThrows(IllegalArgumentException.class, () -> new FatTreeFabric(4, 0).peer(0, 5));
    }
}
