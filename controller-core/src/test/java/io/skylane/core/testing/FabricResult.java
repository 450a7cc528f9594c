package io.skylane.core.testing;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a packet sent into a {@link SimFabric} ended up: the copies delivered at edge ports (with
 * the ports they entered switches at on the way), the copies punted to the controller, and the copies
 * dropped, loops included. {@link #toString()} prints every switch's {@link SimResult} in order.
 */
public final class FabricResult {

    /**
     * A copy that left the fabric at an edge port, {@linkplain SimPacket#onWire() as on the wire};
     * {@code path} lists where it entered each switch.
     */
    public record Delivery(ConnectPoint at, SimPacket packet, List<ConnectPoint> path) {
        public Delivery {
            path = List.copyOf(path);
        }
    }

    /** A copy sent to the controller by {@code device}. */
    public record Punt(DeviceId device, SimPacket packet, int tableId, long cookie) {
    }

    /** A copy dropped by {@code device} (by a switch, or as a loop or past the hop limit). */
    public record Drop(DeviceId device, SimPacket packet, String reason) {
    }

    /**
     * A copy that crossed the underlay in a tunnel, as a capture there would see it: from the
     * sender's tunnel port to the receiver's, between endpoints {@code tunSrc} and {@code tunDst},
     * with {@code vni}; {@code arrived} is the inner packet as the receiver's pipeline gets it (in_port
     * its tunnel port, tun_id, tun_src and tun_dst set).
     */
    public record Tunnelled(ConnectPoint from, ConnectPoint to, Ip4Address tunSrc, Ip4Address tunDst, long vni,
                            SimPacket arrived) {
    }

    private final ImmutableList<Delivery> deliveries;
    private final ImmutableList<Punt> punts;
    private final ImmutableList<Drop> drops;
    private final ImmutableList<SimResult> hops;
    private final ImmutableList<Tunnelled> tunnelled;
    private final boolean loop;

    FabricResult(List<Delivery> deliveries, List<Punt> punts, List<Drop> drops, List<SimResult> hops,
                 List<Tunnelled> tunnelled, boolean loop) {
        this.deliveries = ImmutableList.copyOf(deliveries);
        this.punts = ImmutableList.copyOf(punts);
        this.drops = ImmutableList.copyOf(drops);
        this.hops = ImmutableList.copyOf(hops);
        this.tunnelled = ImmutableList.copyOf(tunnelled);
        this.loop = loop;
    }

    public List<Delivery> deliveries() {
        return deliveries;
    }

    public List<Punt> punts() {
        return punts;
    }

    public List<Drop> drops() {
        return drops;
    }

    /** Every switch's result, in the order the fabric processed them. */
    public List<SimResult> hops() {
        return hops;
    }

    /** Every tunnel crossing, in the order the copies were sent (the underlay's capture). */
    public List<Tunnelled> tunnelled() {
        return tunnelled;
    }

    /** True when some copy came back to a switch port it had entered before, unchanged, or ran out of hops. */
    public boolean hasLoop() {
        return loop;
    }

    /** The edge ports copies were delivered at, without repeats. */
    public Set<ConnectPoint> deliveredTo() {
        Set<ConnectPoint> at = new LinkedHashSet<>();
        deliveries.forEach(d -> at.add(d.at()));
        return at;
    }

    /** Nothing delivered and nothing punted. */
    public boolean isDropped() {
        return deliveries.isEmpty() && punts.isEmpty();
    }

    /** True when the copies went exactly to these edge ports, once each, with no loop and no punt. */
    public boolean deliveredOnlyTo(ConnectPoint... at) {
        return !loop && punts.isEmpty() && deliveries.size() == at.length && deliveredTo().equals(Set.of(at));
    }

    /** The copies delivered at {@code at}. */
    public List<SimPacket> packetsAt(ConnectPoint at) {
        return deliveries.stream().filter(d -> d.at().equals(at)).map(Delivery::packet).toList();
    }

    /** The one copy delivered at {@code at}; throws (printing this result) unless there is exactly one. */
    public SimPacket packetAt(ConnectPoint at) {
        List<SimPacket> got = packetsAt(at);
        if (got.size() != 1) {
            throw new AssertionError(got.size() + " packets delivered at " + at + ", expected 1\n" + this);
        }
        return got.get(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("delivered ").append(deliveredTo()).append(", ").append(punts.size()).append(" punted, ")
                .append(drops.size()).append(" dropped").append(loop ? ", LOOP" : "");
        hops.forEach(h -> sb.append('\n').append(h));
        tunnelled.forEach(t -> sb.append("\ntunnel ").append(t.tunSrc()).append('>').append(t.tunDst())
                .append(" vni=").append(t.vni()).append(": ").append(t.arrived()));
        drops.stream().filter(d -> d.reason().startsWith("fabric:") || d.reason().startsWith("tunnel:"))
                .forEach(d -> sb.append("\n").append(d.device()).append(' ').append(d.reason()).append(": ")
                        .append(d.packet()));
        return sb.toString();
    }
}
