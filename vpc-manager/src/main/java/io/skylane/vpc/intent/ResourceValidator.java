package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.CreateRequest;
import io.skylane.vpc.intent.request.UpdateRequest;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.store.Change;
import java.util.List;
import java.util.UUID;

/**
 * The validator of one resource type: checks a request whole against the store and builds what it
 * asks for, without storing anything. Every refusal is an {@link IntentException} naming the
 * request field to blame. The intent service calls it under its write lock and commits the result.
 *
 * @param <C> the type's create request
 * @param <U> the type's update request ({@link UpdateRequest} itself for a type that cannot change)
 */
interface ResourceValidator<C extends CreateRequest, U extends UpdateRequest> {

    /**
     * What a create changes: the new resource first, then what comes with it (a group's rules, a
     * listener whose default pool the new pool becomes).
     */
    List<Change> create(C request, UUID tenant);

    /** The next version (revision) of {@code old} with what the request gives. */
    Resource update(U request, Resource old);

    /** Told what was committed (for allocations that remember where they stopped). */
    default void committed(List<Change> changes) {
    }
}
