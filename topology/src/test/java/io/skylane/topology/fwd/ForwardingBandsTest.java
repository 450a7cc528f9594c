package io.skylane.topology.fwd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.pipeline.PriorityOutOfBandException;
import io.skylane.core.pipeline.SkylanePipeline;
import io.skylane.topology.discovery.LinkDiscovery;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Discovery and lab forwarding take their app ids, table and priorities from the pipeline registry. */
class ForwardingBandsTest {

    @Test
    void discoverysTrapIsInItsBand() {
        FlowRule trap = LinkDiscovery.trapRule(DeviceId.of(1));

        assertEquals(SkylanePipeline.CLASSIFY.id(), trap.tableId());
        assertEquals(40000, trap.priority());
        assertTrue(SkylanePipeline.LLDP_TRAP.contains(trap.priority()));
        assertEquals(SkylanePipeline.DISCOVERY.id(), trap.appId());
    }

    @Test
    void pathForwardingPrioritiesMustLieInItsBand() {
        assertTrue(SkylanePipeline.PATH_FORWARDING_RULES.contains(PathForwarding.Config.defaults().priority()));
        assertEquals(2999, new PathForwarding.Config(2999, true, Duration.ofSeconds(1)).priority());
        Duration guard = Duration.ofSeconds(1);
        assertThrows(PriorityOutOfBandException.class, () -> new PathForwarding.Config(999, true, guard));
        assertThrows(PriorityOutOfBandException.class, () -> new PathForwarding.Config(3000, true, guard));
        assertEquals(SkylanePipeline.PATH_FORWARDING, PathForwarding.APP_ID);
        assertEquals(SkylanePipeline.CLASSIFY.id(), ForwardingCompiler.TABLE);
    }

    @Test
    void learningSwitchPrioritiesMustLieInItsBand() {
        assertTrue(SkylanePipeline.L2_LEARNING_RULES.contains(LearningSwitch.Config.defaults().priority()));
        assertThrows(PriorityOutOfBandException.class, () -> new LearningSwitch.Config(1, 1, 1, 1000));
        assertEquals(SkylanePipeline.L2_LEARNING, LearningSwitch.APP_ID);
    }
}
