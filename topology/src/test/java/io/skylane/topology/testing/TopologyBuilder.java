package io.skylane.topology.testing;

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
 * Builds snapshots by hand for tests: switches by dpid, cables with ports numbered from 1 in the
 * order they are added on each switch (or given explicitly), links seen one way only, spare host
 * ports; {@link Topologies} adds whole generated networks.
 */
public final class TopologyBuilder {

    private final Map<DeviceId, TreeSet<PortNumber>> ports = new TreeMap<>();
    private final List<Link> links = new ArrayList<>();
    private long version = 1;
    private Instant time = Instant.EPOCH;

    public static DeviceId dev(long dpid) {
        return DeviceId.of(dpid);
    }

    public static ConnectPoint cp(long dpid, long port) {
        return ConnectPoint.of(DeviceId.of(dpid), PortNumber.of(port));
    }

    public TopologyBuilder device(long dpid) {
        ports.computeIfAbsent(dev(dpid), d -> new TreeSet<>());
        return this;
    }

    /** A cable between the next free ports of both switches; returns the link a -> b. */
    public Link cable(long a, long b) {
        return cable(a, nextPort(a), b, nextPort(b));
    }

    /** A cable between these ports; returns the link a -> b. */
    public Link cable(long a, long portA, long b, long portB) {
        Link l = link(a, portA, b, portB);
        links.add(l.reverse());
        return l;
    }

    /** A link seen one way only. */
    public Link link(long a, long portA, long b, long portB) {
        device(a).device(b);
        ports.get(dev(a)).add(PortNumber.of(portA));
        ports.get(dev(b)).add(PortNumber.of(portB));
        Link l = Link.of(cp(a, portA), cp(b, portB));
        links.add(l);
        return l;
    }

    /** {@code count} enabled ports without links (for hosts) on the next free numbers. */
    public TopologyBuilder hostPorts(long dpid, int count) {
        device(dpid);
        for (int i = 0; i < count; i++) {
            ports.get(dev(dpid)).add(PortNumber.of(nextPort(dpid)));
        }
        return this;
    }

    /** An enabled port without a link (for a host). */
    public TopologyBuilder hostPort(long dpid, long port) {
        device(dpid);
        ports.get(dev(dpid)).add(PortNumber.of(port));
        return this;
    }

    public TopologyBuilder version(long v) {
        this.version = v;
        return this;
    }

    /** The snapshot's time ({@link Instant#EPOCH} unless set). */
    public TopologyBuilder time(Instant t) {
        this.time = t;
        return this;
    }

    public TopologySnapshot build() {
        return new TopologySnapshot(version, time, ports, links);
    }

    private long nextPort(long dpid) {
        device(dpid);
        TreeSet<PortNumber> used = ports.get(dev(dpid));
        return used.isEmpty() ? 1 : used.last().value() + 1;
    }

    /** Random multigraphs: parallel cables, one-way links, isolated parts. */
    public static TopologySnapshot randomMultigraph(java.util.Random r, int n, int cables, int oneWay) {
        TopologyBuilder b = new TopologyBuilder();
        for (int i = 1; i <= n; i++) {
            b.device(i);
        }
        for (int i = 0; i < cables; i++) {
            int x = 1 + r.nextInt(n);
            int y = 1 + r.nextInt(n);
            if (x != y) {
                b.cable(x, y);
            }
        }
        long port = 1000;
        for (int i = 0; i < oneWay; i++) {
            int x = 1 + r.nextInt(n);
            int y = 1 + r.nextInt(n);
            if (x != y) {
                b.link(x, port++, y, port++);
            }
        }
        return b.build();
    }
}
