package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.Link;
import java.util.List;

/**
 * A path between two switches: the links in the order a packet crosses them, and their total
 * weight under the weigher that chose the path. A path from a switch to itself has no links.
 *
 * @param src   the first switch
 * @param dst   the last switch
 * @param links the links from {@code src} to {@code dst}, each starting where the previous ended
 * @param cost  the sum of the links' weights
 */
public record Path(DeviceId src, DeviceId dst, List<Link> links, double cost) {

    public Path {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        links = ImmutableList.copyOf(checkNotNull(links, "links"));
        checkArgument(cost >= 0 && !Double.isNaN(cost), "cost must be a non-negative number");
        if (links.isEmpty()) {
            checkArgument(src.equals(dst), "a path without links must start and end at one switch");
        } else {
            checkArgument(links.get(0).srcDevice().equals(src), "the first link must leave src");
            checkArgument(links.get(links.size() - 1).dstDevice().equals(dst), "the last link must reach dst");
            for (int i = 1; i < links.size(); i++) {
                checkArgument(links.get(i).srcDevice().equals(links.get(i - 1).dstDevice()),
                        "each link must leave the switch the previous one reached");
            }
        }
    }

    /** The path from a switch to itself: no links, no cost. */
    public static Path local(DeviceId device) {
        return new Path(device, device, List.of(), 0);
    }

    /** A path along these links; they must not be empty. */
    public static Path of(List<Link> links, double cost) {
        checkArgument(!links.isEmpty(), "a path of links needs at least one link");
        return new Path(links.get(0).srcDevice(), links.get(links.size() - 1).dstDevice(), links, cost);
    }

    /** The number of links crossed. */
    public int hops() {
        return links.size();
    }

    /** The switches in the order they are visited, from {@code src} to {@code dst}. */
    public List<DeviceId> devices() {
        ImmutableList.Builder<DeviceId> b = ImmutableList.builderWithExpectedSize(links.size() + 1);
        b.add(src);
        links.forEach(l -> b.add(l.dstDevice()));
        return b.build();
    }

    @Override
    public String toString() {
        return "Path{" + src + "->" + dst + ", " + links.size() + " hops, cost " + cost + ", " + links + "}";
    }
}
