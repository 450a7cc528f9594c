package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.VlanId;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRuleTest {

    private static final DeviceId D = DeviceId.of(1);
    private static final AppId APP = AppId.of(20, "test");

    private static FlowRule.Builder rule() {
        return FlowRule.builder().device(D).table(1).priority(10).app(APP);
    }

    @Test
    void instructionsAreKeptInExecutionOrder() {
        FlowRule r = rule().gotoTable(2).instruction(new Instruction.WriteMetadata(1, 1))
                .apply(Action.output(PortNumber.of(1))).build();

        assertEquals(List.of(Instruction.ApplyActions.class, Instruction.WriteMetadata.class,
                Instruction.GotoTable.class), r.instructions().stream().map(Object::getClass).toList());
        assertEquals(r, rule().apply(Action.output(PortNumber.of(1))).instruction(new Instruction.WriteMetadata(1, 1))
                .gotoTable(2).build());
        assertEquals(List.of(Action.output(PortNumber.of(1))), r.applyActions());
    }

    @Test
    void anInstructionListAlreadyInOrderIsSharedNotCopied() {
        List<Instruction> shared = com.google.common.collect.ImmutableList.of(
                Instruction.apply(Action.output(PortNumber.of(1))), Instruction.gotoTable(2));
        FlowRule a = new FlowRule(D, 1, 10, Match.ALL, shared, APP.cookie(), 0, 0, false);
        FlowRule b = new FlowRule(DeviceId.of(2), 1, 10, Match.ALL, shared, APP.cookie(), 0, 0, false);
        FlowRule reordered = new FlowRule(D, 1, 10, Match.ALL, com.google.common.collect.ImmutableList.of(
                Instruction.gotoTable(2), Instruction.apply(Action.output(PortNumber.of(1)))), APP.cookie(), 0, 0, false);

        assertTrue(a.instructions() == shared && b.instructions() == shared, "the given list is kept");
        assertEquals(a, reordered);
        assertEquals(shared, reordered.instructions()); // out of order: sorted into a new list, as before
        assertThrows(IllegalArgumentException.class, () -> new FlowRule(D, 2, 10, Match.ALL,
                com.google.common.collect.ImmutableList.of(Instruction.gotoTable(2)), APP.cookie(), 0, 0, false));
    }

    @Test
    void invalidRulesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> rule().gotoTable(1).build());
        assertThrows(IllegalArgumentException.class, () -> rule().apply().apply().build());
        assertThrows(IllegalArgumentException.class, () -> rule().table(255).build());
        assertThrows(IllegalArgumentException.class, () -> rule().priority(0x10000).build());
        assertThrows(IllegalArgumentException.class, () -> rule().idleTimeout(-1).build());
        assertThrows(IllegalArgumentException.class, () -> rule().hardTimeout(0x10000).build());
        assertThrows(IllegalStateException.class, () -> FlowRule.builder().priority(1).app(APP).build());
        assertThrows(IllegalStateException.class, () -> FlowRule.builder().device(D).app(APP).build());
        assertThrows(IllegalStateException.class, () -> FlowRule.builder().device(D).priority(1).build());
    }

    @Test
    void keyIsDeviceTablePriorityAndMatch() {
        Match m = Match.builder().add(Criterion.ethType(EthType.ARP)).build();
        FlowRule a = rule().match(m).apply(Action.output(PortNumber.of(1))).build();
        FlowRule b = rule().match(m).apply(Action.output(PortNumber.of(2))).idleTimeout(5).build();

        assertEquals(a.key(), b.key());
        assertNotEquals(a, b);
        assertNotEquals(a.key(), rule().priority(11).match(m).build().key());
    }

    @Test
    void ownerAndTransience() {
        FlowRule r = rule().cookie(APP.cookie(0x42)).build();
        assertEquals(APP.id(), r.appId());
        assertFalse(r.isTransient());
        assertTrue(rule().idleTimeout(10).build().isTransient());
        assertTrue(rule().hardTimeout(10).build().isTransient());
        assertEquals(List.of(), r.applyActions());
    }

    @Test
    void toBuilderRoundTrips() {
        FlowRule r = rule().match(Match.builder().add(Criterion.vlan(VlanId.of(5))).build())
                .apply(Action.setEthDst(MacAddress.of(1)), Action.output(PortNumber.of(3))).cookie(APP.cookie(9))
                .idleTimeout(3).hardTimeout(4).notifyRemoval(true).build();
        assertEquals(r, r.toBuilder().build());
    }

    @Test
    void appIdFillsTheTopOfTheCookie() {
        assertEquals(0x0014_0000_0000_0042L, APP.cookie(0x42));
        assertEquals(20, AppId.idOf(APP.cookie(0x42)));
        assertEquals(0, AppId.idOf(0x42));
        assertEquals(0xffff_0000_0000_0000L, AppId.appMask());
        assertEquals(0xffff, AppId.idOf(AppId.of(0xffff, "max").cookie()));
        assertThrows(IllegalArgumentException.class, () -> APP.cookie(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> AppId.of(0, "zero"));
        assertThrows(IllegalArgumentException.class, () -> AppId.of(0x10000, "too big"));
    }

    /** What FlowRule was (a record of its components): its equality and hash are kept. */
    private record Components(DeviceId deviceId, int tableId, int priority, Match match, List<Instruction> instructions,
                              long cookie, int idleTimeout, int hardTimeout, boolean notifyRemoval) {
        static Components of(FlowRule r) {
            return new Components(r.deviceId(), r.tableId(), r.priority(), r.match(), r.instructions(), r.cookie(),
                    r.idleTimeout(), r.hardTimeout(), r.notifyRemoval());
        }
    }

    @Test
    void componentsRoundTripAtTheirLimits() {
        Match m = Match.builder().add(Criterion.ethType(EthType.ARP)).build();
        List<Instruction> ins = List.of(Instruction.apply(Action.output(PortNumber.of(1))));
        FlowRule max = new FlowRule(D, 254, 0xffff, m, ins, -1L, 0xffff, 0xffff, true);
        FlowRule min = new FlowRule(D, 0, 0, Match.ALL, List.of(), 0L, 0, 0, false);

        assertEquals(new Components(D, 254, 0xffff, m, ins, -1L, 0xffff, 0xffff, true), Components.of(max));
        assertEquals(new Components(D, 0, 0, Match.ALL, List.of(), 0L, 0, 0, false), Components.of(min));
    }

    @Test
    void equalityAndHashAreThoseOfTheComponents() {
        FlowRule base = rule().match(Match.builder().add(Criterion.ethType(EthType.ARP)).build())
                .apply(Action.output(PortNumber.of(1))).build();
        List<FlowRule> others = List.of(
                base.toBuilder().device(DeviceId.of(2)).build(),
                base.toBuilder().table(2).build(),
                base.toBuilder().priority(11).build(),
                base.toBuilder().match(Match.ALL).build(),
                base.toBuilder().instructions(List.of()).build(),
                base.toBuilder().cookie(APP.cookie(1)).build(),
                base.toBuilder().cookie(AppId.of(21, "other").cookie()).build(),
                base.toBuilder().idleTimeout(1).build(),
                base.toBuilder().hardTimeout(1).build(),
                base.toBuilder().notifyRemoval(true).build());

        for (FlowRule r : java.util.stream.Stream.concat(java.util.stream.Stream.of(base), others.stream()).toList()) {
            FlowRule again = r.toBuilder().build();
            assertEquals(r, again);
            assertEquals(Components.of(r).hashCode(), r.hashCode(), "hashed as the record it was");
            assertEquals(r.hashCode(), again.hashCode());
        }
        for (FlowRule r : others) {
            assertNotEquals(base, r);
            assertNotEquals(r, base);
            assertNotEquals(Components.of(base), Components.of(r));
        }
    }

    @Test
    void gotoInstructionsAreOnePerTable() {
        assertTrue(Instruction.gotoTable(7) == Instruction.gotoTable(7));
        assertEquals(new Instruction.GotoTable(7), Instruction.gotoTable(7));
        assertEquals(254, ((Instruction.GotoTable) Instruction.gotoTable(254)).tableId());
        assertThrows(IllegalArgumentException.class, () -> Instruction.gotoTable(0));
        assertThrows(IllegalArgumentException.class, () -> Instruction.gotoTable(255));
    }
}
