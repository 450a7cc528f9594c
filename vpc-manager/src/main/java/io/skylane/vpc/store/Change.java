package io.skylane.vpc.store;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.List;
import java.util.UUID;

/**
 * One resource's transition in a commit: created ({@code before} null), updated, or deleted
 * ({@code after} null).
 */
public record Change(ResourceType type, UUID id, Resource before, Resource after) {

    public Change {
        if (before == null && after == null) {
            throw new IllegalArgumentException("a change needs a before or an after state");
        }
    }

    public static Change create(Resource after) {
        return new Change(after.type(), after.id(), null, after);
    }

    /** One new resource, as the one change of a request. */
    public static List<Change> created(Resource after) {
        return List.of(create(after));
    }

    public static Change update(Resource before, Resource after) {
        return new Change(after.type(), after.id(), before, after);
    }

    public static Change delete(Resource before) {
        return new Change(before.type(), before.id(), before, null);
    }

    public boolean isDelete() {
        return after == null;
    }
}
