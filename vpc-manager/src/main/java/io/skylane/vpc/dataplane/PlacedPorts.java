package io.skylane.vpc.dataplane;

import io.skylane.core.net.ConnectPoint;
import io.skylane.topology.PortClaims;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.PlacedIndex;
import io.skylane.vpc.pipeline.PlacedPort;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the tenant ports are, kept in the forms its readers need: the compiler's index
 * ({@link PlacedIndex}), the switch ports claimed from lab forwarding ({@link PortClaims}), each
 * port's switch for its status ({@link PortStatusTracker}), and a view for other apps' threads.
 * {@link #placeAll} places every port (the topology or a device changed), {@link #placeAgain} the
 * ports a batch of changes names, at a cost that depends on them only. Recompute thread only, but
 * for {@link #placed}.
 */
final class PlacedPorts {

    private final PortPlacement placement;
    private final PortClaims claims;
    private final String owner;
    private final PortStatusTracker statuses;
    private PlacedIndex index = new PlacedIndex();
    private final Map<UUID, PlacedPort> view = new ConcurrentHashMap<>();
    /** Switch ports claimed besides the tenant ports' (overlay tunnel ports): never released here. */
    private Set<ConnectPoint> alsoClaimed = Set.of();

    PlacedPorts(PortPlacement placement, PortClaims claims, String owner, PortStatusTracker statuses) {
        this.placement = placement;
        this.claims = claims;
        this.owner = owner;
        this.statuses = statuses;
    }

    /** Every port of {@code state} placed anew; {@code also} claimed beside the tenant ports. */
    void placeAll(TenantState state, Set<ConnectPoint> also) {
        PortPlacement.Placement placed = placement.place(List.copyOf(state.ports()));
        index = PlacedIndex.of(state.vpcs(), placed.placed());
        view.clear();
        placed.placed().forEach(p -> view.put(p.port().id(), p));
        Set<ConnectPoint> claimed = new HashSet<>(placed.claimed());
        claimed.addAll(also);
        alsoClaimed = Set.copyOf(also);
        claims.claim(owner, claimed);
        for (Port p : state.ports()) {
            PlacedPort at = view.get(p.id());
            statuses.place(p.id(), p, at == null ? null : at.location().deviceId(), false);
        }
    }

    /** The ports {@code ids} placed again (created, changed, deleted or learned). */
    void placeAgain(TenantState state, Set<UUID> ids) {
        PortPlacement.Update u = placement.update(ids, state::port);
        for (UUID id : u.updated()) {
            PlacedPort p = u.placed().get(id);
            Vpc vpc = p == null ? null : state.vpcs().get(p.port().vpcId());
            if (vpc != null) {
                index.put(p, vpc);
                view.put(id, p);
            } else {
                index.remove(id);
                view.remove(id);
                p = null;
            }
            statuses.place(id, state.port(id), p == null ? null : p.location().deviceId(), true);
        }
        Set<ConnectPoint> release = new HashSet<>(u.release());
        release.removeAll(alsoClaimed);
        claims.update(owner, u.claim(), release);
    }

    /** The compiler's index of the placed ports (recompute thread only). */
    PlacedIndex index() {
        return index;
    }

    /** The placed ports, as of the last placement, in port id order (as the store lists them); from any thread. */
    List<PlacedPort> placed() {
        List<PlacedPort> out = new java.util.ArrayList<>(view.values());
        out.sort(java.util.Comparator.comparing(p -> p.port().id()));
        return out;
    }

    int size() {
        return view.size();
    }
}
