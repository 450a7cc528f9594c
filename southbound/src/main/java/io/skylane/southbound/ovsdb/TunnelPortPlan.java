package io.skylane.southbound.ovsdb;

import static io.skylane.southbound.ovsdb.OvsdbData.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.DeviceId;
import io.skylane.southbound.ovsdb.TunnelPortResult.Change;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The one transaction that brings a bridge's tunnel port to what a {@link TunnelPortSpec} asks,
 * computed from a connection's {@link OvsdbView}; a pure function, so running it on the view the
 * transaction produced plans nothing (idempotence).
 *
 * <ul>
 *   <li>create: insert Interface and Port (named UUIDs), insert the Port into {@code Bridge.ports},
 *       guarded by a {@code wait} that no port of that name exists (another client may have just
 *       made one);
 *   <li>update (type, options or ofport request differ, an endpoint change): update the Interface,
 *       guarded by a {@code wait} that it still holds what the view showed;
 *   <li>remove: delete the Port from {@code Bridge.ports} (the server then garbage-collects the
 *       Port and Interface rows).
 * </ul>
 * Each also increments {@code Open_vSwitch.next_cfg} and reads it back, as ovs-vsctl does, so the
 * caller can wait for ovs-vswitchd's {@code cur_cfg} to reach it before reading ofport and error.
 *
 * @param change     what the transaction does; {@link Change#UNCHANGED} has no operations
 * @param operations the transaction's operations (without the database name)
 * @param nextCfgOp  index of the {@code select} of next_cfg in the results, -1 when none
 */
record TunnelPortPlan(Change change, ArrayNode operations, int nextCfgOp) {

    private static final String IFACE = "skylane_iface";
    private static final String PORT = "skylane_port";

    /**
     * @throws OvsdbException.NotConnected if no bridge of the view has the spec's datapath id
     * @throws OvsdbException.Conflict     if the port name is taken on another bridge, or the port
     *                                     is not a single interface of that name
     */
    static TunnelPortPlan ensure(OvsdbView view, TunnelPortSpec spec) {
        OvsdbBridge bridge = bridge(view, spec.datapathId());
        Optional<OvsdbInterface> existing = existingInterface(view, bridge, spec.portName());
        ArrayNode ops = JSON.arrayNode();
        if (existing.isEmpty()) {
            ops.add(comment("skylane: create tunnel port " + spec.portName() + " on " + bridge.name()));
            ops.add(waitNoPortNamed(spec.portName()));
            ObjectNode iface = JSON.objectNode().put("name", spec.portName()).put("type", spec.type().ovsType());
            iface.set("options", OvsdbData.map(spec.options()));
            spec.ofportRequest().ifPresent(o -> iface.put("ofport_request", o));
            ops.add(insert(OvsdbInterface.TABLE, iface, IFACE));
            ObjectNode port = JSON.objectNode().put("name", spec.portName());
            port.set("interfaces", OvsdbData.namedUuid(IFACE));
            ops.add(insert(OvsdbPort.TABLE, port, PORT));
            ops.add(mutate(OvsdbBridge.TABLE, bridge.uuid(), "ports", "insert", OvsdbData.set(OvsdbData.namedUuid(PORT))));
            return withCfg(view, Change.CREATED, ops);
        }
        OvsdbInterface intf = existing.get();
        if (spec.isMetBy(intf)) {
            return new TunnelPortPlan(Change.UNCHANGED, JSON.arrayNode(), -1);
        }
        ops.add(comment("skylane: update tunnel port " + spec.portName() + " on " + bridge.name()));
        ObjectNode seen = JSON.objectNode().put("type", intf.type());
        seen.set("options", OvsdbData.map(intf.options()));
        seen.set("ofport_request", OvsdbData.optionalInt(intf.ofportRequest()));
        ops.add(waitRowEquals(OvsdbInterface.TABLE, intf.uuid(), seen));
        ObjectNode row = JSON.objectNode().put("type", spec.type().ovsType());
        row.set("options", OvsdbData.map(spec.options()));
        spec.ofportRequest().ifPresent(o -> row.put("ofport_request", o));
        ops.add(JSON.objectNode().put("op", "update").put("table", OvsdbInterface.TABLE)
                .<ObjectNode>set("where", OvsdbData.whereUuid(intf.uuid())).set("row", row));
        return withCfg(view, Change.UPDATED, ops);
    }

    /**
     * @throws OvsdbException.NotConnected if no bridge of the view has this datapath id
     * @throws OvsdbException.Conflict     if the port name is taken on another bridge
     */
    static TunnelPortPlan remove(OvsdbView view, DeviceId datapathId, String portName) {
        OvsdbBridge bridge = bridge(view, datapathId);
        Optional<OvsdbPort> port = view.portNamed(portName);
        if (port.isEmpty()) {
            return new TunnelPortPlan(Change.UNCHANGED, JSON.arrayNode(), -1);
        }
        checkOnBridge(view, bridge, port.get());
        ArrayNode ops = JSON.arrayNode();
        ops.add(comment("skylane: remove tunnel port " + portName + " from " + bridge.name()));
        ops.add(mutate(OvsdbBridge.TABLE, bridge.uuid(), "ports", "delete",
                OvsdbData.set(OvsdbData.uuidAtom(port.get().uuid()))));
        return withCfg(view, Change.REMOVED, ops);
    }

    /** The interface of this name on the bridge, if the bridge has such a port. */
    static Optional<OvsdbInterface> existingInterface(OvsdbView view, OvsdbBridge bridge, String portName) {
        Optional<OvsdbPort> port = view.portNamed(portName);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        checkOnBridge(view, bridge, port.get());
        if (port.get().interfaceUuids().size() != 1) {
            throw new OvsdbException.Conflict("port " + portName + " on " + bridge.name() + " has "
                    + port.get().interfaceUuids().size() + " interfaces, a tunnel port has one");
        }
        OvsdbInterface intf = view.interfaces().get(port.get().interfaceUuids().iterator().next());
        if (intf == null || !intf.name().equals(portName)) {
            throw new OvsdbException.Conflict("port " + portName + " on " + bridge.name()
                    + " has no interface of the same name");
        }
        return Optional.of(intf);
    }

    private static void checkOnBridge(OvsdbView view, OvsdbBridge bridge, OvsdbPort port) {
        Optional<OvsdbBridge> owner = view.bridgeOf(port);
        if (owner.isEmpty() || !owner.get().uuid().equals(bridge.uuid())) {
            throw new OvsdbException.Conflict("port " + port.name() + " exists "
                    + owner.map(b -> "on bridge " + b.name()).orElse("without a bridge") + ", not on " + bridge.name());
        }
    }

    static OvsdbBridge bridge(OvsdbView view, DeviceId datapathId) {
        return view.bridge(datapathId).orElseThrow(() -> new OvsdbException.NotConnected(datapathId));
    }

    /** The new next_cfg the transaction's results report, if it asked for it. */
    OptionalLong nextCfg(JsonNode results) {
        if (nextCfgOp < 0) {
            return OptionalLong.empty();
        }
        JsonNode v = results.path(nextCfgOp).path("rows").path(0).path("next_cfg");
        return v.isIntegralNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    /** Adds the next_cfg increment and read-back when the database has an Open_vSwitch row. */
    private static TunnelPortPlan withCfg(OvsdbView view, Change change, ArrayNode ops) {
        if (view.openVswitchUuid().isEmpty()) {
            return new TunnelPortPlan(change, ops, -1);
        }
        String ovs = view.openVswitchUuid().get();
        ops.add(JSON.objectNode().put("op", "mutate").put("table", OvsdbView.OPEN_VSWITCH)
                .<ObjectNode>set("where", OvsdbData.whereUuid(ovs))
                .set("mutations", JSON.arrayNode().add(JSON.arrayNode().add("next_cfg").add("+=").add(1))));
        ops.add(JSON.objectNode().put("op", "select").put("table", OvsdbView.OPEN_VSWITCH)
                .<ObjectNode>set("where", OvsdbData.whereUuid(ovs))
                .set("columns", JSON.arrayNode().add("next_cfg")));
        return new TunnelPortPlan(change, ops, ops.size() - 1);
    }

    private static ObjectNode comment(String text) {
        return JSON.objectNode().put("op", "comment").put("comment", text);
    }

    private static ObjectNode insert(String table, ObjectNode row, String uuidName) {
        return JSON.objectNode().put("op", "insert").put("table", table).<ObjectNode>set("row", row)
                .put("uuid-name", uuidName);
    }

    private static ObjectNode mutate(String table, String uuid, String column, String mutator, JsonNode value) {
        return JSON.objectNode().put("op", "mutate").put("table", table)
                .<ObjectNode>set("where", OvsdbData.whereUuid(uuid))
                .set("mutations", JSON.arrayNode().add(JSON.arrayNode().add(column).add(mutator).add(value)));
    }

    /** Fails the transaction at once ("timed out") if a port of this name exists. */
    private static ObjectNode waitNoPortNamed(String name) {
        return JSON.objectNode().put("op", "wait").put("table", OvsdbPort.TABLE).put("timeout", 0)
                .<ObjectNode>set("where", JSON.arrayNode().add(OvsdbData.equal("name", JSON.textNode(name))))
                .<ObjectNode>set("columns", JSON.arrayNode().add("name")).put("until", "==")
                .set("rows", JSON.arrayNode());
    }

    /** Fails the transaction at once ("timed out") unless the row still holds these values. */
    private static ObjectNode waitRowEquals(String table, String uuid, ObjectNode values) {
        ArrayNode columns = JSON.arrayNode();
        values.fieldNames().forEachRemaining(columns::add);
        return JSON.objectNode().put("op", "wait").put("table", table).put("timeout", 0)
                .<ObjectNode>set("where", OvsdbData.whereUuid(uuid)).<ObjectNode>set("columns", columns)
                .<ObjectNode>put("until", "==").set("rows", JSON.arrayNode().add(values));
    }
}
