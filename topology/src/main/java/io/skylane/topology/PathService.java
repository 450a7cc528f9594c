package io.skylane.topology;

import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.path.BroadcastTree;
import io.skylane.topology.path.DisjointPaths;
import io.skylane.topology.path.EdgePath;
import io.skylane.topology.path.NextHops;
import io.skylane.topology.path.Path;
import io.skylane.topology.path.PathComputer;
import java.util.List;
import java.util.Optional;

/**
 * Paths over the topology under the controller's one link weigher, for whoever asks for paths
 * (the REST API, apps). Each query reads the latest snapshot; results are computed once per
 * snapshot and weigher and shared (see {@link PathComputer}). To ask several questions of one
 * consistent network, take {@link #computer()} once, or {@link #computer(TopologySnapshot)} for
 * the snapshot a {@link TopologyEvent} carries.
 *
 * <p>Switch-level queries take datapath ids; host-level ones take the edge ports the hosts sit
 * at (resolving a host's MAC or IP to its location is the caller's business) and add those ports
 * at both ends. No path is an empty result, never an exception.
 */
public interface PathService {

    /** The paths of the current snapshot ({@code computer().snapshot()}), under the service's weigher. */
    PathComputer computer();

    /** The paths of {@code snapshot}, under the service's weigher. */
    PathComputer computer(TopologySnapshot snapshot);

    /** A shortest path, the one forwarding takes (lowest next-hop port on ties). */
    Optional<Path> shortestPath(DeviceId src, DeviceId dst);

    /** Up to {@code max} equal-cost shortest paths. */
    List<Path> equalCostPaths(DeviceId src, DeviceId dst, int max);

    /** The {@code k} shortest loopless paths, in increasing cost. */
    List<Path> kShortestPaths(DeviceId src, DeviceId dst, int k);

    /** A working path and a backup sharing no cable with it. */
    Optional<DisjointPaths<Path>> disjointBackup(DeviceId src, DeviceId dst);

    /** The spanning tree that floods follow. */
    BroadcastTree broadcastTree();

    /** Every switch's equal-cost next hops and loop-free alternate towards {@code dst}. */
    NextHops forwardingTo(DeviceId dst);

    /** A shortest path between two edge ports. */
    Optional<EdgePath> shortestPath(ConnectPoint src, ConnectPoint dst);

    /** Up to {@code max} equal-cost shortest paths between two edge ports. */
    List<EdgePath> equalCostPaths(ConnectPoint src, ConnectPoint dst, int max);

    /** The {@code k} shortest loopless paths between two edge ports. */
    List<EdgePath> kShortestPaths(ConnectPoint src, ConnectPoint dst, int k);

    /** A working path and a disjoint backup between two edge ports. */
    Optional<DisjointPaths<EdgePath>> disjointBackup(ConnectPoint src, ConnectPoint dst);
}
