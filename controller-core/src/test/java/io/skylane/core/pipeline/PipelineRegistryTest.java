package io.skylane.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.flow.AppId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRegistryTest {

    private static final AppId A = AppId.of(1, "a");
    private static final AppId B = AppId.of(2, "b");
    private static final Table T0 = Table.of(0, "zero", A);
    private static final Table T1 = Table.of(1, "one", B);

    private static PipelineRegistry.Builder twoApps() {
        return PipelineRegistry.builder().app(A).app(B).table(T0).table(T1)
                .band(Band.of(A, T0, 0, 9)).band(Band.of(B, T1, 0, 100));
    }

    @Test
    void aDeclarationWithoutConflictsBuilds() {
        PipelineRegistry r = twoApps().band(Band.of(B, T0, 10, 19)).build();

        assertEquals(List.of(A, B), List.copyOf(r.apps().values()));
        assertEquals(List.of(T0, T1), List.copyOf(r.tables().values()));
        assertEquals(Band.of(B, T0, 10, 19), r.band(B, 0).orElseThrow());
        assertTrue(r.band(A, 1).isEmpty());
        assertEquals(A, r.app(1).orElseThrow());
        assertEquals(T1, r.table(1).orElseThrow());
    }

    @Test
    void overlappingBandsOfTwoAppsInOneTableAreRefused() {
        PipelineConflictException e = assertThrows(PipelineConflictException.class,
                () -> twoApps().band(Band.of(B, T0, 9, 19)).build());

        assertEquals(List.of("table 0 priorities 0..9 of app 1 (a) overlaps table 0 priorities 9..19 of app 2 (b)"),
                e.conflicts());
    }

    @Test
    void theSamePrioritiesInTwoTablesAreNoConflict() {
        twoApps().band(Band.of(A, T1, 200, 300)).band(Band.of(B, T0, 200, 300)).build();
    }

    @Test
    void twoAppsWithOneIdAreRefused() {
        PipelineConflictException e = assertThrows(PipelineConflictException.class,
                () -> twoApps().app(AppId.of(2, "c")).build());

        assertEquals(1, e.conflicts().size(), e.conflicts().toString());
        assertTrue(e.conflicts().get(0).contains("share id 2"), e.conflicts().get(0));
    }

    @Test
    void twoAppsWithOneNameAreRefused() {
        assertThrows(PipelineConflictException.class, () -> twoApps().app(AppId.of(3, "a")).build());
    }

    @Test
    void twoTablesWithOneIdOrNameAreRefused() {
        assertThrows(PipelineConflictException.class, () -> twoApps().table(Table.of(1, "uno", B)).build());
        assertThrows(PipelineConflictException.class, () -> twoApps().table(Table.of(2, "one", B))
                .band(Band.of(B, Table.of(2, "one", B), 0, 0)).build());
    }

    @Test
    void twoBandsOfOneAppInOneTableAreRefused() {
        assertThrows(PipelineConflictException.class, () -> twoApps().band(Band.of(A, T0, 20, 29)).build());
    }

    @Test
    void undeclaredAppsAndTablesAreRefused() {
        AppId c = AppId.of(3, "c");
        assertThrows(PipelineConflictException.class, () -> twoApps().band(Band.of(c, T1, 200, 300)).build());
        assertThrows(PipelineConflictException.class,
                () -> twoApps().band(Band.of(A, Table.of(7, "seven", A), 0, 0)).build());
        assertThrows(PipelineConflictException.class, () -> twoApps().table(Table.of(2, "two", c)).build());
        assertThrows(PipelineConflictException.class, () -> twoApps().unbanded(c).build());
    }

    @Test
    void aTableWhoseOwnerHasNoBandInItIsRefused() {
        assertThrows(PipelineConflictException.class,
                () -> PipelineRegistry.builder().app(A).table(T0).build());
    }

    @Test
    void anUnbandedAppMustHaveNoBand() {
        AppId free = AppId.of(3, "free");
        assertEquals(java.util.Set.of(free), twoApps().app(free).unbanded(free).build().unbanded());
        assertThrows(PipelineConflictException.class,
                () -> twoApps().app(free).unbanded(free).band(Band.of(free, T1, 500, 500)).build());
    }

    @Test
    void everyConflictIsListed() {
        PipelineConflictException e = assertThrows(PipelineConflictException.class,
                () -> twoApps().app(AppId.of(1, "x")).band(Band.of(B, T0, 0, 0)).build());

        assertEquals(2, e.conflicts().size(), e.conflicts().toString());
    }
}
