package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The forwarding table towards one destination switch, for every other switch that can reach
 * it: the equal-cost next hops (ECMP, in port order) and a loop-free alternate (LFA) for fast
 * failover. Switches that cannot reach the destination, and the destination itself, have no
 * entry. Immutable; kept compact (arrays over the snapshot's links) because a full recompute
 * holds one per switch: the next hops are bits over each switch's out-links, and a table that
 * {@link NextHopUpdate} derives shares what did not change with the one it came from.
 *
 * <p>A loop-free alternate of switch S is a neighbour N, reached by a link that is not an
 * equal-cost next hop, with {@code dist(N, dst) < dist(N, S) + dist(S, dst)} (RFC 5286): N
 * does not send the traffic back through S, so S may switch to it locally when its next hops
 * fail. Among several, one via a switch that is not a primary next hop is preferred, then the
 * cheapest, then the lowest port. Networks with only equal weights on a bipartite graph (fat-trees,
 * even rings, grids) have none: there, ECMP is the protection.
 */
public final class NextHops {

    private final long snapshotVersion;
    private final DeviceId destination;
    private final GraphIndex index;
    /** Each switch's distance to the destination; shared with the tables derived from this one. */
    private final double[] cost;
    /** The next hops as bits over each switch's out-links (see {@link GraphIndex#wordStart}), in pages. */
    private final HopWords hops;
    /** Each switch's alternate as an offset among its out-links, -1 for none. */
    private final int[] alternate;

    NextHops(DeviceId destination, GraphIndex index, double[] cost, HopWords hops, int[] alternate) {
        this.snapshotVersion = index.snapshot.version();
        this.destination = destination;
        this.index = index;
        this.cost = cost;
        this.hops = hops;
        this.alternate = alternate;
    }

    /** The table of a destination the snapshot does not have: no entries. */
    static NextHops unknown(DeviceId destination, GraphIndex index) {
        return new NextHops(destination, index, new double[0], HopWords.empty(), new int[0]);
    }

    public DeviceId destination() {
        return destination;
    }

    /** The version of the snapshot this table was computed from. */
    public long snapshotVersion() {
        return snapshotVersion;
    }

    /** The switches with an entry: those, other than the destination, that can reach it. */
    public Set<DeviceId> devices() {
        ImmutableSortedSet.Builder<DeviceId> b = ImmutableSortedSet.naturalOrder();
        for (int i = 0; i < cost.length; i++) {
            if (hasEntry(i)) {
                b.add(index.devices[i]);
            }
        }
        return b.build();
    }

    /** The entry of a switch; empty for the destination and for switches that cannot reach it. */
    public Optional<Entry> entry(DeviceId device) {
        int i = positionOf(device);
        return i < 0 ? Optional.empty() : Optional.of(entryAt(i));
    }

    /** The equal-cost next-hop ports of a switch, in port order; empty if it has no entry. */
    public Set<PortNumber> ports(DeviceId device) {
        return entry(device).map(Entry::ports).orElse(ImmutableSortedSet.of());
    }

    /** The loop-free alternate port of a switch, if it has one. */
    public Optional<PortNumber> alternatePort(DeviceId device) {
        return entry(device).flatMap(Entry::alternatePort);
    }

    /** All entries by switch; built on each call. */
    public Map<DeviceId, Entry> entries() {
        ImmutableSortedMap.Builder<DeviceId, Entry> b = ImmutableSortedMap.naturalOrder();
        for (int i = 0; i < cost.length; i++) {
            if (hasEntry(i)) {
                b.put(index.devices[i], entryAt(i));
            }
        }
        return b.build();
    }

    /** The next-hop links of the switch at this position (for path enumeration). */
    List<Link> linksAt(int position) {
        ImmutableList.Builder<Link> b = ImmutableList.builder();
        int end = index.outStart[position + 1];
        for (int l = nextHop(position, index.outStart[position]); l < end; l = nextHop(position, l + 1)) {
            b.add(index.links[l]);
        }
        return b.build();
    }

    /**
     * The first next-hop link (an index into {@code index.links}) of the switch at {@code position}
     * that is not below {@code from}; the end of the switch's links ({@code outStart[position + 1]})
     * if there is none. Links are in port order, so the first one is the lowest port.
     */
    int nextHop(int position, int from) {
        return nextHop(index, hops, position, from);
    }

    double costAt(int position) {
        return cost[position];
    }

    GraphIndex index() {
        return index;
    }

    double[] costs() {
        return cost;
    }

    HopWords hopWords() {
        return hops;
    }

    int[] alternates() {
        return alternate;
    }

    static int nextHop(GraphIndex index, HopWords hops, int position, int from) {
        int base = index.outStart[position];
        int end = index.outStart[position + 1];
        int first = index.wordStart[position];
        int o = from - base;
        for (int w = first + (o >>> 6); o < end - base && w < index.wordStart[position + 1]; ) {
            long bits = hops.word(w) & (-1L << (o & 63));
            if (bits != 0) {
                return base + ((w - first) << 6) + Long.numberOfTrailingZeros(bits);
            }
            w++;
            o = (w - first) << 6;
        }
        return end;
    }

    private int positionOf(DeviceId device) {
        checkNotNull(device, "device");
        int i = index.positionOf(device);
        return i >= 0 && i < cost.length && hasEntry(i) ? i : -1;
    }

    private boolean hasEntry(int i) {
        for (int w = index.wordStart[i]; w < index.wordStart[i + 1]; w++) {
            if (hops.word(w) != 0) {
                return true;
            }
        }
        return false;
    }

    private Entry entryAt(int i) {
        Link alt = alternate[i] < 0 ? null : index.links[index.outStart[i] + alternate[i]];
        return new Entry(index.devices[i], cost[i], linksAt(i), Optional.ofNullable(alt));
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("destination", destination)
                .add("snapshot", snapshotVersion)
                .add("entries", devices().size())
                .toString();
    }

    /**
     * How one switch reaches the destination.
     *
     * @param device    the switch
     * @param cost      its distance to the destination
     * @param links     its equal-cost next-hop links, in port order; never empty
     * @param alternate its loop-free alternate link, if any
     */
    public record Entry(DeviceId device, double cost, List<Link> links, Optional<Link> alternate) {

        public Entry {
            checkNotNull(device, "device");
            links = ImmutableList.copyOf(links);
            checkNotNull(alternate, "alternate");
        }

        /** The next-hop ports, in port order: the buckets of a select group. */
        public Set<PortNumber> ports() {
            ImmutableSortedSet.Builder<PortNumber> b = ImmutableSortedSet.naturalOrder();
            links.forEach(l -> b.add(l.src().port()));
            return b.build();
        }

        /** The alternate's port: the backup bucket of a fast-failover group. */
        public Optional<PortNumber> alternatePort() {
            return alternate.map(l -> l.src().port());
        }
    }
}
