package io.skylane.topology.testing;

import static com.google.common.base.Preconditions.checkArgument;

import io.skylane.core.net.DeviceId;
import io.skylane.topology.TopologySnapshot;

/**
 * Generated topologies with deterministic dpids and ports, for tests and benchmarks. Switches of
 * ring, line, grid and mesh have dpids 1..n; ports are numbered from 1 on each switch in the
 * order its cables are made (documented per generator), each switch gets one host port after its
 * cables unless said otherwise. {@link #addRing} and {@link #addFatTree} add to a
 * {@link TopologyBuilder}, to put several networks in one snapshot.
 */
public final class Topologies {

    private Topologies() {
    }

    /**
     * A ring 1-2-...-n-1. Switch i: port 1 to i+1 (n: to 1), port 2 to i-1 (1: to n), port 3 host.
     */
    public static TopologySnapshot ring(int n) {
        return addRing(new TopologyBuilder(), 1, n).build();
    }

    /**
     * Adds a ring of {@code n} switches with dpids {@code first..first+n-1}, ported as in
     * {@link #ring(int)}: port 1 to the next, port 2 to the previous, port 3 host.
     */
    public static TopologyBuilder addRing(TopologyBuilder b, long first, int n) {
        checkArgument(n >= 3, "a ring needs 3 switches");
        for (int i = 0; i < n; i++) {
            b.cable(first + i, 1, first + (i + 1) % n, 2);
        }
        for (int i = 0; i < n; i++) {
            b.hostPort(first + i, 3);
        }
        return b;
    }

    /** A line 1-2-...-n. Switch i: port 1 to i+1, port 2 to i-1 (unused at the ends), port 3 host. */
    public static TopologySnapshot linear(int n) {
        checkArgument(n >= 1, "a line needs a switch");
        TopologyBuilder b = new TopologyBuilder();
        b.device(1);
        for (int i = 1; i < n; i++) {
            b.cable(i, 1, i + 1, 2);
        }
        for (int i = 1; i <= n; i++) {
            b.hostPort(i, 3);
        }
        return b.build();
    }

    /**
     * A rows x cols grid; switch (r, c) (from 0) has dpid {@code r * cols + c + 1}. Ports: 1 east,
     * 2 west, 3 south, 4 north (a side without neighbour leaves its number unused), 5 host.
     */
    public static TopologySnapshot grid(int rows, int cols) {
        checkArgument(rows >= 1 && cols >= 1, "a grid needs a switch");
        TopologyBuilder b = new TopologyBuilder();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long id = gridId(cols, r, c);
                b.device(id);
                if (c + 1 < cols) {
                    b.cable(id, 1, gridId(cols, r, c + 1), 2);
                }
                if (r + 1 < rows) {
                    b.cable(id, 3, gridId(cols, r + 1, c), 4);
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                b.hostPort(gridId(cols, r, c), 5);
            }
        }
        return b.build();
    }

    /** The dpid of grid switch (r, c). */
    public static long gridId(int cols, int r, int c) {
        return (long) r * cols + c + 1;
    }

    /** A full mesh of n switches: switch i reaches switch j by port j. No host ports. */
    public static TopologySnapshot fullMesh(int n) {
        checkArgument(n >= 2, "a mesh needs 2 switches");
        TopologyBuilder b = new TopologyBuilder();
        for (int i = 1; i <= n; i++) {
            for (int j = i + 1; j <= n; j++) {
                b.cable(i, j, j, i);
            }
        }
        return b.build();
    }

    /**
     * A k-ary fat-tree as in Al-Fares et al. (SIGCOMM 2008): k pods of k/2 edge and k/2
     * aggregation switches, (k/2)^2 core switches, k/2 hosts per edge switch.
     *
     * <ul>
     * <li>edge switch e of pod p: ports 1..k/2 hosts, port k/2+1+a up to aggregation switch a;
     * <li>aggregation switch a of pod p: port e+1 down to edge switch e, port k/2+1+i up to core
     *     switch a*(k/2)+i;
     * <li>core switch c: port p+1 down to pod p (to its aggregation switch c/(k/2)).
     * </ul>
     */
    public static FatTree fatTree(int k) {
        return new FatTree(k, addFatTree(new TopologyBuilder(), k).build());
    }

    /** Adds the switches and cables of {@link #fatTree(int)}, named as {@link FatTree} says. */
    public static TopologyBuilder addFatTree(TopologyBuilder b, int k) {
        checkArgument(k >= 2 && k % 2 == 0, "k must be even");
        int half = k / 2;
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) {
                b.hostPorts(FatTree.edgeId(p, e), half);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) {
                for (int a = 0; a < half; a++) {
                    b.cable(FatTree.edgeId(p, e), half + 1 + a, FatTree.aggId(p, a), e + 1);
                }
            }
            for (int a = 0; a < half; a++) {
                for (int i = 0; i < half; i++) {
                    b.cable(FatTree.aggId(p, a), half + 1 + i, FatTree.coreId(a * half + i), p + 1);
                }
            }
        }
        return b;
    }

    /**
     * A generated fat-tree and the names of its switches. Dpids: edge {@code 0x100000 + pod * 0x100
     * + index}, aggregation {@code 0x200000 + pod * 0x100 + index}, core {@code 0x300000 + index}:
     * they sort edge < aggregation < core, by pod.
     */
    public record FatTree(int k, TopologySnapshot snapshot) {

        public static long edgeId(int pod, int e) {
            return 0x1_000_00L + ((long) pod << 8) + e;
        }

        public static long aggId(int pod, int a) {
            return 0x2_000_00L + ((long) pod << 8) + a;
        }

        public static long coreId(int c) {
            return 0x3_000_00L + c;
        }

        public DeviceId edge(int pod, int e) {
            return DeviceId.of(edgeId(pod, e));
        }

        public DeviceId agg(int pod, int a) {
            return DeviceId.of(aggId(pod, a));
        }

        public DeviceId core(int c) {
            return DeviceId.of(coreId(c));
        }

        public int half() {
            return k / 2;
        }

        public int switches() {
            return 5 * k * k / 4;
        }

        /** Cables: k^3/2 (k^3/4 edge-aggregation and as many aggregation-core). */
        public int cables() {
            return k * k * k / 2;
        }
    }
}
