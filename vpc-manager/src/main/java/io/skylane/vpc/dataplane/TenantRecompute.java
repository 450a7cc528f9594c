package io.skylane.vpc.dataplane;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Set;
import java.util.UUID;

/**
 * What one recompute of the tenant data plane may have changed, as told to its recompute listeners
 * ({@link TenantDataPlane#addRecomputeListener}): the rules and port placements of every VPC, or of
 * these VPCs only (a partial recompute; every other VPC's ports stayed where they were).
 */
public record TenantRecompute(boolean everything, Set<UUID> vpcs) {

    /** Everything may have changed (the first recompute, the topology, a device, the transport). */
    public static final TenantRecompute EVERYTHING = new TenantRecompute(true, Set.of());

    public TenantRecompute {
        vpcs = Set.copyOf(checkNotNull(vpcs, "vpcs"));
    }

    /** Whether the recompute may have changed anything of one of {@code these} VPCs. */
    public boolean touchesAny(Set<UUID> these) {
        if (everything) {
            return true;
        }
        Set<UUID> small = vpcs.size() <= these.size() ? vpcs : these;
        Set<UUID> large = small == vpcs ? these : vpcs;
        for (UUID v : small) {
            if (large.contains(v)) {
                return true;
            }
        }
        return false;
    }
}
