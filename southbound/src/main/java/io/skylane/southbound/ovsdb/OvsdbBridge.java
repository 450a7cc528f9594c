package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import io.skylane.core.net.DeviceId;
import java.util.Optional;
import java.util.Set;

/**
 * A row of the Bridge table, with the columns Skylane reads.
 *
 * @param uuid       the row's UUID
 * @param name       the bridge name ({@code br-int})
 * @param datapathId the datapath id: the {@code datapath_id} column that ovs-vswitchd writes, or,
 *                   before it did (or without it), {@code other_config:datapath-id}; empty when
 *                   neither holds a valid one
 * @param portUuids  the UUIDs of its Port rows
 */
public record OvsdbBridge(String uuid, String name, Optional<DeviceId> datapathId, Set<String> portUuids) {

    static final String TABLE = "Bridge";
    static final String[] COLUMNS = {"name", "datapath_id", "other_config", "ports"};

    public OvsdbBridge {
        checkNotNull(uuid, "uuid");
        checkNotNull(name, "name");
        checkNotNull(datapathId, "datapathId");
        portUuids = ImmutableSet.copyOf(portUuids);
    }

    static OvsdbBridge fromRow(String uuid, JsonNode row) {
        Optional<String> column = OvsdbData.optionalString(row.get("datapath_id"), "Bridge.datapath_id");
        ImmutableMap<String, String> otherConfig = OvsdbData.stringMap(row.get("other_config"), "Bridge.other_config");
        Optional<DeviceId> dpid = parse(column.orElse(null));
        if (dpid.isEmpty()) {
            dpid = parse(otherConfig.get("datapath-id"));
        }
        return new OvsdbBridge(uuid, OvsdbData.optionalString(row.get("name"), "Bridge.name").orElse(""), dpid,
                OvsdbData.uuidSet(row.get("ports"), "Bridge.ports"));
    }

    private static Optional<DeviceId> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeviceId.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("name", name).add("datapathId", datapathId.orElse(null))
                .add("ports", portUuids.size()).toString();
    }
}
