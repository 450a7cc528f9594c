package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Link;
import java.util.List;

/**
 * A path between two edge ports (where hosts attach): in at {@code src}, across the switches of
 * {@code path}, out at {@code dst}. Both ends on one switch give a path without links.
 *
 * @param src  the edge port traffic enters the network at
 * @param path the switch-level path from {@code src}'s switch to {@code dst}'s
 * @param dst  the edge port traffic leaves the network at
 */
public record EdgePath(ConnectPoint src, Path path, ConnectPoint dst) {

    public EdgePath {
        checkNotNull(src, "src");
        checkNotNull(path, "path");
        checkNotNull(dst, "dst");
        checkArgument(src.deviceId().equals(path.src()), "the path must start at src's switch");
        checkArgument(dst.deviceId().equals(path.dst()), "the path must end at dst's switch");
    }

    /** The sum of the link weights (edge ports weigh nothing). */
    public double cost() {
        return path.cost();
    }

    /**
     * Per switch crossed, in order, the port traffic comes in at and the port it leaves by: what
     * a rule on that switch matches and outputs to. The two ports are equal when both hosts sit
     * behind the same port (OpenFlow then needs {@code IN_PORT} as the output).
     */
    public List<Hop> hops() {
        List<Link> links = path.links();
        ImmutableList.Builder<Hop> b = ImmutableList.builderWithExpectedSize(links.size() + 1);
        PortNumber in = src.port();
        for (Link l : links) {
            b.add(new Hop(l.srcDevice(), in, l.src().port()));
            in = l.dst().port();
        }
        b.add(new Hop(dst.deviceId(), in, dst.port()));
        return b.build();
    }

    /** One switch of an edge path with its in and out ports. */
    public record Hop(DeviceId device, PortNumber inPort, PortNumber outPort) {
        public Hop {
            checkNotNull(device, "device");
            checkNotNull(inPort, "inPort");
            checkNotNull(outPort, "outPort");
        }
    }
}
