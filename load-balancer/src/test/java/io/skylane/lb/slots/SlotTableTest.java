package io.skylane.lb.slots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.ProvisioningStatus;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who owns slots (weight 0, down, admin down, backup, nobody), the size rule, and the table pinned for good. */
class SlotTableTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");
    private static final UUID D = UUID.fromString("00000000-0000-0000-0000-00000000000d");

    private static SlotCandidate up(UUID id, int weight) {
        return new SlotCandidate(id, weight, true, true, false);
    }

    private static SlotCandidate backup(UUID id, int weight) {
        return new SlotCandidate(id, weight, true, true, true);
    }

    @Test
    void theSizeIsAPrimeUpTo65521() {
        for (int size : new int[] {-7, 0, 1, 4, 250, 252, 65_537}) {
            assertThrows(IllegalArgumentException.class, () -> SlotTable.of(List.of(up(A, 1)), size), "size " + size);
        }
        for (int size : new int[] {2, 3, 251, 65_521}) {
            SlotTable t = SlotTable.of(List.of(up(A, 1), up(B, 1)), size);
            assertEquals(size, t.size());
            assertEquals(size, t.owners().size());
        }
        assertEquals(251, SlotTable.of(List.of(up(A, 1))).size());
    }

    @Test
    void candidatesAreCheckedWhole() {
        assertThrows(IllegalArgumentException.class, () -> SlotTable.of(List.of(up(A, 1), up(A, 2))));
        assertThrows(IllegalArgumentException.class, () -> up(A, -1));
        assertThrows(IllegalArgumentException.class, () -> up(A, 257));
        assertThrows(NullPointerException.class, () -> up(null, 1));
        assertEquals(256, up(A, 256).weight());
    }

    @Test
    void weightZeroDownAndAdminDownOwnNoSlot() {
        SlotTable t = SlotTable.of(List.of(
                up(A, 1),
                up(B, 0),
                new SlotCandidate(C, 5, true, false, false),
                new SlotCandidate(D, 5, false, true, false)));
        assertEquals(Map.of(A, 251), t.slotCounts());
    }

    @Test
    void backupsOwnSlotsOnlyWhenNoOtherMemberIsEligible() {
        assertEquals(Map.of(A, 251), SlotTable.of(List.of(up(A, 1), backup(B, 256))).slotCounts());

        SlotTable primaryDown = SlotTable.of(List.of(
                new SlotCandidate(A, 1, true, false, false), up(B, 0), backup(C, 1), backup(D, 2)));
        assertEquals(Map.of(C, 84, D, 167), primaryDown.slotCounts());

        // an ineligible backup stays out too
        SlotTable oneBackupDown = SlotTable.of(List.of(
                new SlotCandidate(A, 1, false, true, false), backup(C, 1), new SlotCandidate(D, 2, true, false, true)));
        assertEquals(Map.of(C, 251), oneBackupDown.slotCounts());
    }

    @Test
    void noEligibleMemberGivesAnEmptyTable() {
        for (List<SlotCandidate> pool : List.of(
                List.<SlotCandidate>of(),
                List.of(up(A, 0), new SlotCandidate(B, 1, true, false, true), new SlotCandidate(C, 1, false, true, false)))) {
            SlotTable t = SlotTable.of(pool);
            assertTrue(t.isEmpty());
            assertEquals(251, t.size());
            assertTrue(t.owners().isEmpty());
            assertTrue(t.slotCounts().isEmpty());
            assertThrows(IllegalStateException.class, () -> t.owner(0));
        }
        assertFalse(SlotTable.of(List.of(up(A, 1))).isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> SlotTable.of(List.of(up(A, 1))).owner(251));
    }

    @Test
    void aCandidateTakesWeightAdminStateAndBackupFromItsMember() throws Exception {
        Meta meta = Meta.created(A, B, "m1", "", Instant.EPOCH, List.of(), Map.of());
        Member m = new Member(meta, C, D, InetAddress.getByName("10.0.0.21"), 8080, 7, false, true,
                ProvisioningStatus.ACTIVE, OperatingStatus.ONLINE);
        assertEquals(new SlotCandidate(A, 7, false, true, true), SlotCandidate.of(m, true));
        assertEquals(new SlotCandidate(A, 7, false, false, true), SlotCandidate.of(m, false));
    }

    /**
     * The table of a fixed pool, pinned: every controller, JVM and restart must compute exactly this
     * (a different table moves SOURCE_IP clients after an upgrade). If this fails, the hash, the
     * preference lists or the fill changed: that is an incompatible change of the data plane.
     */
    @Test
    void theTableOfAFixedPoolNeverChanges() {
        SlotTable t = SlotTable.of(List.of(up(A, 1), up(B, 2), up(C, 3)));
        assertEquals(ImmutableSortedMap.of(A, 42, B, 84, C, 125), t.slotCounts());
        assertEquals(GOLDEN, render(t));
    }

    /** The owner of slots 0..250, by the last letter of its id. */
    private static final String GOLDEN = "ABCCBBBCCBCCACCBBBAACBCACBCCBCCBCCCCACCCCCCAACBABCBCBBBCBABBBCCBCCCACBABBCCBCBBCBACB"
            + "BABCCCCBCCABCCBAABCBABCCCCBBCBCACCBACCCCCBCCCABBBCCCAABACCACBCBCCCCBBCBBBCCCACBBCBCC"
            + "BCCBCBBABCBBACABBCBCCCBAAAACCCCCBAAABCCCCCBABAACBCBCBCCCABBBCCACCCCCBBCCCCCCBACCCBB";

    private static String render(SlotTable t) {
        StringBuilder s = new StringBuilder();
        for (UUID id : t.owners()) {
            s.append(Character.toUpperCase(id.toString().charAt(35)));
        }
        return s.toString();
    }
}
