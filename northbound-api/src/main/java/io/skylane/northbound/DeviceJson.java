package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.Port;
import java.util.Collection;

/** JSON views of devices and ports. Datapath ids are 16 hex digits. */
final class DeviceJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DeviceJson() {
    }

    static ObjectNode device(Device d) {
        ObjectNode n = F.objectNode();
        n.put("id", d.id().toString());
        n.put("connected", d.connected());
        n.put("address", d.address().getHostString() + ":" + d.address().getPort());
        n.put("version", d.version().text());
        n.put("since", d.since().toString());
        DeviceDescription desc = d.description();
        ObjectNode dn = n.putObject("description");
        dn.put("manufacturer", desc.manufacturer());
        dn.put("hardware", desc.hardware());
        dn.put("software", desc.software());
        dn.put("serial_number", desc.serialNumber());
        dn.put("datapath", desc.datapathDescription());
        n.put("buffers", desc.buffers());
        n.put("tables", desc.tables());
        n.set("ports", ports(d.ports().values()));
        return n;
    }

    static ArrayNode ports(Collection<Port> ports) {
        ArrayNode a = F.arrayNode();
        ports.forEach(p -> a.add(port(p)));
        return a;
    }

    static ObjectNode port(Port p) {
        ObjectNode n = F.objectNode();
        if (p.number().isPhysical()) {
            n.put("number", p.number().value());
        } else {
            n.put("number", p.number().toString());
        }
        n.put("name", p.name());
        n.put("mac", p.hwAddress().toString());
        n.put("admin_up", p.adminUp());
        n.put("link_up", p.linkUp());
        n.put("state", p.isEnabled() ? "up" : "down");
        n.put("speed_kbps", p.speedKbps());
        return n;
    }
}
