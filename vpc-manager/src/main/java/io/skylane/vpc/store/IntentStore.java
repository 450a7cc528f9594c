package io.skylane.vpc.store;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The source of truth for intent. Reads see committed state; {@link #commit} applies a batch of
 * changes atomically and returns only once the batch is durable. Implementations: the embedded
 * journaled store ({@link JournalIntentStore}); a distributed engine can replace it behind this
 * interface.
 */
public interface IntentStore extends AutoCloseable {

    /** The resource, or null. */
    Resource get(ResourceType type, UUID id);

    /** All resources of a type in id order (a stable order for pagination). */
    Collection<Resource> all(ResourceType type);

    /** Resources of a type with an id greater than {@code after} (null: from the start), in id order. */
    Collection<Resource> after(ResourceType type, UUID after);

    /**
     * Applies the changes atomically and durably (journaled and synced) and then tells the
     * listeners. A change whose {@code before} does not equal the stored state is refused with an
     * {@link IllegalStateException} and nothing is applied.
     *
     * @return the commit's sequence number
     */
    long commit(List<Change> changes) throws IOException;

    /** Sequence number of the last commit (0 for an empty store). */
    long lastSeq();

    void addListener(IntentListener listener);

    void removeListener(IntentListener listener);

    @Override
    void close() throws IOException;
}
