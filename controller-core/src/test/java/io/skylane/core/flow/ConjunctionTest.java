package io.skylane.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import io.skylane.core.net.PortNumber;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Open vSwitch's conjunctive matches in the core model: {@code conjunction(id, k/n)} and {@code
 * conj_id}, with the rules Open vSwitch 3.1's {@code ovs-ofctl add-flow} and the switch enforce.
 */
class ConjunctionTest {

    private static final AppId APP = AppId.of(20, "conj-test");

    private static FlowRule.Builder rule(Criterion... criteria) {
        Match.Builder m = Match.builder().add(Criterion.ethType(EthType.IPV4));
        for (Criterion c : criteria) {
            m.add(c);
        }
        return FlowRule.builder().device(DeviceId.of(1)).table(8).priority(3300).match(m.build()).app(APP);
    }

    @Test
    void readsAsOpenVSwitchWritesIt() {
        assertEquals("conjunction(229376,1/2)", Action.conjunction(229376, 1, 2).toString());
        assertEquals("conjunction(4294967295,64/64)", Action.conjunction(0xffffffffL, 64, 64).toString());
        assertEquals(new Criterion.NumberField(Criterion.Type.CONJ_ID, 7, 0xffffffffL), Criterion.conjId(7));
    }

    @Test
    void idsClausesAndClauseCountsAreThoseOpenVSwitchTakes() {
        Action.conjunction(0, 1, 2);
        Action.conjunction(0xffffffffL, 64, 64);
        // "conjunction must have at least 2 clauses", "at most 64 clauses"
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(8, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(8, 1, 65));
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(8, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(8, 3, 2));
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(-1, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Action.conjunction(0x1_0000_0000L, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> Criterion.conjId(0x1_0000_0000L));
        assertThrows(IllegalArgumentException.class,
                () -> new Criterion.NumberField(Criterion.Type.CONJ_ID, 7, 0xffff), "conj_id has no mask");
    }

    @Test
    void aRuleMayNameSeveralConjunctionsAndNothingElse() {
        FlowRule r = rule().apply(Action.conjunction(8, 1, 2), Action.conjunction(9, 1, 3)).build();
        assertEquals(2, r.applyActions().size());
        // what ovs-ofctl refuses: "conjunction actions may be used along with note but not any other kind of action"
        assertThrows(IllegalArgumentException.class, () -> rule().apply(Action.conjunction(8, 1, 2),
                Action.output(PortNumber.of(1))).build());
        assertThrows(IllegalArgumentException.class, () -> rule().apply(Action.conjunction(8, 1, 2))
                .gotoTable(9).build());
        assertThrows(IllegalArgumentException.class, () -> rule().apply(Action.conjunction(8, 1, 2))
                .instruction(new Instruction.WriteMetadata(1, 1)).build());
        assertThrows(IllegalArgumentException.class, () -> rule().apply(Action.conjunction(8, 1, 2))
                .instruction(new Instruction.ClearActions()).build());
        assertThrows(IllegalArgumentException.class, () -> rule().apply(Action.conjunction(8, 1, 2))
                .instruction(new Instruction.Meter(1)).build());
        // and what the switch refuses (OFPBAC_BAD_TYPE): conjunction in an action set
        assertThrows(IllegalArgumentException.class, () -> rule()
                .instruction(new Instruction.WriteActions(List.of(Action.conjunction(8, 1, 2)))).build());
    }

    @Test
    void theConjIdRuleHoldsTheConjunctionsInstructions() {
        FlowRule r = rule(Criterion.conjId(229376)).apply(Action.ctCommit(3)).gotoTable(9).build();
        assertEquals(Criterion.conjId(229376), r.match().get(Criterion.Type.CONJ_ID).orElseThrow());
        // conj_id has no prerequisite, but the ct action still needs ip (OFPBAC_MATCH_INCONSISTENT without)
        Match noIp = Match.builder().add(Criterion.conjId(7)).build();
        assertThrows(IllegalArgumentException.class, () -> FlowRule.builder().device(DeviceId.of(1)).table(8)
                .priority(3300).match(noIp).app(APP).apply(Action.ctCommit(5)).build());
        // conj_id is read only
        assertThrows(IllegalArgumentException.class, () -> new Action.SetField(Criterion.conjId(7)));
    }
}
