package io.skylane.northbound;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import io.skylane.topology.TopologySnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds topology snapshots for the API tests: switches by dpid, cables and one-way links between
 * given ports, spare (host) ports, and two generators, a k-ary fat-tree and a ring.
 */
final class TestFabric {

    private final Map<DeviceId, TreeSet<PortNumber>> ports = new TreeMap<>();
    private final List<Link> links = new ArrayList<>();

    static DeviceId dev(long dpid) {
        return DeviceId.of(dpid);
    }

    static ConnectPoint cp(long dpid, long port) {
        return ConnectPoint.of(dev(dpid), PortNumber.of(port));
    }

    TestFabric device(long dpid) {
        ports.computeIfAbsent(dev(dpid), d -> new TreeSet<>());
        return this;
    }

    /** A cable: the link a -> b and its reverse. */
    TestFabric cable(long a, long portA, long b, long portB) {
        link(a, portA, b, portB);
        return link(b, portB, a, portA);
    }

    /** A link seen one way only. */
    TestFabric link(long a, long portA, long b, long portB) {
        hostPort(a, portA).hostPort(b, portB);
        links.add(Link.of(cp(a, portA), cp(b, portB)));
        return this;
    }

    /** An enabled port; without a link it is an edge port. */
    TestFabric hostPort(long dpid, long port) {
        device(dpid);
        ports.get(dev(dpid)).add(PortNumber.of(port));
        return this;
    }

    TopologySnapshot build(long version, Instant time) {
        return new TopologySnapshot(version, time, ports, links);
    }

    // ---- fat-tree ---------------------------------------------------------------------------

    /** Edge switch e of pod p: {@code 0x100 + p * 0x10 + e}. */
    static long edge(int pod, int e) {
        return 0x100 + pod * 0x10L + e;
    }

    /** Aggregation switch a of pod p: {@code 0x200 + p * 0x10 + a}. */
    static long agg(int pod, int a) {
        return 0x200 + pod * 0x10L + a;
    }

    /** Core switch c: {@code 0x300 + c}. */
    static long core(int c) {
        return 0x300L + c;
    }

    /**
     * A k-ary fat-tree (Al-Fares et al.): k pods of k/2 edge and k/2 aggregation switches,
     * (k/2)^2 core switches. Edge switch: ports 1..k/2 hosts, port k/2+1+a up to aggregation a.
     * Aggregation a: port e+1 down to edge e, port k/2+1+i up to core a*k/2+i. Core: port p+1
     * down to pod p.
     */
    TestFabric fatTree(int k) {
        int half = k / 2;
        for (int p = 0; p < k; p++) {
            for (int e = 0; e < half; e++) {
                for (int h = 1; h <= half; h++) {
                    hostPort(edge(p, e), h);
                }
                for (int a = 0; a < half; a++) {
                    cable(edge(p, e), half + 1 + a, agg(p, a), e + 1);
                }
            }
            for (int a = 0; a < half; a++) {
                for (int i = 0; i < half; i++) {
                    cable(agg(p, a), half + 1 + i, core(a * half + i), p + 1);
                }
            }
        }
        return this;
    }

    /**
     * A ring of n switches with dpids {@code first..first+n-1}: port 1 to the next, port 2 to the
     * previous, port 3 a host port.
     */
    TestFabric ring(long first, int n) {
        for (int i = 0; i < n; i++) {
            cable(first + i, 1, first + (i + 1) % n, 2);
            hostPort(first + i, 3);
        }
        return this;
    }
}
