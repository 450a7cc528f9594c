package io.skylane.core.flow;

import static io.skylane.core.flow.Rules.APP;
import static io.skylane.core.flow.Rules.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.core.southbound.SwitchOp.GroupOp;
import io.skylane.core.southbound.SwitchOp.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchBuilderTest {

    private static final DeviceId D = DeviceId.of(1);

    @Test
    void opsAreOrderedGroupsFirstThenFlowDeletesThenFlowAddsThenGroupDeletes() {
        BatchBuilder b = new BatchBuilder();
        GroupDescription g1 = Rules.group(APP, D, 1, 1);
        GroupDescription g2 = Rules.group(APP, D, 2, 1);
        GroupDescription g3 = Rules.group(APP, D, 3, 1);
        FlowRule r1 = rule(APP, D, 1, 1);
        FlowRule r2 = rule(APP, D, 2, 1);
        b.deleteGroup(g3);
        b.add(r1);
        b.delete(r2);
        b.modifyGroup(g2);
        b.addGroup(g1);

        assertEquals(List.of(new GroupOp(Kind.MODIFY, g2), new GroupOp(Kind.ADD, g1), SwitchOp.delete(r2),
                SwitchOp.add(r1), new GroupOp(Kind.DELETE, g3)), b.build());
        assertEquals(1, b.flowsAdded());
        assertEquals(1, b.flowsDeleted());
        assertEquals(2, b.groupsAdded());
        assertEquals(1, b.groupsDeleted());
    }

    @Test
    void modifyOnlyWhenNothingButTheInstructionsDiffer() {
        FlowRule a = rule(APP, D, 1, 1);
        assertTrue(BatchBuilder.onlyInstructionsDiffer(a, rule(APP, D, 1, 2)));
        assertFalse(BatchBuilder.onlyInstructionsDiffer(a, a));
        assertFalse(BatchBuilder.onlyInstructionsDiffer(a, rule(APP, D, 1, 2).toBuilder().cookie(APP.cookie(7))
                .build()));
        assertFalse(BatchBuilder.onlyInstructionsDiffer(a, rule(APP, D, 1, 2).toBuilder().hardTimeout(5).build()));
        assertFalse(BatchBuilder.onlyInstructionsDiffer(a, rule(APP, D, 2, 2)));
    }

    @Test
    void emptyDiffIsEmpty() {
        BatchBuilder b = new BatchBuilder();
        FlowRule a = rule(APP, D, 1, 1);
        b.diffRules(Map.of(a.key(), a), Map.of(a.key(), a));
        assertTrue(b.isEmpty());
        assertEquals(List.of(), b.build());
    }
}
