package io.skylane.core.flow;

import static io.skylane.core.flow.Rules.APP;
import static io.skylane.core.flow.Rules.OTHER;
import static io.skylane.core.flow.Rules.transientRule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.DeviceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransientFlowTableTest {

    private static final DeviceId D = DeviceId.of(1);
    private final TransientFlowTable table = new TransientFlowTable(2);

    private int put(FlowRule r) {
        return table.put(r.key(), r);
    }

    @Test
    void refreshingARuleMakesItTheNewestSoTheOldestIsEvicted() {
        FlowRule a = transientRule(APP, D, 1, 1);
        FlowRule b = transientRule(APP, D, 2, 1);
        FlowRule c = transientRule(APP, D, 3, 1);
        put(a);
        put(b);
        put(a);

        assertEquals(1, put(c));

        assertEquals(List.of(a, c), table.rules());
        assertFalse(table.contains(b.key()));
    }

    @Test
    void removeAppForgetsOnlyThatAppsRules() {
        FlowRule mine = transientRule(APP, D, 1, 1);
        FlowRule theirs = transientRule(OTHER, D, 2, 1);
        put(mine);
        put(theirs);

        assertEquals(List.of(mine), table.removeApp(APP.id()));
        assertEquals(List.of(theirs), table.rules());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new TransientFlowTable(0));
    }
}
