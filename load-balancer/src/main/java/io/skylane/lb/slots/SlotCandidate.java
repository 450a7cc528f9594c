package io.skylane.lb.slots;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import io.skylane.vpc.model.Member;
import java.util.UUID;

/**
 * A member of a pool as the slot table sees it: its id (which fixes its place in the table), its
 * weight 0..256, whether the operator lets it take new connections ({@code adminStateUp}), whether
 * its health monitor finds it {@code up}, and whether it is a {@code backup}.
 */
public record SlotCandidate(UUID id, int weight, boolean adminStateUp, boolean up, boolean backup) {

    public SlotCandidate {
        requireNonNull(id, "id");
        checkArgument(weight >= 0 && weight <= Member.MAX_WEIGHT, "weight must be 0..256");
    }

    /** The member's id, weight, admin state and backup flag; {@code up} is the health monitor's verdict. */
    public static SlotCandidate of(Member member, boolean up) {
        return new SlotCandidate(member.meta().id(), member.weight(), member.adminStateUp(), up, member.backup());
    }

    /** May take new connections: a weight above 0, admin state up and up. */
    public boolean eligible() {
        return weight > 0 && adminStateUp && up;
    }
}
