package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.net.DeviceId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * What one OVSDB connection shows of its Open vSwitch: the Open_vSwitch row (system id,
 * configuration counters) and the Bridge, Port and Interface rows with the columns Skylane
 * monitors. Immutable; {@link #apply(JsonNode)} returns the view after a monitor's table updates.
 */
public final class OvsdbView {

    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String[] OPEN_VSWITCH_COLUMNS = {"external_ids", "next_cfg", "cur_cfg"};

    /** A connection's view before the monitor's first answer. */
    public static final OvsdbView EMPTY = new OvsdbView(Optional.empty(), Optional.empty(), 0, 0, ImmutableMap.of(),
            ImmutableMap.of(), ImmutableMap.of());

    private final Optional<String> openVswitchUuid;
    private final Optional<String> systemId;
    private final long nextCfg;
    private final long curCfg;
    private final ImmutableMap<String, OvsdbBridge> bridges;
    private final ImmutableMap<String, OvsdbPort> ports;
    private final ImmutableMap<String, OvsdbInterface> interfaces;

    private OvsdbView(Optional<String> openVswitchUuid, Optional<String> systemId, long nextCfg, long curCfg,
                      ImmutableMap<String, OvsdbBridge> bridges, ImmutableMap<String, OvsdbPort> ports,
                      ImmutableMap<String, OvsdbInterface> interfaces) {
        this.openVswitchUuid = openVswitchUuid;
        this.systemId = systemId;
        this.nextCfg = nextCfg;
        this.curCfg = curCfg;
        this.bridges = bridges;
        this.ports = ports;
        this.interfaces = interfaces;
    }

    /**
     * The view after a monitor's {@code table-updates} (RFC 7047 §4.1.6): a row with {@code new}
     * is inserted or replaced, a row without is deleted. Tables not monitored are ignored.
     *
     * @throws OvsdbProtocolException if the updates are not shaped as the RFC says
     */
    public OvsdbView apply(JsonNode tableUpdates) {
        checkNotNull(tableUpdates, "tableUpdates");
        if (!tableUpdates.isObject()) {
            throw new OvsdbProtocolException("table-updates is not an object: " + tableUpdates);
        }
        Optional<String> ovsUuid = openVswitchUuid;
        Optional<String> sysId = systemId;
        long next = nextCfg;
        long cur = curCfg;
        JsonNode ovs = tableUpdates.get(OPEN_VSWITCH);
        if (ovs != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = rows(ovs, OPEN_VSWITCH); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode row = e.getValue().get("new");
                if (row == null) {
                    ovsUuid = Optional.empty();
                    sysId = Optional.empty();
                    next = 0;
                    cur = 0;
                } else {
                    ovsUuid = Optional.of(e.getKey());
                    sysId = Optional.ofNullable(OvsdbData.stringMap(row.get("external_ids"),
                            "Open_vSwitch.external_ids").get("system-id"));
                    next = orZero(OvsdbData.optionalLong(row.get("next_cfg"), "Open_vSwitch.next_cfg"));
                    cur = orZero(OvsdbData.optionalLong(row.get("cur_cfg"), "Open_vSwitch.cur_cfg"));
                }
            }
        }
        return new OvsdbView(ovsUuid, sysId, next, cur,
                applyTable(bridges, tableUpdates.get(OvsdbBridge.TABLE), OvsdbBridge.TABLE, OvsdbBridge::fromRow),
                applyTable(ports, tableUpdates.get(OvsdbPort.TABLE), OvsdbPort.TABLE, OvsdbPort::fromRow),
                applyTable(interfaces, tableUpdates.get(OvsdbInterface.TABLE), OvsdbInterface.TABLE,
                        OvsdbInterface::fromRow));
    }

    private static <R> ImmutableMap<String, R> applyTable(ImmutableMap<String, R> current, JsonNode update,
                                                         String table, BiFunction<String, JsonNode, R> reader) {
        if (update == null) {
            return current;
        }
        Map<String, R> m = new LinkedHashMap<>(current);
        for (Iterator<Map.Entry<String, JsonNode>> it = rows(update, table); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode row = e.getValue().get("new");
            if (row == null) {
                m.remove(e.getKey());
            } else if (!row.isObject()) {
                throw new OvsdbProtocolException("row " + e.getKey() + " of " + table + " is not an object");
            } else {
                m.put(e.getKey(), reader.apply(e.getKey(), row));
            }
        }
        return ImmutableMap.copyOf(m);
    }

    private static Iterator<Map.Entry<String, JsonNode>> rows(JsonNode update, String table) {
        if (!update.isObject()) {
            throw new OvsdbProtocolException("the update of table " + table + " is not an object");
        }
        for (Map.Entry<String, JsonNode> e : update.properties()) {
            if (!e.getValue().isObject()) {
                throw new OvsdbProtocolException("row update " + e.getKey() + " of " + table + " is not an object");
            }
        }
        return update.properties().iterator();
    }

    private static long orZero(OptionalLong l) {
        return l.orElse(0);
    }

    // ---- queries ------------------------------------------------------------------------------

    /** {@code Open_vSwitch.external_ids:system-id}, the hypervisor's identity as OVN knows it. */
    public Optional<String> systemId() {
        return systemId;
    }

    /** The UUID of the Open_vSwitch row; empty in a database that was never initialised. */
    public Optional<String> openVswitchUuid() {
        return openVswitchUuid;
    }

    /** The configuration generation asked of ovs-vswitchd ({@code next_cfg}). */
    public long nextCfg() {
        return nextCfg;
    }

    /** The configuration generation ovs-vswitchd has applied ({@code cur_cfg}; stays 0 without it). */
    public long curCfg() {
        return curCfg;
    }

    public Map<String, OvsdbBridge> bridges() {
        return bridges;
    }

    public Map<String, OvsdbPort> ports() {
        return ports;
    }

    public Map<String, OvsdbInterface> interfaces() {
        return interfaces;
    }

    /** The datapath ids of the bridges that have one. */
    public ImmutableSortedSet<DeviceId> datapathIds() {
        ImmutableSortedSet.Builder<DeviceId> b = ImmutableSortedSet.naturalOrder();
        for (OvsdbBridge br : bridges.values()) {
            br.datapathId().ifPresent(b::add);
        }
        return b.build();
    }

    /** The bridge with this datapath id (the first by name if, wrongly, two claim it). */
    public Optional<OvsdbBridge> bridge(DeviceId datapathId) {
        return bridges.values().stream().filter(b -> b.datapathId().equals(Optional.of(datapathId)))
                .min((a, b) -> a.name().compareTo(b.name()));
    }

    /** The port of this name, on whichever bridge (port names are unique in a database). */
    public Optional<OvsdbPort> portNamed(String name) {
        return ports.values().stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The bridge whose {@code ports} hold this port. */
    public Optional<OvsdbBridge> bridgeOf(OvsdbPort port) {
        return bridges.values().stream().filter(b -> b.portUuids().contains(port.uuid())).findFirst();
    }

    /** The slice of the view that belongs to the bridge with this datapath id. */
    public Optional<HypervisorView> hypervisor(DeviceId datapathId) {
        return bridge(datapathId).map(br -> {
            Map<String, OvsdbPort> p = new TreeMap<>();
            Map<String, OvsdbInterface> i = new TreeMap<>();
            for (String portUuid : br.portUuids()) {
                OvsdbPort port = ports.get(portUuid);
                if (port == null) {
                    continue;
                }
                p.put(port.name(), port);
                for (String ifUuid : port.interfaceUuids()) {
                    OvsdbInterface intf = interfaces.get(ifUuid);
                    if (intf != null) {
                        i.put(intf.name(), intf);
                    }
                }
            }
            return new HypervisorView(datapathId, systemId, br, p, i);
        });
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("systemId", systemId.orElse(null)).add("bridges", bridges.size())
                .add("ports", ports.size()).add("interfaces", interfaces.size()).add("nextCfg", nextCfg)
                .add("curCfg", curCfg).toString();
    }
}
