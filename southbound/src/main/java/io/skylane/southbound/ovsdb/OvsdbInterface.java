package io.skylane.southbound.ovsdb;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A row of the Interface table, with the columns Skylane reads.
 *
 * @param uuid          the row's UUID
 * @param name          the interface name (the port's, for a tunnel)
 * @param type          {@code ""} (system), {@code internal}, {@code geneve}, {@code vxlan}, ...
 * @param options       the type's options ({@code remote_ip}, {@code key}, {@code local_ip} for a tunnel)
 * @param ofport        the OpenFlow port number ovs-vswitchd gave it; -1 when it refused the
 *                      interface; empty until ovs-vswitchd has seen it (or without ovs-vswitchd)
 * @param ofportRequest the OpenFlow port number asked for
 * @param error         why ovs-vswitchd could not set the interface up, empty when it could
 */
public record OvsdbInterface(String uuid, String name, String type, Map<String, String> options, OptionalInt ofport,
                             OptionalInt ofportRequest, Optional<String> error) {

    static final String TABLE = "Interface";
    static final String[] COLUMNS = {"name", "type", "options", "ofport", "ofport_request", "error"};

    public OvsdbInterface {
        checkNotNull(uuid, "uuid");
        checkNotNull(name, "name");
        checkNotNull(type, "type");
        options = ImmutableMap.copyOf(options);
        checkNotNull(ofport, "ofport");
        checkNotNull(ofportRequest, "ofportRequest");
        checkNotNull(error, "error");
    }

    static OvsdbInterface fromRow(String uuid, JsonNode row) {
        return new OvsdbInterface(uuid, OvsdbData.optionalString(row.get("name"), "Interface.name").orElse(""),
                OvsdbData.optionalString(row.get("type"), "Interface.type").orElse(""),
                OvsdbData.stringMap(row.get("options"), "Interface.options"),
                OvsdbData.optionalInt(row.get("ofport"), "Interface.ofport"),
                OvsdbData.optionalInt(row.get("ofport_request"), "Interface.ofport_request"),
                OvsdbData.optionalString(row.get("error"), "Interface.error").filter(e -> !e.isEmpty()));
    }

    /** ovs-vswitchd refused the interface: an error text or ofport -1. */
    public boolean refused() {
        return error.isPresent() || (ofport.isPresent() && ofport.getAsInt() < 0);
    }

    /** ovs-vswitchd set it up: a positive ofport and no error. */
    public boolean ready() {
        return !refused() && ofport.isPresent() && ofport.getAsInt() > 0;
    }
}
