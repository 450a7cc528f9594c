package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.southbound.ovsdb.TunnelPortResult.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TunnelPortPlanTest {

    private static final DeviceId DPID = DeviceId.of(0xa1);
    private static final TunnelPortSpec SPEC = TunnelPortSpec.of(DPID, "sktun", TunnelType.GENEVE,
            Ip4Address.parse("192.0.2.1"), 100);

    private static OvsdbView withTunnel(String type, String localIp, String ofportRequest) {
        return OvsdbView.EMPTY.apply(Json.bridgeWithPort("b1", "br-int", "00000000000000a1", "p1", "sktun", "i1",
                "{'name': 'sktun', 'type': '" + type + "', 'options': ['map', [['key', 'flow'], ['local_ip', '"
                        + localIp + "'], ['remote_ip', 'flow']]], 'ofport': 100, 'ofport_request': " + ofportRequest
                        + ", 'error': ['set', []]}"));
    }

    private static OvsdbView withOtherPort() {
        return OvsdbView.EMPTY.apply(Json.bridgeWithPort("b1", "br-int", "00000000000000a1", "p1", "eth1", "i1",
                "{'name': 'eth1', 'type': '', 'options': ['map', []], 'ofport': 1}"));
    }

    private static List<String> ops(TunnelPortPlan p) {
        List<String> l = new ArrayList<>();
        p.operations().forEach(o -> l.add(o.get("op").asText() + (o.has("table") ? " " + o.get("table").asText() : "")));
        return l;
    }

    @Test
    void missingPortIsCreatedInOneGuardedTransaction() {
        TunnelPortPlan p = TunnelPortPlan.ensure(withOtherPort(), SPEC);
        assertEquals(Change.CREATED, p.change());
        assertEquals(List.of("comment", "wait Port", "insert Interface", "insert Port", "mutate Bridge",
                "mutate Open_vSwitch", "select Open_vSwitch"), ops(p));
        JsonNode o = p.operations();
        assertEquals(Json.parse("[['name', '==', 'sktun']]"), o.get(1).get("where"));
        assertEquals(Json.parse("[]"), o.get(1).get("rows"));
        assertEquals(0, o.get(1).get("timeout").asInt());
        assertEquals(Json.parse("{'name': 'sktun', 'type': 'geneve', 'options': ['map', [['key', 'flow'],"
                + " ['local_ip', '192.0.2.1'], ['remote_ip', 'flow']]], 'ofport_request': 100}"), o.get(2).get("row"));
        String iface = o.get(2).get("uuid-name").asText();
        assertEquals(Json.parse("['named-uuid', '" + iface + "']"), o.get(3).get("row").get("interfaces"));
        String port = o.get(3).get("uuid-name").asText();
        assertEquals(Json.parse("[['_uuid', '==', ['uuid', 'b1']]]"), o.get(4).get("where"));
        assertEquals(Json.parse("[['ports', 'insert', ['set', [['named-uuid', '" + port + "']]]]]"),
                o.get(4).get("mutations"));
        assertEquals(Json.parse("[['next_cfg', '+=', 1]]"), o.get(5).get("mutations"));
        assertEquals(6, p.nextCfgOp());
        assertEquals(OptionalLong.of(8), p.nextCfg(Json.parse("[{}, {}, {'uuid': ['uuid', 'x']}, {}, {'count': 1},"
                + " {'count': 1}, {'rows': [{'next_cfg': 8}]}]")));
    }

    @Test
    void portInPlaceNeedsNoTransaction() {
        assertEquals(Change.UNCHANGED, TunnelPortPlan.ensure(withTunnel("geneve", "192.0.2.1", "100"), SPEC).change());
        assertTrue(TunnelPortPlan.ensure(withTunnel("geneve", "192.0.2.1", "100"), SPEC).operations().isEmpty());
        TunnelPortSpec anyOfport = new TunnelPortSpec(DPID, "sktun", TunnelType.GENEVE, Ip4Address.parse("192.0.2.1"),
                OptionalInt.empty());
        assertEquals(Change.UNCHANGED, TunnelPortPlan.ensure(withTunnel("geneve", "192.0.2.1", "['set', []]"),
                anyOfport).change(), "without a request, the existing ofport_request is left alone");
    }

    @Test
    void endpointChangeUpdatesTheInterfaceGuardedByWhatWasSeen() {
        TunnelPortPlan p = TunnelPortPlan.ensure(withTunnel("geneve", "192.0.2.9", "100"), SPEC);
        assertEquals(Change.UPDATED, p.change());
        assertEquals(List.of("comment", "wait Interface", "update Interface", "mutate Open_vSwitch",
                "select Open_vSwitch"), ops(p));
        JsonNode wait = p.operations().get(1);
        assertEquals(Json.parse("[{'type': 'geneve', 'options': ['map', [['key', 'flow'], ['local_ip', '192.0.2.9'],"
                + " ['remote_ip', 'flow']]], 'ofport_request': 100}]"), wait.get("rows"));
        assertEquals("==", wait.get("until").asText());
        JsonNode update = p.operations().get(2);
        assertEquals(Json.parse("[['_uuid', '==', ['uuid', 'i1']]]"), update.get("where"));
        assertEquals("192.0.2.1", update.get("row").get("options").get(1).get(1).get(1).asText());
    }

    @Test
    void typeAndOfportRequestChangesAreUpdates() {
        assertEquals(Change.UPDATED, TunnelPortPlan.ensure(withTunnel("vxlan", "192.0.2.1", "100"), SPEC).change());
        assertEquals(Change.UPDATED, TunnelPortPlan.ensure(withTunnel("geneve", "192.0.2.1", "101"), SPEC).change());
    }

    @Test
    void unknownBridgeAndNameTakenElsewhereAreTypedFailures() {
        OvsdbException.NotConnected nc = assertThrows(OvsdbException.NotConnected.class,
                () -> TunnelPortPlan.ensure(withOtherPort(), TunnelPortSpec.of(DeviceId.of(0xff), "sktun",
                        TunnelType.GENEVE, Ip4Address.parse("192.0.2.1"), 100)));
        assertEquals(DeviceId.of(0xff), nc.datapathId());
        OvsdbView twoBridges = withTunnel("geneve", "192.0.2.1", "100").apply(Json.parse(
                "{'Bridge': {'b2': {'new': {'name': 'br-ex', 'datapath_id': '00000000000000b2', 'ports': ['set', []]}}}}"));
        TunnelPortSpec onB2 = TunnelPortSpec.of(DeviceId.of(0xb2), "sktun", TunnelType.GENEVE,
                Ip4Address.parse("192.0.2.1"), 100);
        assertThrows(OvsdbException.Conflict.class, () -> TunnelPortPlan.ensure(twoBridges, onB2));
        assertThrows(OvsdbException.Conflict.class, () -> TunnelPortPlan.remove(twoBridges, DeviceId.of(0xb2), "sktun"));
    }

    @Test
    void removalDeletesThePortFromTheBridgeOrDoesNothing() {
        TunnelPortPlan p = TunnelPortPlan.remove(withTunnel("geneve", "192.0.2.1", "100"), DPID, "sktun");
        assertEquals(Change.REMOVED, p.change());
        assertEquals(List.of("comment", "mutate Bridge", "mutate Open_vSwitch", "select Open_vSwitch"), ops(p));
        assertEquals(Json.parse("[['ports', 'delete', ['set', [['uuid', 'p1']]]]]"),
                p.operations().get(1).get("mutations"));
        assertEquals(Change.UNCHANGED, TunnelPortPlan.remove(withOtherPort(), DPID, "sktun").change());
    }

    @Test
    void withoutOpenVswitchRowNothingWaitsForOvsVswitchd() {
        OvsdbView bare = OvsdbView.EMPTY.apply(Json.parse("{'Bridge': {'b1': {'new': {'name': 'br-int',"
                + " 'datapath_id': '00000000000000a1', 'ports': ['set', []]}}}}"));
        TunnelPortPlan p = TunnelPortPlan.ensure(bare, SPEC);
        assertEquals(-1, p.nextCfgOp());
        assertEquals(List.of("comment", "wait Port", "insert Interface", "insert Port", "mutate Bridge"), ops(p));
    }

    @Test
    void transactionResultsAreChecked() {
        TunnelPortPlan p = TunnelPortPlan.remove(withTunnel("geneve", "192.0.2.1", "100"), DPID, "sktun");
        TunnelPorts.checkResults(p, Json.parse("[{}, {'count': 1}, {'count': 1}, {'rows': [{'next_cfg': 8}]}]"), "x");
        OvsdbException.ServerError e = assertThrows(OvsdbException.ServerError.class, () -> TunnelPorts.checkResults(p,
                Json.parse("[{}, {'error': 'constraint violation', 'details': 'no'}, null, null]"), "x"));
        assertEquals("constraint violation", e.error());
        assertTrue(e.getMessage().contains("(mutate)"), e.getMessage());
        OvsdbException.ServerError commit = assertThrows(OvsdbException.ServerError.class, () -> TunnelPorts.checkResults(p,
                Json.parse("[{}, {'count': 1}, {'count': 1}, {'rows': []}, {'error': 'referential integrity violation'}]"),
                "x"));
        assertTrue(commit.getMessage().contains("(commit)"), commit.getMessage());
        assertThrows(OvsdbException.Conflict.class, () -> TunnelPorts.checkResults(p,
                Json.parse("[{}, {'count': 0}, {'count': 1}, {'rows': []}]"), "x"));
    }

    @Test
    void specIsValidated() {
        Ip4Address ip = Ip4Address.parse("192.0.2.1");
        assertThrows(IllegalArgumentException.class, () -> TunnelPortSpec.of(DPID, "", TunnelType.GENEVE, ip, 100));
        assertThrows(IllegalArgumentException.class, () -> TunnelPortSpec.of(DPID, "a-name-that-is-too-long",
                TunnelType.GENEVE, ip, 100));
        assertThrows(IllegalArgumentException.class, () -> TunnelPortSpec.of(DPID, "a b", TunnelType.GENEVE, ip, 100));
        assertThrows(IllegalArgumentException.class, () -> TunnelPortSpec.of(DPID, "t", TunnelType.GENEVE, ip, 0));
        assertThrows(IllegalArgumentException.class, () -> TunnelPortSpec.of(DPID, "t", TunnelType.GENEVE, ip, 0xff00));
        assertEquals(TunnelType.VXLAN, TunnelType.of("vxlan"));
        assertThrows(IllegalArgumentException.class, () -> TunnelType.of("gre"));
    }
}
