package io.skylane.core.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.skylane.core.flow.AppId;

/**
 * A flow table of the pipeline: its number, its name, and the app that declares what it is for
 * (other apps may hold a priority band in it, see {@link Band}).
 *
 * @param id    the OpenFlow table id, 0..254
 * @param name  a short name, unique in the pipeline ({@code classify}, {@code port-sec}, ...)
 * @param owner the app that declares the table
 */
public record Table(int id, String name, AppId owner) {

    /** The largest table id OpenFlow 1.3 allows (255 means all tables). */
    public static final int MAX_ID = 254;

    public Table {
        checkArgument(id >= 0 && id <= MAX_ID, "table id must be 0..254");
        checkNotNull(name, "name");
        checkArgument(!name.isBlank(), "table name must not be blank");
        checkNotNull(owner, "owner");
    }

    public static Table of(int id, String name, AppId owner) {
        return new Table(id, name, owner);
    }

    @Override
    public String toString() {
        return id + " " + name;
    }
}
