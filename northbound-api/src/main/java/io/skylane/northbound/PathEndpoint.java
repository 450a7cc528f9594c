package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.topology.Host;
import io.skylane.topology.HostService;
import io.skylane.topology.TopologySnapshot;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One end of a path query ({@code src} or {@code dst} of {@code /v1/paths}): a switch, or a host
 * and the edge port it sits at.
 *
 * @param device the switch the path starts or ends at (the host's switch for a host)
 * @param host   the host, or null for a switch
 */
record PathEndpoint(DeviceId device, Host host) {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static PathEndpoint of(DeviceId device) {
        return new PathEndpoint(device, null);
    }

    static PathEndpoint of(Host host) {
        return new PathEndpoint(host.location().deviceId(), host);
    }

    boolean isHost() {
        return host != null;
    }

    /**
     * Resolves the text of query parameter {@code field}. Six colon- or dash-separated hex pairs
     * ({@code 00:00:00:00:00:01}) are a host's MAC, a dotted quad a host's IPv4 address, anything
     * else a datapath id (16 hex digits or fewer, as everywhere in the API). A MAC or address no
     * host has, or a switch not in the snapshot, is a 404 naming the field; a MAC on several
     * VLANs or an address several hosts use is ambiguous, a 400 naming the field.
     */
    static PathEndpoint resolve(String field, String text, TopologySnapshot snapshot, HostService hosts) {
        if (looksLikeMac(text)) {
            MacAddress mac = QueryInput.mac(text, field);
            return PathEndpoint.of(one(field, "MAC " + mac, hosts.hostsByMac(mac)));
        }
        if (text.indexOf('.') >= 0) {
            Ip4Address ip = QueryInput.ip(text, field);
            return PathEndpoint.of(one(field, "IPv4 address " + ip, hosts.hostsByIp(ip)));
        }
        DeviceId d;
        try {
            d = DeviceId.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be a datapath id (1 to 16 hex digits), a host MAC"
                    + " (aa:bb:cc:dd:ee:ff) or a host IPv4 address, got " + text, field);
        }
        if (!snapshot.devices().contains(d)) {
            throw ApiException.notFound(field + ": switch " + d + " is not in the topology (version "
                    + snapshot.version() + "): unknown or not connected", field);
        }
        return PathEndpoint.of(d);
    }

    /** Why there can be no path from or to this end in {@code snapshot}, if there is a reason. */
    Optional<String> missingFrom(TopologySnapshot snapshot) {
        if (snapshot.devices().contains(device)) {
            return Optional.empty();
        }
        return Optional.of("host " + host.id() + " is at " + host.location() + " and switch " + device
                + " is not in the topology (version " + snapshot.version() + ")");
    }

    /**
     * {@code {"type": "device", "device"}} or {@code {"type": "host", "mac", "vlan", "device", "port"}}:
     * every end names the switch the path starts or ends at.
     */
    ObjectNode toJson() {
        ObjectNode n = F.objectNode();
        if (host == null) {
            n.put("type", "device");
            n.put("device", device.toString());
        } else {
            n.put("type", "host");
            n.put("mac", host.mac().toString());
            TopologyJson.putVlan(n, host);
            n.setAll(TopologyJson.connectPoint(host.location()));
        }
        return n;
    }

    private static Host one(String field, String what, Set<Host> found) {
        if (found.isEmpty()) {
            throw ApiException.notFound(field + ": no host has " + what, field);
        }
        if (found.size() > 1) {
            List<String> ids = found.stream().sorted(HostRoutes.ORDER).map(h -> h.id().toString()).toList();
            throw ApiException.badRequest(field + ": " + what + " is ambiguous, " + found.size() + " hosts have it ("
                    + String.join(", ", ids) + "): name the host by a unique MAC, or its switch by datapath id",
                    field);
        }
        return found.iterator().next();
    }

    /** Six pairs separated by colons or dashes: a MAC, even though a datapath id may have colons too. */
    private static boolean looksLikeMac(String text) {
        if (text.length() != 17) {
            return false;
        }
        for (int i = 2; i < 17; i += 3) {
            char c = text.charAt(i);
            if (c != ':' && c != '-') {
                return false;
            }
        }
        return true;
    }
}
