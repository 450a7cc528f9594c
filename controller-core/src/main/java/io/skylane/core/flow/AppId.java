package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An application that owns flow rules. Its 16-bit id fills the top of the rules' 64-bit OpenFlow
 * cookie, so every rule on a switch says which app wants it; the low 48 bits are the app's own.
 */
public record AppId(int id, String name) {

    /** The core itself (table-miss entries and the like). */
    public static final AppId CORE = new AppId(1, "core");

    private static final int SHIFT = 48;
    private static final long LOW_MASK = (1L << SHIFT) - 1;

    public AppId {
        checkArgument(id > 0 && id <= 0xffff, "app id must be 1..65535");
        checkNotNull(name, "name");
    }

    public static AppId of(int id, String name) {
        return new AppId(id, name);
    }

    /** The cookie for a rule of this app with the given app-defined low 48 bits. */
    public long cookie(long low) {
        checkArgument((low & ~LOW_MASK) == 0, "app cookie bits must fit in 48 bits");
        return ((long) id << SHIFT) | low;
    }

    public long cookie() {
        return cookie(0);
    }

    /** The app id part of a cookie (0 if the rule has none of ours). */
    public static int idOf(long cookie) {
        return (int) (cookie >>> SHIFT);
    }

    /** The mask that selects the app id part of a cookie, for deletes by cookie. */
    public static long appMask() {
        return ~LOW_MASK;
    }
}
