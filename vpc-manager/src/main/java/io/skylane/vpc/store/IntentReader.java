package io.skylane.vpc.store;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Collection;
import java.util.UUID;

/** Reads of intent state: the store's durable state, or its latest state ({@link IntentStore#latest}). */
public interface IntentReader {

    /** The resource, or null. */
    Resource get(ResourceType type, UUID id);

    /** All resources of a type in id order (a stable order for pagination). */
    Collection<Resource> all(ResourceType type);

    /** Resources of a type with an id greater than {@code after} (null: from the start), in id order. */
    Collection<Resource> after(ResourceType type, UUID after);
}
