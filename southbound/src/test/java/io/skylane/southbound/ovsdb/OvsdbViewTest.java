package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OvsdbViewTest {

    private static final DeviceId DPID = DeviceId.of(0xa1);

    private static OvsdbView initial() {
        return OvsdbView.EMPTY.apply(Json.bridgeWithPort("b1", "br-int", "00000000000000a1", "p1", "eth1", "i1",
                "{'name': 'eth1', 'type': '', 'options': ['map', []], 'ofport': 1, 'ofport_request': ['set', []],"
                        + " 'error': ['set', []]}"));
    }

    @Test
    void firstMonitorAnswerFillsEveryTable() {
        OvsdbView v = initial();
        assertEquals(Optional.of("hv-1"), v.systemId());
        assertEquals(Optional.of("ovs-1"), v.openVswitchUuid());
        assertEquals(7, v.nextCfg());
        assertEquals(7, v.curCfg());
        assertEquals(Set.of(DPID), v.datapathIds());
        OvsdbBridge br = v.bridge(DPID).orElseThrow();
        assertEquals("br-int", br.name());
        assertEquals(Set.of("p1"), br.portUuids());
        OvsdbInterface eth1 = v.interfaces().get("i1");
        assertEquals(OptionalInt.of(1), eth1.ofport());
        assertEquals(OptionalInt.empty(), eth1.ofportRequest());
        assertEquals(Optional.empty(), eth1.error());
        assertTrue(eth1.ready());
        HypervisorView hv = v.hypervisor(DPID).orElseThrow();
        assertEquals(Set.of("eth1"), hv.ports().keySet());
        assertEquals(Optional.of(eth1), hv.interfaceNamed("eth1"));
        assertEquals(Optional.of("hv-1"), hv.systemId());
    }

    @Test
    void insertModifyAndDeleteAreApplied() {
        OvsdbView v = initial().apply(Json.parse("{"
                + "'Interface': {'i2': {'new': {'name': 'tun', 'type': 'geneve', 'options': ['map', [['key', 'flow'],"
                + " ['local_ip', '192.0.2.1'], ['remote_ip', 'flow']]], 'ofport': ['set', []],"
                + " 'ofport_request': 100, 'error': ['set', []]}}},"
                + "'Port': {'p2': {'new': {'name': 'tun', 'interfaces': ['uuid', 'i2']}}},"
                + "'Bridge': {'b1': {'old': {'ports': ['uuid', 'p1']}, 'new': {'name': 'br-int',"
                + " 'datapath_id': '00000000000000a1', 'other_config': ['map', []],"
                + " 'ports': ['set', [['uuid', 'p1'], ['uuid', 'p2']]]}}}}"));
        HypervisorView hv = v.hypervisor(DPID).orElseThrow();
        assertEquals(Set.of("eth1", "tun"), hv.ports().keySet());
        OvsdbInterface tun = hv.interfaceNamed("tun").orElseThrow();
        assertEquals("geneve", tun.type());
        assertEquals(Map.of("key", "flow", "local_ip", "192.0.2.1", "remote_ip", "flow"), tun.options());
        assertEquals(OptionalInt.of(100), tun.ofportRequest());
        assertFalse(tun.ready());
        assertFalse(tun.refused());

        OvsdbView refused = v.apply(Json.parse("{'Interface': {'i2': {'old': {'ofport': ['set', []]}, 'new': {"
                + "'name': 'tun', 'type': 'geneve', 'options': ['map', []], 'ofport': -1, 'ofport_request': 100,"
                + " 'error': 'could not add network device tun to ofproto (File exists)'}}}}"));
        OvsdbInterface t2 = refused.interfaces().get("i2");
        assertTrue(t2.refused());
        assertEquals(Optional.of("could not add network device tun to ofproto (File exists)"), t2.error());
        assertNotEquals(v.hypervisor(DPID), refused.hypervisor(DPID), "an error makes a different hypervisor view");

        OvsdbView gone = refused.apply(Json.parse("{'Port': {'p2': {'old': {'name': 'tun'}}},"
                + " 'Interface': {'i2': {'old': {'name': 'tun'}}},"
                + " 'Bridge': {'b1': {'new': {'name': 'br-int', 'datapath_id': '00000000000000a1',"
                + " 'other_config': ['map', []], 'ports': ['uuid', 'p1']}}}}"));
        assertEquals(initial().hypervisor(DPID), gone.hypervisor(DPID));
        assertEquals(Optional.empty(), gone.portNamed("tun"));
    }

    @Test
    void datapathIdFallsBackToOtherConfigUntilOvsVswitchdWritesIt() {
        OvsdbView v = OvsdbView.EMPTY.apply(Json.parse("{'Bridge': {'b1': {'new': {'name': 'br', 'datapath_id':"
                + " ['set', []], 'other_config': ['map', [['datapath-id', '00000000000000b2']]], 'ports': ['set', []]}},"
                + " 'b2': {'new': {'name': 'nodpid', 'datapath_id': ['set', []], 'other_config': ['map', []],"
                + " 'ports': ['set', []]}}}}"));
        assertEquals(Set.of(DeviceId.of(0xb2)), v.datapathIds());
        assertEquals(2, v.bridges().size());
        assertEquals("br", v.bridge(DeviceId.of(0xb2)).orElseThrow().name());

        OvsdbView written = v.apply(Json.parse("{'Bridge': {'b1': {'new': {'name': 'br', 'datapath_id':"
                + " '00000000000000c3', 'other_config': ['map', [['datapath-id', '00000000000000b2']]],"
                + " 'ports': ['set', []]}}}}"));
        assertEquals(Set.of(DeviceId.of(0xc3)), written.datapathIds(), "the datapath_id column wins");
    }

    @Test
    void openVswitchRowWithoutSystemId() {
        OvsdbView v = OvsdbView.EMPTY.apply(Json.parse("{'Open_vSwitch': {'o': {'new': {'external_ids': ['map', []],"
                + " 'next_cfg': 3, 'cur_cfg': 0}}}}"));
        assertEquals(Optional.empty(), v.systemId());
        assertEquals(3, v.nextCfg());
        assertEquals(0, v.curCfg());
    }

    @Test
    void malformedUpdatesAreRejectedNotIgnored() {
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse("[1]")));
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse("{'Bridge': 5}")));
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse(
                "{'Bridge': {'b': {'new': {'name': 'x', 'ports': ['uuid', 5]}}}}")));
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse(
                "{'Interface': {'i': {'new': {'name': 'x', 'options': ['set', []]}}}}")));
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse(
                "{'Interface': {'i': {'new': {'name': 'x', 'ofport': 'one'}}}}")));
        assertThrows(OvsdbProtocolException.class, () -> OvsdbView.EMPTY.apply(Json.parse(
                "{'Port': {'p': {'new': 'x'}}}")));
    }

    @Test
    void tablesNotMonitoredAreIgnored() {
        assertEquals(OvsdbView.EMPTY.toString(), OvsdbView.EMPTY.apply(Json.parse("{'Manager': {'m': {'new': {}}}}"))
                .toString());
    }
}
