package io.skylane.vpc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ResourceType;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link TenantChangeBenchmark#createPort} a few times on a small cloud (nothing timed), both
 * placements, so that it keeps measuring a create in a VPC: with {@code together}, on its VPC's switch.
 */
class TenantChangeBenchmarkTest {

    @Test
    void createsPortsWhereTheirVpcIs() {
        for (boolean together : new boolean[] {false, true}) {
            TenantChangeBenchmark b = new TenantChangeBenchmark();
            b.k = 4;
            b.vpcs = 4;
            b.ports = 40;
            b.together = together;
            b.setUp();
            try {
                for (int i = 0; i < 6; i++) {
                    Port p = b.createPort();
                    if (together) {
                        Set<Object> switches = new HashSet<>();
                        b.intents().store().all(ResourceType.PORT).stream().map(r -> (Port) r)
                                .filter(q -> q.vpcId().equals(p.vpcId()))
                                .forEach(q -> switches.add(q.binding().dpid()));
                        assertEquals(1, switches.size(), "the VPC's ports, the new one too, on one switch");
                    }
                    b.undo();
                }
                assertEquals(40, b.intents().store().all(ResourceType.PORT).size(), "every create undone");
            } finally {
                b.tearDown();
            }
        }
    }
}
