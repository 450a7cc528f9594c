package io.skylane.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.AppId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SkylanePipelineTest {

    private final PipelineRegistry registry = SkylanePipeline.registry();

    @Test
    void theDeclarationHasNoConflicts() {
        assertEquals(7, registry.apps().size());
        assertEquals(11, registry.tables().size());
        assertEquals(SkylanePipeline.LOAD_BALANCER, registry.table(10).orElseThrow().owner());
    }

    @Test
    void applicationIdsAreTheOnesOnTheWire() {
        Map<Integer, String> ids = registry.apps().values().stream()
                .collect(Collectors.toMap(AppId::id, AppId::name));
        assertEquals(Map.of(1, "core", 2, "rest", 10, "l2-learning", 11, "path-forwarding", 20, "discovery",
                30, "vpc", 40, "load-balancer"), ids);
        assertEquals(AppId.CORE, SkylanePipeline.CORE);
    }

    @Test
    void tableZeroIsSharedAndTheTenantTablesAreTheDataPlanes() {
        assertEquals(SkylanePipeline.CORE, registry.table(0).orElseThrow().owner());
        for (int t = 1; t <= 9; t++) {
            assertEquals(SkylanePipeline.VPC, registry.table(t).orElseThrow().owner(), "table " + t);
            assertEquals(SkylanePipeline.tenant(registry.table(t).orElseThrow()),
                    registry.band(SkylanePipeline.VPC, t).orElseThrow());
        }
        assertThrows(IllegalArgumentException.class, () -> SkylanePipeline.tenant(SkylanePipeline.CLASSIFY));
    }

    /** Table 0 from the top: LLDP, the VIPs' packet-outs, tenant classification, path forwarding, learning, the table-miss. */
    @Test
    void tableZeroBandsAreStackedInThisOrder() {
        List<Band> zero = registry.bands().stream().filter(b -> b.table() == 0).toList();
        List<AppId> topDown = zero.stream().sorted((a, b) -> Integer.compare(b.max(), a.max())).map(Band::app).toList();
        assertEquals(List.of(SkylanePipeline.DISCOVERY, SkylanePipeline.LOAD_BALANCER, SkylanePipeline.VPC, SkylanePipeline.PATH_FORWARDING,
                SkylanePipeline.L2_LEARNING, SkylanePipeline.CORE), topDown);
        assertEquals(0, SkylanePipeline.TABLE_MISS.priority(0));
        assertEquals(40000, SkylanePipeline.LLDP_TRAP.priority(0));
    }

    @Test
    void theLoadBalancerSitsAboveTheTenantPipelineInEveryTenantTableItUses() {
        for (Table t : List.of(SkylanePipeline.ROUTE, SkylanePipeline.DELIVER, SkylanePipeline.ACL_IN_CT,
                SkylanePipeline.OUTPUT)) {
            Band lb = registry.band(SkylanePipeline.LOAD_BALANCER, t.id()).orElseThrow();
            assertTrue(lb.min() > SkylanePipeline.tenant(t).max(), t.name());
        }
    }

    @Test
    void staticFlowsHaveNoBand() {
        assertEquals(java.util.Set.of(SkylanePipeline.REST), registry.unbanded());
    }
}
