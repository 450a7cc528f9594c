package io.skylane.bench;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A generated k-ary fat-tree (Al-Fares et al., SIGCOMM 2008) as emulated switches: which switch
 * index has which datapath id, and which port of which switch each port is cabled to. The layout
 * (dpids and port numbers) is the one of the topology module's generator
 * ({@code io.skylane.topology.testing.Topologies.fatTree}, used by {@code PathBenchmark}), so that
 * figures from both can be read side by side; it is repeated here because the load generator does
 * not depend on the topology module.
 *
 * <ul>
 * <li>k pods of k/2 edge and k/2 aggregation switches, (k/2)^2 core switches: 5k^2/4 switches of k
 *     ports each, k^3/2 cables;
 * <li>edge switch e of pod p (dpid {@code 0x100000 + p * 0x100 + e}): ports 1..k/2 hosts (not
 *     cabled), port k/2+1+a up to aggregation switch a;
 * <li>aggregation switch a of pod p (dpid {@code 0x200000 + p * 0x100 + a}): port e+1 down to edge
 *     switch e, port k/2+1+i up to core switch a*(k/2)+i;
 * <li>core switch c (dpid {@code 0x300000 + c}): port p+1 down to pod p (its aggregation switch c/(k/2)).
 * </ul>
 *
 * <p>Switch indexes (the fleet's order): the edge switches pod by pod, then the aggregation
 * switches pod by pod, then the core switches. Immutable.
 */
final class FatTreeFabric {

    /** One end of a cable: a switch (by index) and its port. */
    record End(int index, int port) {
    }

    private final int k;
    private final int half;
    private final long dpidOffset;
    /** Peer of (index, port) at {@code index * k + port - 1}: the peer's index * k + port - 1, or -1. */
    private final int[] peer;

    /**
     * @param k          even, 2..64 (the largest has 5 120 switches)
     * @param dpidOffset added to every dpid (0: exactly the topology module's)
     */
    FatTreeFabric(int k, long dpidOffset) {
        checkArgument(k >= 2 && k <= 64 && k % 2 == 0, "fat-tree k must be even, 2..64");
        checkArgument(dpidOffset >= 0, "dpid offset must not be negative");
        this.k = k;
        this.half = k / 2;
        this.dpidOffset = dpidOffset;
        this.peer = new int[switches() * k];
        Arrays.fill(peer, -1);
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) {
                for (int a = 0; a < half; a++) {
                    cable(edgeIndex(p, e), half + 1 + a, aggIndex(p, a), e + 1);
                }
            }
            for (int a = 0; a < half; a++) {
                for (int i = 0; i < half; i++) {
                    cable(aggIndex(p, a), half + 1 + i, coreIndex(a * half + i), p + 1);
                }
            }
        }
    }

    private void cable(int a, int portA, int b, int portB) {
        int x = slot(a, portA);
        int y = slot(b, portB);
        checkArgument(peer[x] < 0 && peer[y] < 0, "port cabled twice");
        peer[x] = y;
        peer[y] = x;
    }

    private int slot(int index, int port) {
        return index * k + port - 1;
    }

    int k() {
        return k;
    }

    /** 5k^2/4. */
    int switches() {
        return 5 * k * k / 4;
    }

    /** Ports per switch: k. */
    int ports() {
        return k;
    }

    /** k^3/2; the controller should find twice as many directed links. */
    int cables() {
        return k * k * k / 2;
    }

    int edgeIndex(int pod, int e) {
        return pod * half + e;
    }

    int aggIndex(int pod, int a) {
        return k * half + pod * half + a;
    }

    int coreIndex(int c) {
        return k * k + c;
    }

    /** The datapath id of switch {@code index}. */
    long dpid(int index) {
        return dpid(k, index) + dpidOffset;
    }

    /** The datapath id of switch {@code index} of the fat-tree with this k (no offset). */
    static long dpid(int k, int index) {
        int half = k / 2;
        checkElementIndex(index, 5 * k * k / 4, "switch index");
        if (index < k * half) {
            return 0x1_000_00L + ((long) (index / half) << 8) + index % half;
        } else if (index < k * k) {
            int i = index - k * half;
            return 0x2_000_00L + ((long) (i / half) << 8) + i % half;
        }
        return 0x3_000_00L + (index - k * k);
    }

    /** Where the cable at {@code port} (1..k) of switch {@code index} leads; empty for a host port. */
    Optional<End> peer(int index, int port) {
        checkElementIndex(index, switches(), "switch index");
        checkArgument(port >= 1 && port <= k, "port must be 1..k");
        int p = peer[slot(index, port)];
        return p < 0 ? Optional.empty() : Optional.of(new End(p / k, p % k + 1));
    }

    /**
     * Every directed link the controller should report, as {@code "srcDpid/port>dstDpid/port"} (dpids
     * in 16 hex digits): both directions of every cable.
     */
    Set<String> links() {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < switches(); i++) {
            for (int port = 1; port <= k; port++) {
                int p = peer[slot(i, port)];
                if (p >= 0) {
                    out.add(link(i, port, p / k, p % k + 1));
                }
            }
        }
        return out;
    }

    /** The text of one directed link, as {@link #links()} and {@link RestClient#links()} write it. */
    String link(int srcIndex, int srcPort, int dstIndex, int dstPort) {
        return String.format("%016x/%d>%016x/%d", dpid(srcIndex), srcPort, dpid(dstIndex), dstPort);
    }
}
