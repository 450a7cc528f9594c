package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;
import java.util.UUID;

/**
 * A member's verdict changed.
 *
 * @param memberId the member
 * @param poolId   its pool
 * @param up       the new verdict
 * @param reason   why, for people ("3 probes in a row failed, last: connection refused (TCP RST)")
 * @param at       when, on the prober's clock
 */
public record HealthTransition(UUID memberId, UUID poolId, boolean up, String reason, Instant at) {

    public HealthTransition {
        checkNotNull(memberId, "memberId");
        checkNotNull(poolId, "poolId");
        checkNotNull(reason, "reason");
        checkNotNull(at, "at");
    }
}
