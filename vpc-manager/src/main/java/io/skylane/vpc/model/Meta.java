package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The fields every resource has: identity, owner, names, timestamps, revision and the
 * orchestrator's own free-form tags and external ids.
 */
public record Meta(UUID id, String name, String description, UUID tenantId, Instant createdAt,
                   Instant updatedAt, long revision, List<String> tags, SortedMap<String, String> externalIds) {

    /**
     * The owner of the provider's own resources ({@link ResourceType#providerOwned()}: hypervisors),
     * which belong to no tenant: the nil UUID. No tenant ever has it (tenant ids are random, version 4
     * UUIDs, and {@link Tenant} refuses it), so a tenant token never sees these resources, no tenant's
     * listing or deletion reaches them, and the admin cannot name it as the {@code tenant_id} of a
     * tenant resource (there is no such tenant). The API does not show it: their JSON has no
     * {@code tenant_id} ({@link ResourceJson}).
     */
    public static final UUID PROVIDER = new UUID(0L, 0L);

    public Meta {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(tenantId, "tenantId");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        // Stored and served with millisecond precision: keep exactly what a restart reads back.
        createdAt = createdAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        updatedAt = updatedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        tags = List.copyOf(tags);
        externalIds = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(externalIds));
        if (revision < 1) {
            throw new IllegalArgumentException("revision must be >= 1");
        }
    }

    /** A first revision created at {@code now}. */
    public static Meta created(UUID id, UUID tenantId, String name, String description, Instant now,
                               List<String> tags, Map<String, String> externalIds) {
        return new Meta(id, name, description, tenantId, now, now, 1, tags, new TreeMap<>(externalIds));
    }

    /** The next revision with the given names and tags, updated at {@code now}. */
    public Meta next(String newName, String newDescription, List<String> newTags,
                     Map<String, String> newExternalIds, Instant now) {
        Instant at = now.isAfter(updatedAt) ? now : updatedAt;
        return new Meta(id, newName, newDescription, tenantId, createdAt, at, revision + 1, newTags,
                new TreeMap<>(newExternalIds));
    }

    /** The next revision with the same names, updated at {@code now}. */
    public Meta touch(Instant now) {
        return next(name, description, tags, externalIds, now);
    }
}
