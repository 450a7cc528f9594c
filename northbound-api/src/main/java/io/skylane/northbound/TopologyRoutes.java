package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.core.net.DeviceId;
import io.skylane.topology.HostService;
import io.skylane.topology.Link;
import io.skylane.topology.PathService;
import io.skylane.topology.TopologyService;
import io.skylane.topology.TopologySnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code /v1/topology} and {@code /v1/links}: the current topology snapshot in numbers, and its
 * directed links. Each answer reads one snapshot.
 */
final class TopologyRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TopologyService topology;
    private final HostService hosts;
    private final PathService paths;
    private final Function<Link, Optional<Instant>> lastSeen;

    TopologyRoutes(TopologyService topology, HostService hosts, PathService paths,
                   Function<Link, Optional<Instant>> lastSeen) {
        this.topology = topology;
        this.hosts = hosts;
        this.paths = paths;
        this.lastSeen = lastSeen;
    }

    void register(Javalin app) {
        app.get("/v1/topology", this::summary);
        app.get("/v1/links", this::links);
    }

    private void summary(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of());
        TopologySnapshot s = topology.current();
        ObjectNode n = F.objectNode();
        n.put("version", s.version());
        n.put("time", s.time().toString());
        n.put("devices", s.devices().size());
        n.put("links", s.links().size());
        n.put("cables", s.<CablesKey, Integer>cached(CablesKey.INSTANCE, k -> cables(s))); // once per snapshot, however often polled
        n.put("hosts", hosts.hosts().size());
        n.put("edge_ports", s.edgePorts().size());
        // the broadcast tree's roots, counted without building the tree: cached with the snapshot
        n.put("components", paths.computer(s).connectedParts());
        ctx.json(n);
    }

    /** Links, sorted by source then destination port; {@code ?device=} keeps those touching the switch. */
    private void links(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of("device"));
        Optional<DeviceId> device = QueryInput.param(ctx, "device").map(v -> QueryInput.deviceId(v, "device"));
        ArrayNode a = F.arrayNode();
        for (Link l : topology.current().links()) {
            if (device.isEmpty() || l.srcDevice().equals(device.get()) || l.dstDevice().equals(device.get())) {
                a.add(TopologyJson.link(l, lastSeen.apply(l)));
            }
        }
        ctx.json(a);
    }

    /** The key of the cable count among a snapshot's derived values. */
    private enum CablesKey { INSTANCE }

    /**
     * Cables: links counted once per pair of ports, whichever way they were seen (one way or both):
     * a link counts unless its reverse is in the snapshot too and comes first in order.
     */
    static int cables(TopologySnapshot s) {
        int cables = 0;
        for (Link l : s.links()) {
            boolean counted = s.linkFrom(l.dst()).filter(r -> r.dst().equals(l.src()) && r.compareTo(l) < 0).isPresent();
            if (!counted) {
                cables++;
            }
        }
        return cables;
    }
}
