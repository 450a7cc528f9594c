package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.Criterion.Type;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.IpProtocol;
import io.skylane.core.net.PortNumber;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The conntrack action and match fields (Open vSwitch's Nicira extensions) in the core model. */
class ConntrackTest {

    private static final AppId APP = AppId.of(20, "test");

    private static FlowRule.Builder rule(int table) {
        return FlowRule.builder().device(DeviceId.of(1)).table(table).priority(10).app(APP);
    }

    private static Match ip(Criterion... more) {
        Match.Builder b = Match.builder().add(Criterion.ethType(EthType.IPV4));
        for (Criterion c : more) {
            b.add(c);
        }
        return b.build();
    }

    @Test
    void ctActionsValidateZoneAndTable() {
        assertEquals(new Action.Ct(false, 5, OptionalInt.of(3)), Action.ct(5, 3));
        assertEquals(new Action.Ct(true, 5, OptionalInt.empty()), Action.ctCommit(5));
        assertEquals("ct(zone=5,table=3)", Action.ct(5, 3).toString());
        assertEquals("ct(commit,zone=65535)", Action.ctCommit(0xffff).toString());
        assertThrows(IllegalArgumentException.class, () -> Action.ct(0x10000, 3));
        assertThrows(IllegalArgumentException.class, () -> Action.ctCommit(-1));
        assertThrows(IllegalArgumentException.class, () -> Action.ct(1, 255));
        assertThrows(IllegalArgumentException.class, () -> Action.ct(1, -1));
        assertThrows(NullPointerException.class, () -> new Action.Ct(true, 1, null));
    }

    @Test
    void ctStateIsAMaskableBitFieldAndCtZoneIsExact() {
        Criterion untracked = Criterion.ctState(0, Criterion.CT_TRK);
        assertEquals(new Criterion.NumberField(Type.CT_STATE, 0, 0x20), untracked);
        assertTrue(untracked.isMasked());
        assertEquals(new Criterion.NumberField(Type.CT_STATE, 0x21, 0x21),
                Criterion.ctState(Criterion.CT_TRK | Criterion.CT_NEW, 0));
        assertEquals(new Criterion.NumberField(Type.CT_STATE, 0x22, 0x3f), Criterion.ctState(
                Criterion.CT_TRK | Criterion.CT_EST, Criterion.CT_NEW | Criterion.CT_REL | Criterion.CT_RPL
                        | Criterion.CT_INV));
        assertEquals(List.of(0x01L, 0x02L, 0x04L, 0x08L, 0x10L, 0x20L, 0x40L, 0x80L), List.of(Criterion.CT_NEW,
                Criterion.CT_EST, Criterion.CT_REL, Criterion.CT_RPL, Criterion.CT_INV, Criterion.CT_TRK,
                Criterion.CT_SNAT, Criterion.CT_DNAT));
        assertFalse(Criterion.ctState(0xff, 0xffffff00L).isMasked());
        assertThrows(IllegalArgumentException.class, () -> Criterion.ctState(Criterion.CT_TRK, Criterion.CT_TRK));
        assertThrows(IllegalArgumentException.class, () -> Criterion.ctState(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Criterion.ctState(0x1_0000_0000L, 0));

        assertFalse(Criterion.ctZone(5).isMasked());
        assertThrows(IllegalArgumentException.class, () -> Criterion.ctZone(0x10000));
        // OVS: "invalid mask for field ct_zone"
        assertThrows(IllegalArgumentException.class, () -> new Criterion.NumberField(Type.CT_ZONE, 5, 0xff));
        assertThrows(IllegalArgumentException.class, () -> new Action.SetField(Criterion.ctZone(5)));
        assertThrows(IllegalArgumentException.class,
                () -> new Action.SetField(Criterion.exact(Type.CT_STATE, Criterion.CT_EST)));
    }

    @Test
    void conntrackFieldsNeedNoOtherFieldAndComeAfterTheOpenFlowOnes() {
        Match m = Match.builder().add(Criterion.ctZone(5)).add(Criterion.ctState(Criterion.CT_EST, 0))
                .add(Criterion.inPort(PortNumber.of(1))).add(Criterion.tunnelId(7)).build();
        assertEquals(List.of(Type.IN_PORT, Type.TUNNEL_ID, Type.CT_STATE, Type.CT_ZONE),
                m.criteria().stream().map(Criterion::type).toList());
    }

    @Test
    void theCtActionNeedsAnIpMatchAsOpenVSwitchDemands() {
        // ovs-ofctl add-flow "actions=ct(zone=5)" and "arp,actions=ct(zone=5)": OFPBAC_MATCH_INCONSISTENT
        assertThrows(IllegalArgumentException.class, () -> rule(2).apply(Action.ct(5, 3)).build());
        assertThrows(IllegalArgumentException.class, () -> rule(2).match(Match.builder()
                .add(Criterion.ethType(EthType.ARP)).build()).apply(Action.ctCommit(5)).build());
        assertThrows(IllegalArgumentException.class, () -> rule(2).match(Match.builder()
                .add(Criterion.ctState(0, Criterion.CT_TRK)).build()).apply(Action.ct(5, 3)).build());
        assertThrows(IllegalArgumentException.class, () -> rule(2).instruction(
                new Instruction.WriteActions(List.of(Action.ctCommit(5)))).build());

        FlowRule lookup = rule(2).match(ip(Criterion.ctState(0, Criterion.CT_TRK))).apply(Action.ct(5, 3)).build();
        assertEquals(List.of(Action.ct(5, 3)), lookup.applyActions());
        rule(3).match(Match.builder().add(Criterion.ethType(EthType.IPV6)).build())
                .instruction(new Instruction.WriteActions(List.of(Action.ctCommit(7)))).build();
        // OVS accepts recirculation to the same or an earlier table (unlike goto_table)
        rule(7).match(ip()).apply(Action.ct(5, 2)).build();
        rule(3).match(ip(Criterion.ipProto(IpProtocol.TCP), Criterion.ctState(Criterion.CT_TRK | Criterion.CT_NEW, 0)))
                .apply(Action.ctCommit(5)).gotoTable(4).build();
    }
}
