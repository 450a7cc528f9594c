package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.PortNumber;
import io.skylane.topology.Host;
import io.skylane.topology.Link;
import io.skylane.topology.path.EdgePath;
import io.skylane.topology.path.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * JSON views of the topology: ports of switches ({@code {"device", "port"}}), links, hosts and
 * paths. Datapath ids are 16 hex digits; physical ports are numbers, reserved ports names.
 */
final class TopologyJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Costs up to this are written as integers when they are whole (a double is exact up to 2^53). */
    private static final double EXACT = 0x1p53;

    private TopologyJson() {
    }

    /** {@code {"device": "00000000000000d1", "port": 3}}. */
    static ObjectNode connectPoint(ConnectPoint cp) {
        ObjectNode n = F.objectNode();
        n.put("device", cp.deviceId().toString());
        putPort(n, "port", cp.port());
        return n;
    }

    /** {@code {"src": {...}, "dst": {...}, "last_seen": "..." or null}}. */
    static ObjectNode link(Link l, Optional<Instant> lastSeen) {
        ObjectNode n = F.objectNode();
        n.set("src", connectPoint(l.src()));
        n.set("dst", connectPoint(l.dst()));
        n.put("last_seen", lastSeen.map(Instant::toString).orElse(null));
        return n;
    }

    /** A link without discovery's time: inside paths. */
    static ObjectNode link(Link l) {
        ObjectNode n = F.objectNode();
        n.set("src", connectPoint(l.src()));
        n.set("dst", connectPoint(l.dst()));
        return n;
    }

    /** {@code {"mac", "vlan" (number or null), "ips", "location", "first_seen", "last_seen"}}. */
    static ObjectNode host(Host h) {
        ObjectNode n = F.objectNode();
        n.put("mac", h.mac().toString());
        putVlan(n, h);
        ArrayNode ips = n.putArray("ips");
        for (Ip4Address ip : h.ips()) {
            ips.add(ip.toString());
        }
        n.set("location", connectPoint(h.location()));
        n.put("first_seen", h.firstSeen().toString());
        n.put("last_seen", h.lastSeen().toString());
        return n;
    }

    /** The vlan of a host: its number, or null when the host is untagged. */
    static void putVlan(ObjectNode n, Host h) {
        if (h.vlan().isNone()) {
            n.putNull("vlan");
        } else {
            n.put("vlan", h.vlan().value());
        }
    }

    /** {@code {"cost", "hops", "links", "devices"}}: hops is the number of links crossed. */
    static ObjectNode path(Path p) {
        ObjectNode n = F.objectNode();
        putCost(n, p.cost());
        n.put("hops", p.hops());
        ArrayNode links = n.putArray("links");
        p.links().forEach(l -> links.add(link(l)));
        ArrayNode devices = n.putArray("devices");
        for (DeviceId d : p.devices()) {
            devices.add(d.toString());
        }
        return n;
    }

    /**
     * A path between two hosts: the switch-level fields plus {@code ports}, per switch crossed the
     * port traffic comes in at and the port it leaves by.
     */
    static ObjectNode edgePath(EdgePath p) {
        ObjectNode n = path(p.path());
        ArrayNode ports = n.putArray("ports");
        for (EdgePath.Hop h : p.hops()) {
            ObjectNode hop = ports.addObject();
            hop.put("device", h.device().toString());
            putPort(hop, "in_port", h.inPort());
            putPort(hop, "out_port", h.outPort());
        }
        return n;
    }

    private static void putCost(ObjectNode n, double cost) {
        if (cost == Math.rint(cost) && cost <= EXACT) {
            n.put("cost", (long) cost);
        } else {
            n.put("cost", cost);
        }
    }

    /** Physical ports as numbers, reserved ports by name: as in device and flow JSON. */
    private static void putPort(ObjectNode n, String key, PortNumber p) {
        FlowFields.renderPort(n, key, p);
    }
}
