package io.skylane.lb.slots;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.base.MoreObjects;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.math.IntMath;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which member of a pool takes the new connections that hash to each slot: the table behind member
 * selection in the data plane (docs/load-balancer-design.md, section 1). A new connection's client
 * address (or 5-tuple) is hashed by Open vSwitch's {@code multipath} modulo {@link #size()} into a
 * slot; one rule per slot DNATs it to the slot's owner.
 *
 * <p>A pure function of the candidates and the size, computed by weighted Maglev ({@link Maglev}), so
 * audit, restart and failover recompute the same table, and a change of the pool moves about as
 * many slots as the change is worth. Who owns slots:
 * <ul>
 *   <li>members with a weight above 0, admin state up and up ({@link SlotCandidate#eligible()}), in
 *       proportion to their weights;</li>
 *   <li>backup members only when no other member is eligible;</li>
 *   <li>nobody when no member is eligible: the table {@link #isEmpty() is empty} and the listener
 *       refuses new connections.</li>
 * </ul>
 */
public final class SlotTable {

    /** The size the data plane uses: a prime, so that every Maglev preference list covers the table. */
    public static final int DEFAULT_SIZE = 251;
    /** The largest size: the slot travels in 16 bits of metadata, and 65521 is the largest prime below 2^16. */
    public static final int MAX_SIZE = 65_521;

    private final int size;
    private final ImmutableList<UUID> owners;

    private SlotTable(int size, ImmutableList<UUID> owners) {
        this.size = size;
        this.owners = owners;
    }

    /** The table of {@link #DEFAULT_SIZE} slots for these candidates. */
    public static SlotTable of(Collection<SlotCandidate> candidates) {
        return of(candidates, DEFAULT_SIZE);
    }

    /**
     * The table of {@code size} slots for these candidates, in any order.
     *
     * @throws IllegalArgumentException if the size is not a prime up to {@link #MAX_SIZE}, or two
     *         candidates have the same id
     */
    public static SlotTable of(Collection<SlotCandidate> candidates, int size) {
        checkNotNull(candidates, "candidates");
        checkArgument(size >= 2 && size <= MAX_SIZE && IntMath.isPrime(size),
                "table size must be a prime up to 65521: %s", size);
        Set<UUID> ids = new HashSet<>();
        for (SlotCandidate c : candidates) {
            checkArgument(ids.add(c.id()), "two candidates with the id %s", c.id());
        }
        List<SlotCandidate> owning = candidates.stream().filter(c -> c.eligible() && !c.backup()).toList();
        if (owning.isEmpty()) {
            owning = candidates.stream().filter(c -> c.eligible() && c.backup()).toList();
        }
        return new SlotTable(size, owning.isEmpty() ? ImmutableList.of() : Maglev.fill(owning, size));
    }

    /** The number of slots, M: what {@code multipath} takes its hash modulo. */
    public int size() {
        return size;
    }

    /** True when no member may take new connections: no slot has an owner. */
    public boolean isEmpty() {
        return owners.isEmpty();
    }

    /** The owner of each slot, slot 0 first; empty when {@link #isEmpty()}. */
    public ImmutableList<UUID> owners() {
        return owners;
    }

    /**
     * The owner of {@code slot}.
     *
     * @throws IllegalStateException if the table is empty
     */
    public UUID owner(int slot) {
        checkElementIndex(slot, size, "slot");
        checkState(!isEmpty(), "no member owns a slot");
        return owners.get(slot);
    }

    /** How many slots each member owns, members without a slot left out. */
    public ImmutableSortedMap<UUID, Integer> slotCounts() {
        Map<UUID, Integer> counts = new TreeMap<>();
        owners.forEach(id -> counts.merge(id, 1, Integer::sum));
        return ImmutableSortedMap.copyOf(counts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SlotTable t && t.size == size && t.owners.equals(owners);
    }

    @Override
    public int hashCode() {
        return 31 * size + owners.hashCode();
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this).add("size", size).add("slots", slotCounts()).toString();
    }
}
