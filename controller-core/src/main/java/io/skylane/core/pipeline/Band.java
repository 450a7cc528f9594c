package io.skylane.core.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.flow.AppId;

/**
 * The priorities one app may use in one table, {@code min..max} (both included). An app takes its
 * priorities from its band ({@link #priority(int)}) or checks the ones it keeps as constants or
 * reads from configuration against it ({@link #check(int)}, {@link #contains(int)}).
 *
 * @param app   the app whose rules these are
 * @param table the table id
 * @param min   the lowest priority of the band
 * @param max   the highest priority of the band
 */
public record Band(AppId app, int table, int min, int max) {

    /** The highest OpenFlow priority. */
    public static final int MAX_PRIORITY = 0xffff;

    public Band {
        checkNotNull(app, "app");
        checkArgument(table >= 0 && table <= Table.MAX_ID, "table id must be 0..254");
        checkArgument(min >= 0 && max <= MAX_PRIORITY && min <= max, "band must satisfy 0 <= min <= max <= 65535");
    }

    public static Band of(AppId app, Table table, int min, int max) {
        return new Band(app, checkNotNull(table, "table").id(), min, max);
    }

    /** True if {@code priority} lies in the band. */
    public boolean contains(int priority) {
        return priority >= min && priority <= max;
    }

    /**
     * Returns {@code priority} if it lies in the band.
     *
     * @throws PriorityOutOfBandException if it does not
     */
    public int check(int priority) {
        if (!contains(priority)) {
            throw new PriorityOutOfBandException(priority, this);
        }
        return priority;
    }

    /**
     * The priority {@code offset} above the bottom of the band.
     *
     * @throws PriorityOutOfBandException if that is above the band
     */
    public int priority(int offset) {
        checkArgument(offset >= 0, "offset must not be negative");
        return check(min + offset);
    }

    /** True if both bands are in the same table and share a priority. */
    public boolean overlaps(Band other) {
        return table == other.table && min <= other.max && other.min <= max;
    }

    /** {@code min..max}, or the one priority of a band of one. */
    public String range() {
        return min == max ? Integer.toString(min) : min + ".." + max;
    }

    @Override
    public String toString() {
        return "table " + table + " priorities " + range() + " of app " + app.id() + " (" + app.name() + ")";
    }
}
