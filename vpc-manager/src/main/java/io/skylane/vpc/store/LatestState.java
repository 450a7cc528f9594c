package io.skylane.vpc.store;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The store's latest state: its durable state overlaid with the pending commits (appended to the
 * journal, not yet synced), newest first. What the writer validates against; readers never see it.
 * Each overlay entry remembers the commit that wrote it, so that publishing a commit removes only
 * the entries no later pending commit has overwritten; a reader racing with the publication sees
 * the same value in the overlay or in the durable state.
 */
final class LatestState implements IntentReader {

    /** A pending commit's state of one resource; {@code value} null for a deletion. */
    private record Staged(long seq, Resource value) {
    }

    private final Map<ResourceType, ConcurrentSkipListMap<UUID, Resource>> durable;
    private final Map<ResourceType, Map<UUID, Staged>> overlay = new EnumMap<>(ResourceType.class);

    LatestState(Map<ResourceType, ConcurrentSkipListMap<UUID, Resource>> durable) {
        this.durable = durable;
        for (ResourceType t : ResourceType.values()) {
            overlay.put(t, new ConcurrentHashMap<>());
        }
    }

    @Override
    public Resource get(ResourceType type, UUID id) {
        Staged s = overlay.get(type).get(id);
        return s != null ? s.value() : durable.get(type).get(id);
    }

    @Override
    public Collection<Resource> all(ResourceType type) {
        return after(type, null);
    }

    @Override
    public Collection<Resource> after(ResourceType type, UUID after) {
        ConcurrentSkipListMap<UUID, Resource> d = durable.get(type);
        Map<UUID, Staged> o = overlay.get(type);
        if (o.isEmpty()) {
            return Collections.unmodifiableCollection(after == null ? d.values() : d.tailMap(after, false).values());
        }
        ConcurrentSkipListMap<UUID, Resource> merged = new ConcurrentSkipListMap<>(JournalIntentStore.ID_ORDER);
        merged.putAll(d);
        o.forEach((id, s) -> {
            if (s.value() == null) {
                merged.remove(id);
            } else {
                merged.put(id, s.value());
            }
        });
        return Collections.unmodifiableCollection(after == null ? merged.values() : merged.tailMap(after, false).values());
    }

    /** A commit was appended. */
    void stage(long seq, Iterable<Change> changes) {
        for (Change c : changes) {
            overlay.get(c.type()).put(c.id(), new Staged(seq, c.after()));
        }
    }

    /** A commit is in the durable state now: its entries that no later commit overwrote go. */
    void published(long seq, Iterable<Change> changes) {
        for (Change c : changes) {
            overlay.get(c.type()).computeIfPresent(c.id(), (id, s) -> s.seq() == seq ? null : s);
        }
    }

    /** Every pending commit failed: the latest state is the durable state again. */
    void discard() {
        overlay.values().forEach(Map::clear);
    }
}
