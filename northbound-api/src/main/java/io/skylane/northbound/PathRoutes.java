package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.HostService;
import io.skylane.topology.PathService;
import io.skylane.topology.TopologySnapshot;
import io.skylane.topology.path.DisjointPaths;
import io.skylane.topology.path.EdgePath;
import io.skylane.topology.path.Path;
import io.skylane.topology.path.PathComputer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /v1/paths?src=&dst=[&k=][&disjoint=]}: the paths between two switches or hosts over
 * the current snapshot, from the controller's path service (its weigher, its per-snapshot cache).
 * One snapshot answers the whole request (one {@link PathService#computer()}), and its version is
 * in the answer.
 * No path is not an error: the answer has an empty {@code paths} and a {@code reason}. A switch
 * to itself is one path without links; a host to itself is refused (400 naming {@code dst}).
 */
final class PathRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The most paths one request may ask for. */
    static final int MAX_K = 16;

    private final PathService paths;
    private final HostService hosts;

    PathRoutes(PathService paths, HostService hosts) {
        this.paths = paths;
        this.hosts = hosts;
    }

    void register(Javalin app) {
        app.get("/v1/paths", this::paths);
    }

    private void paths(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of("src", "dst", "k", "disjoint"));
        String srcText = QueryInput.required(ctx, "src");
        String dstText = QueryInput.required(ctx, "dst");
        Optional<Integer> k = QueryInput.integer(ctx, "k", 1, MAX_K);
        boolean disjoint = QueryInput.bool(ctx, "disjoint", false);
        if (disjoint && k.orElse(1) > 1) {
            throw ApiException.badRequest("k cannot be more than 1 with disjoint=true: the backup protects one"
                    + " working path", "k");
        }
        PathComputer computer = paths.computer();
        TopologySnapshot snapshot = computer.snapshot();
        PathEndpoint src = PathEndpoint.resolve("src", srcText, snapshot, hosts);
        PathEndpoint dst = PathEndpoint.resolve("dst", dstText, snapshot, hosts);
        if (src.isHost() && dst.isHost() && src.host().id().equals(dst.host().id())) {
            throw ApiException.badRequest("src and dst are the same host " + src.host().id()
                    + ": its traffic to itself never enters the network", "dst");
        }

        Found found = src.missingFrom(snapshot).or(() -> dst.missingFrom(snapshot))
                .map(Found::none)
                .orElseGet(() -> find(computer, src, dst, k, disjoint));
        String reason = found.reason();
        if (found.paths().isEmpty() && reason == null) {
            reason = "no path: switch " + dst.device() + " is not reachable from switch " + src.device()
                    + " in topology version " + snapshot.version() + " (they are in different parts of the network)";
        }
        ObjectNode n = F.objectNode();
        n.put("version", snapshot.version());
        n.set("src", src.toJson());
        n.set("dst", dst.toJson());
        ArrayNode paths = n.putArray("paths");
        found.paths().forEach(p -> paths.add(render(p, src, dst)));
        if (disjoint) {
            n.set("backup", found.backup().map(p -> render(p, src, dst)).orElse(null));
        }
        if (reason != null) {
            n.put("reason", reason);
        }
        ctx.json(n);
    }

    /** What the query asks for between two switches of the snapshot. */
    private static Found find(PathComputer computer, PathEndpoint src, PathEndpoint dst, Optional<Integer> k,
                              boolean disjoint) {
        if (k.isPresent() && !disjoint) {
            return new Found(kShortest(computer, src.device(), dst.device(), k.get()), Optional.empty(), null);
        }
        Optional<Path> shortest = computer.shortestPath(src.device(), dst.device());
        if (!disjoint) {
            return new Found(shortest.stream().toList(), Optional.empty(), null);
        }
        Optional<DisjointPaths<Path>> pair = computer.disjointBackup(src.device(), dst.device());
        if (pair.isPresent()) {
            return new Found(List.of(pair.get().primary()), Optional.of(pair.get().backup()), null);
        }
        if (shortest.isEmpty()) {
            return Found.none(null);
        }
        String reason = src.device().equals(dst.device())
                ? "no backup: src and dst are on one switch, there is no link to protect"
                : "no backup: every other path from " + src.device() + " to " + dst.device()
                + " shares a cable with the primary";
        return new Found(List.of(shortest.get()), Optional.empty(), reason);
    }

    /**
     * The k shortest paths (Yen) with the path forwarding takes first. Among paths of equal cost
     * Yen's order is its own, and the first answer must be the one traffic follows (the answer
     * without {@code k}). Yen's paths are distinct switch sequences, so forwarding's path stands
     * in for the one with its switches; if Yen's first k do not include it (more than k paths tie
     * for the lowest cost), it replaces the last. Costs still never decrease: forwarding's path
     * is a cheapest one.
     */
    static List<Path> kShortest(PathComputer computer, DeviceId src, DeviceId dst, int k) {
        List<Path> yen = computer.kShortestPaths(src, dst, k);
        Optional<Path> forwarding = computer.shortestPath(src, dst);
        if (yen.isEmpty() || forwarding.isEmpty()) {
            return yen;
        }
        Path first = forwarding.get();
        List<Path> out = new ArrayList<>(yen.size());
        out.add(first);
        for (Path p : yen) {
            if (out.size() == yen.size()) {
                break;
            }
            if (!p.devices().equals(first.devices())) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    /** Between two hosts a path carries its in and out port per switch; otherwise it is switch-level. */
    private static ObjectNode render(Path p, PathEndpoint src, PathEndpoint dst) {
        if (src.isHost() && dst.isHost()) {
            return TopologyJson.edgePath(new EdgePath(src.host().location(), p, dst.host().location()));
        }
        return TopologyJson.path(p);
    }

    /**
     * The answer before rendering.
     *
     * @param paths  the paths found, best first
     * @param backup the backup of {@code paths[0]}, when one was asked for and exists
     * @param reason why something asked for is missing, or null
     */
    private record Found(List<Path> paths, Optional<Path> backup, String reason) {
        static Found none(String reason) {
            return new Found(List.of(), Optional.empty(), reason);
        }
    }
}
