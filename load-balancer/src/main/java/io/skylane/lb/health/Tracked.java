package io.skylane.lb.health;

import com.google.common.base.MoreObjects;
import java.util.Comparator;

/** A target the prober follows: its verdict, when its next probe is due, its probe in flight. Guarded by the prober's lock. */
final class Tracked {

    /** The order of a switch's queue: the earliest due first, ties by member id. */
    static final Comparator<Tracked> BY_DUE = Comparator.<Tracked>comparingLong(t -> t.due)
            .thenComparing(t -> t.target.memberId());

    final ProbeTarget target;
    MemberHealth health;
    /** When the next probe is due; not to be changed while the target sits in its switch's queue. */
    long due;
    /** The probe in flight, or null. */
    Probe inFlight;
    /** Where the next probe's source port is looked for, 0..255 above the first probe port. */
    int portIndex;

    Tracked(ProbeTarget target, MemberHealth health, long due, int portIndex) {
        this.target = target;
        this.health = health;
        this.due = due;
        this.portIndex = portIndex;
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("member", target.memberId()).add("health", health)
                .add("due", due).toString();
    }
}
