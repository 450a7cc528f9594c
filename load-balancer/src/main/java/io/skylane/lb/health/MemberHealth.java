package io.skylane.lb.health;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A member's verdict as Octavia counts it: an up member goes down after {@code maxRetriesDown}
 * failed probes in a row, a down member comes up after {@code maxRetries} successful probes in a
 * row; a success resets the count of failures and a failure the count of successes.
 * {@code streak} is how many probes in a row went against the verdict so far.
 *
 * @param up             the verdict
 * @param streak         probes in a row that went against the verdict (0 after one that agreed)
 * @param maxRetries     successes in a row that bring a down member up
 * @param maxRetriesDown failures in a row that bring an up member down
 */
public record MemberHealth(boolean up, int streak, int maxRetries, int maxRetriesDown) {

    public MemberHealth {
        checkArgument(maxRetries >= 1, "maxRetries must be at least 1");
        checkArgument(maxRetriesDown >= 1, "maxRetriesDown must be at least 1");
        checkArgument(streak >= 0 && streak < (up ? maxRetriesDown : maxRetries), "streak out of range");
    }

    /** A member with verdict {@code up} and no probe counted yet. */
    public static MemberHealth initial(boolean up, int maxRetries, int maxRetriesDown) {
        return new MemberHealth(up, 0, maxRetries, maxRetriesDown);
    }

    /** The health after one more probe; {@code up()} differs from this one's on a transition. */
    public MemberHealth next(boolean success) {
        if (success == up) {
            return streak == 0 ? this : new MemberHealth(up, 0, maxRetries, maxRetriesDown);
        }
        int against = streak + 1;
        if (against >= (up ? maxRetriesDown : maxRetries)) {
            return new MemberHealth(!up, 0, maxRetries, maxRetriesDown);
        }
        return new MemberHealth(up, against, maxRetries, maxRetriesDown);
    }

    /** The number of probes in a row that made this verdict: {@code maxRetries} or {@code maxRetriesDown}. */
    public int threshold() {
        return up ? maxRetries : maxRetriesDown;
    }
}
