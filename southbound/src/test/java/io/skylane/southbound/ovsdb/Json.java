package io.skylane.southbound.ovsdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** JSON for tests, written with single quotes for readability. */
final class Json {

    private Json() {
    }

    static JsonNode parse(String singleQuoted) {
        try {
            return JsonRpcCodec.MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + singleQuoted, e);
        }
    }

    /**
     * Table updates for one bridge {@code br} (datapath id column {@code dpid}, may be null) with
     * one port and its interface, as a monitor's first answer brings them.
     */
    static JsonNode bridgeWithPort(String bridgeUuid, String br, String dpid, String portUuid, String port,
                                   String ifaceUuid, String ifaceRow) {
        return parse("{'Open_vSwitch': {'ovs-1': {'new': {'external_ids': ['map', [['system-id', 'hv-1']]],"
                + " 'next_cfg': 7, 'cur_cfg': 7}}},"
                + " 'Bridge': {'" + bridgeUuid + "': {'new': {'name': '" + br + "', 'datapath_id': "
                + (dpid == null ? "['set', []]" : "'" + dpid + "'") + ", 'other_config': ['map', []],"
                + " 'ports': ['uuid', '" + portUuid + "']}}},"
                + " 'Port': {'" + portUuid + "': {'new': {'name': '" + port + "', 'interfaces': ['uuid', '" + ifaceUuid
                + "']}}},"
                + " 'Interface': {'" + ifaceUuid + "': {'new': " + ifaceRow + "}}}");
    }
}
