package io.skylane.lb.dataplane;

import io.skylane.core.net.DeviceId;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The statuses every load-balancing resource should have, as Octavia defines them.
 *
 * <p>Operating: a member is {@code OFFLINE} when its admin state is down, {@code DRAINING} at
 * weight 0, else {@code ONLINE}/{@code ERROR} by its pool's monitor ({@code ERROR} too when no
 * tenant port holds its address), {@code NO_MONITOR} without one. A pool is {@code ERROR} when
 * every member it has (admin state up) is in error, {@code DEGRADED} when some are, else
 * {@code ONLINE}; a listener is its default pool's status ({@code ONLINE} without one); a load
 * balancer {@code ERROR} when all its listeners are, {@code DEGRADED} when some are in error or
 * degraded. Anything whose admin state is down is {@code OFFLINE}; a monitor is {@code ONLINE}.
 *
 * <p>Provisioning, for the whole tree of a load balancer: {@code ERROR} when a switch refused its
 * rules, {@code ACTIVE} once every switch that holds its rules confirmed them, else pending
 * ({@code PENDING_CREATE} for what was never active, {@code PENDING_UPDATE} otherwise).
 */
final class LbStates {

    private LbStates() {
    }

    /**
     * The resources whose stored statuses differ from what they should be, with the statuses they
     * should have.
     *
     * @param placed   ids of members a tenant port holds the address of
     * @param verdict  a monitored member's health (empty: not monitored)
     * @param switches where a switch is with a load balancer's rules (by load balancer id and switch)
     * @param compiled the resources the rules were compiled from: only their statuses are set (the
     *                 others' come with the next recompute)
     */
    static Map<UUID, LbState> changes(LbIntent intent, Predicate<UUID> compiled, Map<UUID, Set<DeviceId>> devices,
                                      Set<UUID> placed,
                                      Function<UUID, Optional<Boolean>> verdict,
                                      BiFunction<UUID, DeviceId, SwitchConfirmations.State> switches) {
        Map<UUID, LbState> out = new LinkedHashMap<>();
        for (LoadBalancer lb : intent.loadBalancers()) {
            if (!compiled.test(lb.id())) {
                continue;
            }
            ProvisioningStatus prov = provisioning(devices.getOrDefault(lb.id(), Set.of()),
                    d -> switches.apply(lb.id(), d));
            List<OperatingStatus> listenerStates = new ArrayList<>();
            Map<UUID, OperatingStatus> poolStates = new LinkedHashMap<>();
            for (Pool pool : intent.pools(lb.id())) {
                Optional<HealthMonitor> monitor = intent.monitor(pool.id()).filter(HealthMonitor::adminStateUp);
                List<OperatingStatus> memberStates = new ArrayList<>();
                for (Member m : intent.members(pool.id())) {
                    OperatingStatus s = member(m, monitor.isPresent(), placed.contains(m.id()), verdict.apply(m.id()));
                    if (m.adminStateUp()) {
                        memberStates.add(s);
                    }
                    put(out, compiled, m, prov, s);
                }
                intent.monitor(pool.id()).ifPresent(h -> put(out, compiled, h, prov,
                        h.adminStateUp() ? OperatingStatus.ONLINE : OperatingStatus.OFFLINE));
                OperatingStatus ps = pool.adminStateUp() ? worst(memberStates) : OperatingStatus.OFFLINE;
                poolStates.put(pool.id(), ps);
                put(out, compiled, pool, prov, ps);
            }
            for (Listener l : intent.listeners(lb.id())) {
                OperatingStatus ls = !l.adminStateUp() ? OperatingStatus.OFFLINE
                        : l.defaultPoolId() == null ? OperatingStatus.ONLINE
                        : poolStates.getOrDefault(l.defaultPoolId(), OperatingStatus.ONLINE);
                if (l.adminStateUp()) {
                    listenerStates.add(ls == OperatingStatus.OFFLINE ? OperatingStatus.ERROR : ls);
                }
                put(out, compiled, l, prov, ls);
            }
            put(out, compiled, lb, prov, lb.adminStateUp() ? worst(listenerStates) : OperatingStatus.OFFLINE);
        }
        return out;
    }

    private static OperatingStatus member(Member m, boolean monitored, boolean placed, Optional<Boolean> up) {
        if (!m.adminStateUp()) {
            return OperatingStatus.OFFLINE;
        }
        if (monitored && (!placed || !up.orElse(true))) {
            return OperatingStatus.ERROR;
        }
        if (m.weight() == 0) {
            return OperatingStatus.DRAINING;
        }
        return monitored ? OperatingStatus.ONLINE : OperatingStatus.NO_MONITOR;
    }

    /** {@code ERROR} when all are in error, {@code DEGRADED} when some are (or degraded), else {@code ONLINE}. */
    private static OperatingStatus worst(List<OperatingStatus> parts) {
        long errors = parts.stream().filter(s -> s == OperatingStatus.ERROR).count();
        if (!parts.isEmpty() && errors == parts.size()) {
            return OperatingStatus.ERROR;
        }
        if (errors > 0 || parts.contains(OperatingStatus.DEGRADED)) {
            return OperatingStatus.DEGRADED;
        }
        return OperatingStatus.ONLINE;
    }

    private static ProvisioningStatus provisioning(Set<DeviceId> devices,
                                                   Function<DeviceId, SwitchConfirmations.State> switches) {
        Set<SwitchConfirmations.State> states = new HashSet<>();
        devices.forEach(d -> states.add(switches.apply(d)));
        if (states.contains(SwitchConfirmations.State.REFUSED)) {
            return ProvisioningStatus.ERROR;
        }
        return states.contains(SwitchConfirmations.State.PENDING) ? null : ProvisioningStatus.ACTIVE;
    }

    /** Records {@code r}'s wanted state if it differs; a {@code null} provisioning means pending. */
    private static void put(Map<UUID, LbState> out, Predicate<UUID> compiled, Resource r, ProvisioningStatus prov,
                            OperatingStatus op) {
        LbState now = LbState.of(r);
        ProvisioningStatus p = prov;
        if (p == null) {
            p = now.provisioning() == ProvisioningStatus.PENDING_CREATE ? ProvisioningStatus.PENDING_CREATE
                    : ProvisioningStatus.PENDING_UPDATE;
        }
        LbState want = new LbState(p, op);
        if (!want.equals(now) && compiled.test(r.id())) {
            out.put(r.id(), want);
        }
    }
}
