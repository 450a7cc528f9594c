package io.skylane.topology.discovery;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.ConnectPoint;
import io.skylane.core.net.Device;
import io.skylane.core.net.Port;
import io.skylane.topology.Host;
import io.skylane.topology.HostEvent;
import io.skylane.topology.HostListener;
import io.skylane.topology.PortClaims;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ports discovery probes. A probe carries the switch's datapath id and port number, so:
 *
 * <ul>
 * <li>never a port the tenant data plane claims ({@link PortClaims}): tenant hosts must not learn
 *     infrastructure identifiers;
 * <li>a host port (one where the host service has learned a host: it has a host, not a switch,
 *     behind it) once per host-port interval in the periodic rounds, and when it comes up (as
 *     every port), so that a switch plugged in there later is still found;
 * <li>every other enabled physical port of a connected switch in every round.
 * </ul>
 *
 * <p>It follows the host service as a {@link HostListener} (the server registers it): host events
 * arrive on the event thread, one at a time; reads come from the discovery timer and the I/O
 * threads and take no lock.
 */
final class ProbeScope implements HostListener {

    private final PortClaims claims;
    private final long hostPortIntervalMillis;
    /** Where each host is, by the events seen; and how many hosts each port has. */
    private final Map<Host.HostId, ConnectPoint> hostAt = new HashMap<>();
    private final Set<ConnectPoint> hostPorts = ConcurrentHashMap.newKeySet();
    private final Map<ConnectPoint, Integer> hostsPerPort = new HashMap<>();
    /** When the last round with host ports started; the discovery timer's only. */
    private long lastHostPortRound;
    private boolean hostPortRoundDone;

    ProbeScope(PortClaims claims, long hostPortIntervalMillis) {
        checkArgument(hostPortIntervalMillis > 0, "hostPortIntervalMillis must be positive");
        this.claims = checkNotNull(claims, "claims");
        this.hostPortIntervalMillis = hostPortIntervalMillis;
    }

    /** False for a port the tenant data plane claims: no probe ever leaves through it. */
    boolean mayProbe(ConnectPoint port) {
        return !claims.isClaimed(port);
    }

    /** A port where hosts were learned. */
    boolean isHostPort(ConnectPoint port) {
        return hostPorts.contains(port);
    }

    /**
     * The ports of a periodic round starting at {@code now}: every enabled physical port of the
     * connected switches that may be probed, host ports only if their interval has passed since the
     * last round that had them. Called by the discovery timer only.
     */
    List<ConnectPoint> roundTargets(Iterable<Device> devices, long now) {
        boolean withHostPorts = !hostPortRoundDone || now - lastHostPortRound >= hostPortIntervalMillis
                || now < lastHostPortRound;
        if (withHostPorts) {
            lastHostPortRound = now;
            hostPortRoundDone = true;
        }
        ImmutableList.Builder<ConnectPoint> all = ImmutableList.builder();
        for (Device d : devices) {
            if (!d.connected()) {
                continue;
            }
            for (Port p : d.ports().values()) {
                ConnectPoint cp = ConnectPoint.of(d.id(), p.number());
                if (p.number().isPhysical() && p.isEnabled() && mayProbe(cp) && (withHostPorts || !isHostPort(cp))) {
                    all.add(cp);
                }
            }
        }
        return all.build();
    }

    @Override
    public synchronized void event(HostEvent event) {
        Host h = event.subject();
        ConnectPoint before = hostAt.get(h.id());
        ConnectPoint after = event.type() == HostEvent.Type.HOST_REMOVED ? null : h.location();
        if (after == null) {
            hostAt.remove(h.id());
        } else {
            hostAt.put(h.id(), after);
        }
        if (before != null && !before.equals(after)) {
            hostsPerPort.computeIfPresent(before, (cp, n) -> n > 1 ? n - 1 : null);
            if (!hostsPerPort.containsKey(before)) {
                hostPorts.remove(before);
            }
        }
        if (after != null && !after.equals(before)) {
            hostsPerPort.merge(after, 1, Integer::sum);
            hostPorts.add(after);
        }
    }

    @Override
    public String toString() {
        return "ProbeScope{" + hostPorts.size() + " host ports}";
    }
}
