package io.skylane.topology.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.flow.Action;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Port;
import io.skylane.core.net.PortNumber;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SouthboundListener.PortChange;
import io.skylane.core.testing.FakeSwitchHandle;
import io.skylane.core.testing.TestCore;
import io.skylane.core.testing.TestPackets;
import io.skylane.topology.Link;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An emulated network of {@link FakeSwitchHandle}s for discovery tests: switches with numbered
 * ports, cables between ports, and {@link #deliver()}, which carries every packet the controller
 * sent out of a cabled port to the port at the other end and hands it to the controller as that
 * switch's packet-in, as a switch with a table-miss (or the LLDP trap rule) does.
 *
 * <pre>{@code
 * FakeFabric net = FakeFabric.ring(core, 5);
 * net.connectAll();
 * net.deliver();
 * assertEquals(net.expectedLinks(), discovery.links());
 * }</pre>
 */
public final class FakeFabric {

    private static final int MAX_ROUNDS = 1000;

    private final TestCore core;
    private final Map<DeviceId, Integer> portCounts = new TreeMap<>();
    private final Map<DeviceId, FakeSwitchHandle> handles = new TreeMap<>();
    private final Map<ConnectPoint, ConnectPoint> wires = new HashMap<>();
    private final Set<ConnectPoint> cut = new HashSet<>();
    /** Per connection, how many of its packet-outs were already carried. */
    private final Map<FakeSwitchHandle, Integer> carried = new HashMap<>();
    private int delivered;

    public FakeFabric(TestCore core) {
        this.core = checkNotNull(core, "core");
    }

    /** A switch with ports 1..ports (not connected yet). */
    public FakeFabric addSwitch(long dpid, int ports) {
        checkArgument(portCounts.put(DeviceId.of(dpid), ports) == null, "switch added twice");
        return this;
    }

    /** A cable between {@code a/pa} and {@code b/pb}. */
    public FakeFabric wire(long a, long pa, long b, long pb) {
        ConnectPoint x = cp(a, pa);
        ConnectPoint y = cp(b, pb);
        checkArgument(portCounts.containsKey(x.deviceId()) && portCounts.containsKey(y.deviceId()), "unknown switch");
        checkArgument(!wires.containsKey(x) && !wires.containsKey(y), "port already cabled");
        wires.put(x, y);
        wires.put(y, x);
        return this;
    }

    /** Connects the switch to the controller (a new connection if it was connected before). */
    public FakeSwitchHandle connect(long dpid) {
        DeviceId id = DeviceId.of(dpid);
        Integer ports = portCounts.get(id);
        checkArgument(ports != null, "unknown switch");
        FakeSwitchHandle sw = FakeSwitchHandle.of13(dpid);
        handles.put(id, sw);
        core.connect(sw, TestCore.ports(ports));
        return sw;
    }

    /** Connects every switch, in datapath id order. */
    public FakeFabric connectAll() {
        portCounts.keySet().forEach(id -> connect(id.dpid()));
        return this;
    }

    public void disconnect(long dpid) {
        core.disconnect(handle(dpid), "test");
    }

    /** Reports the port down (link down) as the switch does with a PORT_STATUS. */
    public void portDown(long dpid, long port) {
        Port p = TestCore.port(port);
        core.router().portChanged(handle(dpid), PortChange.MODIFIED,
                new Port(p.number(), p.name(), p.hwAddress(), true, false, p.speedKbps()));
    }

    /** Reports the port up again. */
    public void portUp(long dpid, long port) {
        core.router().portChanged(handle(dpid), PortChange.MODIFIED, TestCore.port(port));
    }

    /** Reports the port removed. */
    public void portRemoved(long dpid, long port) {
        core.router().portChanged(handle(dpid), PortChange.DELETED, TestCore.port(port));
    }

    /** From now on the cable at this port silently drops everything (no PORT_STATUS): a silent failure. */
    public void cutSilently(long dpid, long port) {
        ConnectPoint x = cp(dpid, port);
        checkArgument(wires.containsKey(x), "port is not cabled");
        cut.add(x);
        cut.add(wires.get(x));
    }

    /** The current connection of a switch. */
    public FakeSwitchHandle handle(long dpid) {
        FakeSwitchHandle h = handles.get(DeviceId.of(dpid));
        checkState(h != null, "switch %s never connected", dpid);
        return h;
    }

    /**
     * Carries the packets sent since the last call across the cables, and the packets the
     * controller sends in answer, until no new packet is sent. Returns how many were delivered.
     */
    public int deliver() {
        int before = delivered;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean any = false;
            for (FakeSwitchHandle sw : Set.copyOf(handles.values())) {
                var outs = sw.packetOuts();
                int from = carried.getOrDefault(sw, 0);
                carried.put(sw, outs.size());
                for (int i = from; i < outs.size(); i++) {
                    any = true;
                    carry(sw, outs.get(i));
                }
            }
            if (!any) {
                return delivered - before;
            }
        }
        throw new IllegalStateException("packets still flowing after " + MAX_ROUNDS + " rounds");
    }

    private void carry(FakeSwitchHandle from, OutboundPacket p) {
        for (Action a : p.actions()) {
            if (a instanceof Action.Output o && o.port().isPhysical()) {
                ConnectPoint out = ConnectPoint.of(from.deviceId(), o.port());
                ConnectPoint peer = wires.get(out);
                FakeSwitchHandle to = peer == null ? null : handles.get(peer.deviceId());
                if (peer != null && !cut.contains(out) && to != null && to.isConnected()) {
                    delivered++;
                    core.packetIn(to, TestPackets.packetIn(peer.deviceId(), peer.port().value(), p.data()));
                }
            }
        }
    }

    /** Both directions of every cable. */
    public Set<Link> expectedLinks() {
        ImmutableSortedSet.Builder<Link> b = ImmutableSortedSet.naturalOrder();
        wires.forEach((x, y) -> b.add(Link.of(x, y)));
        return b.build();
    }

    /** The switches, in order. */
    public Set<DeviceId> switches() {
        return ImmutableSortedSet.copyOf(portCounts.keySet());
    }

    /** Ports without a cable, per switch: where hosts attach. */
    public Map<DeviceId, Set<PortNumber>> uncabledPorts() {
        Map<DeviceId, Set<PortNumber>> m = new TreeMap<>();
        portCounts.forEach((id, n) -> {
            ImmutableSortedSet.Builder<PortNumber> b = ImmutableSortedSet.naturalOrder();
            for (long p = 1; p <= n; p++) {
                if (!wires.containsKey(ConnectPoint.of(id, PortNumber.of(p)))) {
                    b.add(PortNumber.of(p));
                }
            }
            m.put(id, b.build());
        });
        return m;
    }

    public static ConnectPoint cp(long dpid, long port) {
        return ConnectPoint.of(DeviceId.of(dpid), PortNumber.of(port));
    }

    // ---- topologies -------------------------------------------------------------------------

    /** Switches 1..n in a ring: port 1 to the previous, port 2 to the next, port 3 for a host. */
    public static FakeFabric ring(TestCore core, int n) {
        FakeFabric f = new FakeFabric(core);
        for (int i = 1; i <= n; i++) {
            f.addSwitch(i, 3);
        }
        for (int i = 1; i <= n; i++) {
            f.wire(i, 2, i % n + 1, 1);
        }
        return f;
    }

    /** Switches 1..n in a line: port 2 to the next, port 1 to the previous, port 3 for a host. */
    public static FakeFabric linear(TestCore core, int n) {
        FakeFabric f = new FakeFabric(core);
        for (int i = 1; i <= n; i++) {
            f.addSwitch(i, 3);
        }
        for (int i = 1; i < n; i++) {
            f.wire(i, 2, i + 1, 1);
        }
        return f;
    }

    /**
     * A k-ary fat tree: (k/2)^2 core switches (datapath 0x100 + c), and k pods of k/2 aggregation
     * (0x200 + 16 pod + a) and k/2 edge switches (0x300 + 16 pod + e), all with k ports. Core c has
     * port p+1 to pod p; aggregation a has ports 1..k/2 down to the edge switches and k/2+1..k up to
     * cores a*k/2 .. a*k/2 + k/2 - 1; edge switches have ports 1..k/2 up and k/2+1..k for hosts.
     */
    public static FakeFabric fatTree(TestCore core, int k) {
        checkArgument(k >= 2 && k % 2 == 0, "k must be even");
        int half = k / 2;
        FakeFabric f = new FakeFabric(core);
        for (int c = 0; c < half * half; c++) {
            f.addSwitch(0x100 + c, k);
        }
        for (int p = 0; p < k; p++) {
            for (int i = 0; i < half; i++) {
                f.addSwitch(agg(p, i), k);
                f.addSwitch(edge(p, i), k);
            }
        }
        for (int p = 0; p < k; p++) {
            for (int a = 0; a < half; a++) {
                for (int e = 0; e < half; e++) {
                    f.wire(agg(p, a), e + 1, edge(p, e), a + 1);
                }
                for (int j = 0; j < half; j++) {
                    f.wire(agg(p, a), half + j + 1, 0x100 + a * half + j, p + 1);
                }
            }
        }
        return f;
    }

    private static long agg(int pod, int i) {
        return 0x200 + 16L * pod + i;
    }

    private static long edge(int pod, int i) {
        return 0x300 + 16L * pod + i;
    }
}
