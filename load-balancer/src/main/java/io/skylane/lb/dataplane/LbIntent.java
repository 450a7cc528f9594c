package io.skylane.lb.dataplane;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ImmutableMap;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.store.IntentStore;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The load-balancing intent at one moment, indexed: load balancers, their listeners, pools,
 * members and health monitors. Immutable; load balancers are in the order they were created (then
 * by id), everything else in id order, so what is computed from it does not depend on the store's
 * iteration order, and where two load balancers would want one rule (a member of both), the older
 * one's stays when another is added.
 */
public final class LbIntent {

    private final ImmutableList<LoadBalancer> loadBalancers;
    private final ImmutableListMultimap<UUID, Listener> listenersByLb;
    private final ImmutableMap<UUID, Pool> pools;
    private final ImmutableListMultimap<UUID, Pool> poolsByLb;
    private final ImmutableListMultimap<UUID, Member> membersByPool;
    private final ImmutableMap<UUID, HealthMonitor> monitorByPool;

    private LbIntent(Collection<LoadBalancer> lbs, Collection<Listener> listeners, Collection<Pool> pools,
                     Collection<Member> members, Collection<HealthMonitor> monitors) {
        this.loadBalancers = ImmutableList.sortedCopyOf(
                Comparator.comparing((LoadBalancer x) -> x.meta().createdAt()).thenComparing(LoadBalancer::id), lbs);
        ImmutableListMultimap.Builder<UUID, Listener> l = ImmutableListMultimap.builder();
        listeners.stream().sorted(Comparator.comparing(Listener::id)).forEach(x -> l.put(x.loadbalancerId(), x));
        this.listenersByLb = l.build();
        ImmutableMap.Builder<UUID, Pool> p = ImmutableMap.builder();
        ImmutableListMultimap.Builder<UUID, Pool> pl = ImmutableListMultimap.builder();
        pools.stream().sorted(Comparator.comparing(Pool::id)).forEach(x -> {
            p.put(x.id(), x);
            pl.put(x.loadbalancerId(), x);
        });
        this.pools = p.build();
        this.poolsByLb = pl.build();
        ImmutableListMultimap.Builder<UUID, Member> m = ImmutableListMultimap.builder();
        members.stream().sorted(Comparator.comparing(Member::id)).forEach(x -> m.put(x.poolId(), x));
        this.membersByPool = m.build();
        ImmutableMap.Builder<UUID, HealthMonitor> h = ImmutableMap.builder();
        monitors.stream().sorted(Comparator.comparing(HealthMonitor::id)).forEach(x -> h.put(x.poolId(), x));
        this.monitorByPool = h.buildKeepingLast();
    }

    /** The given resources (any order). */
    public static LbIntent of(Collection<LoadBalancer> lbs, Collection<Listener> listeners, Collection<Pool> pools,
                              Collection<Member> members, Collection<HealthMonitor> monitors) {
        return new LbIntent(lbs, listeners, pools, members, monitors);
    }

    /** Everything the store holds now. */
    public static LbIntent from(IntentStore store) {
        return new LbIntent(all(store, ResourceType.LOAD_BALANCER, LoadBalancer.class),
                all(store, ResourceType.LISTENER, Listener.class), all(store, ResourceType.POOL, Pool.class),
                all(store, ResourceType.MEMBER, Member.class), all(store, ResourceType.HEALTH_MONITOR, HealthMonitor.class));
    }

    private static <T extends Resource> List<T> all(IntentStore store, ResourceType type, Class<T> cls) {
        return store.all(type).stream().map(cls::cast).toList();
    }

    public List<LoadBalancer> loadBalancers() {
        return loadBalancers;
    }

    public List<Listener> listeners(UUID loadBalancer) {
        return listenersByLb.get(loadBalancer);
    }

    public List<Pool> pools(UUID loadBalancer) {
        return poolsByLb.get(loadBalancer);
    }

    public Optional<Pool> pool(UUID id) {
        return Optional.ofNullable(id == null ? null : pools.get(id));
    }

    public List<Member> members(UUID pool) {
        return membersByPool.get(pool);
    }

    public Optional<HealthMonitor> monitor(UUID pool) {
        return Optional.ofNullable(monitorByPool.get(pool));
    }

    /** The ids of every resource here. */
    public Set<UUID> ids() {
        Set<UUID> ids = new HashSet<>();
        loadBalancers.forEach(x -> ids.add(x.id()));
        listenersByLb.values().forEach(x -> ids.add(x.id()));
        pools.keySet().forEach(ids::add);
        membersByPool.values().forEach(x -> ids.add(x.id()));
        monitorByPool.values().forEach(x -> ids.add(x.id()));
        return ids;
    }

    /** Every member of every pool. */
    public Collection<Member> allMembers() {
        return membersByPool.values();
    }
}
