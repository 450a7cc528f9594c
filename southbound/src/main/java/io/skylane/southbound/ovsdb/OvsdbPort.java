package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSet;
import java.util.Set;

/**
 * A row of the Port table, with the columns Skylane reads.
 *
 * @param uuid           the row's UUID
 * @param name           the port name (unique in the database)
 * @param interfaceUuids its Interface rows (one, except for bonds)
 */
public record OvsdbPort(String uuid, String name, Set<String> interfaceUuids) {

    static final String TABLE = "Port";
    static final String[] COLUMNS = {"name", "interfaces"};

    public OvsdbPort {
        checkNotNull(uuid, "uuid");
        checkNotNull(name, "name");
        interfaceUuids = ImmutableSet.copyOf(interfaceUuids);
    }

    static OvsdbPort fromRow(String uuid, JsonNode row) {
        return new OvsdbPort(uuid, OvsdbData.optionalString(row.get("name"), "Port.name").orElse(""),
                OvsdbData.uuidSet(row.get("interfaces"), "Port.interfaces"));
    }
}
