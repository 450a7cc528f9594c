package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.VlanId;
import io.skylane.topology.Host;
import io.skylane.topology.HostService;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /v1/hosts} and {@code /v1/hosts/{mac}}: the end hosts learned at edge ports, sorted by
 * MAC then VLAN, with filters by MAC, IPv4 address and switch.
 */
final class HostRoutes {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Hosts in the order the API lists them: by MAC, then VLAN (untagged first). */
    static final Comparator<Host> ORDER = Comparator.comparing(Host::mac).thenComparing(Host::vlan);

    private final HostService hosts;

    HostRoutes(HostService hosts) {
        this.hosts = hosts;
    }

    void register(Javalin app) {
        app.get("/v1/hosts", this::list);
        app.get("/v1/hosts/{mac}", this::one);
    }

    /** Every host, or those matching all the filters given. */
    private void list(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of("mac", "ip", "device"));
        Optional<MacAddress> mac = QueryInput.param(ctx, "mac").map(v -> QueryInput.mac(v, "mac"));
        Optional<Ip4Address> ip = QueryInput.param(ctx, "ip").map(v -> QueryInput.ip(v, "ip"));
        Optional<DeviceId> device = QueryInput.param(ctx, "device").map(v -> QueryInput.deviceId(v, "device"));
        // start from the most selective index the host service has
        Collection<Host> candidates = mac.isPresent() ? hosts.hostsByMac(mac.get())
                : ip.isPresent() ? hosts.hostsByIp(ip.get()) : hosts.hosts();
        ArrayNode a = F.arrayNode();
        candidates.stream()
                .filter(h -> mac.isEmpty() || h.mac().equals(mac.get()))
                .filter(h -> ip.isEmpty() || h.ips().contains(ip.get()))
                .filter(h -> device.isEmpty() || h.location().deviceId().equals(device.get()))
                .sorted(ORDER)
                .forEach(h -> a.add(TopologyJson.host(h)));
        ctx.json(a);
    }

    /**
     * The host with this MAC. A MAC seen on several VLANs needs {@code ?vlan=} (a number, or
     * {@code none} for untagged): without it the request is ambiguous (400 naming {@code vlan}).
     */
    private void one(Context ctx) {
        QueryInput.onlyParams(ctx, Set.of("vlan"));
        MacAddress mac = QueryInput.mac(ctx.pathParam("mac"), "mac");
        Optional<VlanId> vlan = QueryInput.param(ctx, "vlan").map(HostRoutes::vlan);
        List<Host> found = hosts.hostsByMac(mac).stream()
                .filter(h -> vlan.isEmpty() || h.vlan().equals(vlan.get()))
                .sorted(ORDER)
                .toList();
        if (found.isEmpty()) {
            throw ApiException.notFound("no host " + mac + vlan.map(v -> " on VLAN " + v).orElse(""));
        }
        if (found.size() > 1) {
            throw ApiException.badRequest("host " + mac + " is on " + found.size() + " VLANs ("
                    + String.join(", ", found.stream().map(h -> h.vlan().toString()).toList())
                    + "): give ?vlan=", "vlan");
        }
        ctx.json(TopologyJson.host(found.get(0)));
    }

    private static VlanId vlan(String text) {
        if (text.equals("none")) {
            return VlanId.NONE;
        }
        try {
            int v = Integer.parseInt(text);
            if (v >= 0 && v <= 4095) {
                return VlanId.of(v);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw ApiException.badRequest("vlan must be 0..4095 or none, got " + text, "vlan");
    }
}
