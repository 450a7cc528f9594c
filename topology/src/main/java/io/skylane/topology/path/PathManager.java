package io.skylane.topology.path;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.PathService;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.util.List;
import java.util.Optional;

/**
 * The path service over the topology service's current snapshot, with one configured weigher.
 * Stateless itself: everything computed lives in the snapshot's cache and goes with it. The
 * server builds one, with the weigher forwarding uses, for the REST API.
 */
public final class PathManager implements PathService {

    private final TopologyService topology;
    private final LinkWeigher weigher;

    public PathManager(TopologyService topology, LinkWeigher weigher) {
        this.topology = checkNotNull(topology, "topology");
        this.weigher = checkNotNull(weigher, "weigher");
    }

    @Override
    public PathComputer computer() {
        return computer(topology.current());
    }

    @Override
    public PathComputer computer(TopologySnapshot snapshot) {
        return PathComputer.of(checkNotNull(snapshot, "snapshot"), weigher);
    }

    @Override
    public Optional<Path> shortestPath(DeviceId src, DeviceId dst) {
        return computer().shortestPath(src, dst);
    }

    @Override
    public List<Path> equalCostPaths(DeviceId src, DeviceId dst, int max) {
        return computer().equalCostPaths(src, dst, max);
    }

    @Override
    public List<Path> kShortestPaths(DeviceId src, DeviceId dst, int k) {
        return computer().kShortestPaths(src, dst, k);
    }

    @Override
    public Optional<DisjointPaths<Path>> disjointBackup(DeviceId src, DeviceId dst) {
        return computer().disjointBackup(src, dst);
    }

    @Override
    public BroadcastTree broadcastTree() {
        return computer().broadcastTree();
    }

    @Override
    public NextHops forwardingTo(DeviceId dst) {
        return computer().forwardingTo(dst);
    }

    @Override
    public Optional<EdgePath> shortestPath(ConnectPoint src, ConnectPoint dst) {
        checkEdge(src, dst);
        return computer().shortestPath(src.deviceId(), dst.deviceId()).map(p -> new EdgePath(src, p, dst));
    }

    @Override
    public List<EdgePath> equalCostPaths(ConnectPoint src, ConnectPoint dst, int max) {
        checkEdge(src, dst);
        return computer().equalCostPaths(src.deviceId(), dst.deviceId(), max).stream()
                .map(p -> new EdgePath(src, p, dst)).toList();
    }

    @Override
    public List<EdgePath> kShortestPaths(ConnectPoint src, ConnectPoint dst, int k) {
        checkEdge(src, dst);
        return computer().kShortestPaths(src.deviceId(), dst.deviceId(), k).stream()
                .map(p -> new EdgePath(src, p, dst)).toList();
    }

    @Override
    public Optional<DisjointPaths<EdgePath>> disjointBackup(ConnectPoint src, ConnectPoint dst) {
        checkEdge(src, dst);
        return computer().disjointBackup(src.deviceId(), dst.deviceId())
                .map(d -> new DisjointPaths<>(new EdgePath(src, d.primary(), dst), new EdgePath(src, d.backup(), dst)));
    }

    private static void checkEdge(ConnectPoint src, ConnectPoint dst) {
        checkNotNull(src, "src");
        checkNotNull(dst, "dst");
        checkArgument(src.port().isPhysical() && dst.port().isPhysical(), "host locations must be physical ports");
    }

    @Override
    public String toString() {
        return "PathManager{" + weigher + "}";
    }
}
