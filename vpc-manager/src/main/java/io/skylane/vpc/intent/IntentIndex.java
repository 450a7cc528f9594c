package io.skylane.vpc.intent;

import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.IntentReader;
import io.skylane.vpc.model.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Indexes over the stored intent that validation and allocation need in O(1): addresses in use
 * per subnet (and each allocation pool's floor), MACs in use per VPC, segment ids in use, children
 * per parent and type, tokens by hash, hypervisors by datapath id and by endpoint, and the router
 * each subnet has an interface on.
 * Built from the store's latest state at start and kept current by the intent service, which tells
 * it of each batch it appends, under its write lock (so validation always sees a consistent index
 * of the latest state, durable or not), and has it rebuilt after a failed journal sync.
 */
final class IntentIndex {

    private final Map<UUID, Map<InetAddress, UUID>> ipsBySubnet = new HashMap<>();
    private final Map<UUID, Map<MacAddress, UUID>> macsByVpc = new HashMap<>();
    private final Map<Integer, UUID> segments = new HashMap<>();
    /** By parent, then by the child's type: a typed look-up never walks the parent's other children. */
    private final Map<UUID, Map<ResourceType, Set<UUID>>> children = new HashMap<>();
    private final Map<String, UUID> tokensByHash = new ConcurrentHashMap<>();
    private final Map<Port.Binding, UUID> bindings = new HashMap<>();
    private final Map<Long, UUID> hypervisorsByDpid = new HashMap<>();
    private final Map<Ip4Address, UUID> hypervisorsByEndpoint = new HashMap<>();
    /** The router a subnet has an interface on (at most one). */
    private final Map<UUID, UUID> routersBySubnet = new HashMap<>();
    /**
     * Per subnet, per allocation pool (by its first address): the pool's allocation floor, below
     * which every address of the pool is held (see {@link SubnetAddresses#allocate}). Only ever
     * too low, never too high: a freed address lowers it, a change of the subnet or a rebuild
     * forgets it.
     */
    private final Map<UUID, NavigableMap<BigInteger, BigInteger>> allocationFloors = new HashMap<>();

    IntentIndex(IntentReader latest) {
        addAll(latest);
    }

    private void addAll(IntentReader latest) {
        for (ResourceType t : ResourceType.values()) {
            for (Resource r : latest.all(t)) {
                add(r);
            }
        }
    }

    /**
     * Rebuilds every index from {@code latest}, after a failed journal sync discarded the pending
     * commits it had been told of. A token that is still stored stays valid throughout.
     */
    void rebuild(IntentReader latest) {
        ipsBySubnet.clear();
        macsByVpc.clear();
        segments.clear();
        children.clear();
        bindings.clear();
        hypervisorsByDpid.clear();
        hypervisorsByEndpoint.clear();
        routersBySubnet.clear();
        allocationFloors.clear();
        addAll(latest);
        tokensByHash.entrySet().removeIf(e -> !(latest.get(ResourceType.TOKEN, e.getValue()) instanceof ApiToken t
                && t.secretHash().equals(e.getKey())));
    }

    /** A batch was appended to the store (it is in the latest state, maybe not yet durable). */
    void committed(List<Change> changes) {
        for (Change c : changes) {
            if (c.before() != null) {
                remove(c.before());
            }
            if (c.after() != null) {
                add(c.after());
            }
        }
    }

    private void add(Resource r) {
        parents(r).forEach(parent -> link(parent, r.type(), r.id()));
        if (r instanceof Vpc v) {
            segments.put(v.segmentId(), r.id());
        } else if (r instanceof Subnet s) {
            allocationFloors.remove(s.id()); // new pools or gateway: nothing is known of them
        } else if (r instanceof Port p) {
            if (p.binding() != null && p.binding().hasPort()) {
                bindings.put(p.binding(), p.id());
            }
            macsByVpc.computeIfAbsent(p.vpcId(), k -> new HashMap<>()).put(p.macAddress(), p.id());
            for (Port.FixedIp ip : p.fixedIps()) {
                ipsBySubnet.computeIfAbsent(ip.subnetId(), k -> new HashMap<>()).put(ip.ipAddress(), p.id());
            }
        } else if (r instanceof LoadBalancer lb) {
            ipsBySubnet.computeIfAbsent(lb.vipSubnetId(), k -> new HashMap<>()).put(lb.vipAddress(), lb.id());
        } else if (r instanceof ApiToken t) {
            tokensByHash.put(t.secretHash(), r.id());
        } else if (r instanceof Hypervisor h) {
            hypervisorsByDpid.put(h.datapathId(), h.id());
            hypervisorsByEndpoint.put(h.endpointIp(), h.id());
        } else if (r instanceof Router rt) {
            rt.subnetIds().forEach(s -> routersBySubnet.put(s, rt.id()));
        }
    }

    private void remove(Resource r) {
        parents(r).forEach(parent -> unlink(parent, r.type(), r.id()));
        if (r instanceof Vpc v) {
            segments.remove(v.segmentId());
        } else if (r instanceof Subnet s) {
            allocationFloors.remove(s.id());
        } else if (r instanceof Port p) {
            if (p.binding() != null && p.binding().hasPort()) {
                bindings.remove(p.binding(), p.id());
            }
            removeFrom(macsByVpc, p.vpcId(), p.macAddress());
            for (Port.FixedIp ip : p.fixedIps()) {
                removeFrom(ipsBySubnet, ip.subnetId(), ip.ipAddress());
                freed(ip.subnetId(), ip.ipAddress());
            }
        } else if (r instanceof LoadBalancer lb) {
            removeFrom(ipsBySubnet, lb.vipSubnetId(), lb.vipAddress());
            freed(lb.vipSubnetId(), lb.vipAddress());
        } else if (r instanceof ApiToken t) {
            tokensByHash.remove(t.secretHash());
        } else if (r instanceof Hypervisor h) {
            hypervisorsByDpid.remove(h.datapathId(), h.id());
            hypervisorsByEndpoint.remove(h.endpointIp(), h.id());
        } else if (r instanceof Router rt) {
            rt.subnetIds().forEach(s -> routersBySubnet.remove(s, rt.id()));
        }
    }

    /**
     * The resources {@code r} refers to, whose children it is (what a delete of one of them must
     * take along or refuse): its tenant (none for a tenant and for the provider's hypervisors), and
     * by type its VPC, subnets, groups, load balancer, pool.
     */
    private static List<UUID> parents(Resource r) {
        List<UUID> out = new ArrayList<>();
        if (r.type() != ResourceType.TENANT && !r.type().providerOwned()) {
            out.add(r.tenantId());
        }
        if (r instanceof Subnet s) {
            out.add(s.vpcId());
        } else if (r instanceof Port p) {
            out.add(p.vpcId());
            p.fixedIps().forEach(ip -> out.add(ip.subnetId()));
            out.addAll(p.securityGroups());
        } else if (r instanceof SecurityGroupRule rule) {
            out.add(rule.securityGroupId());
            if (rule.remoteGroupId() != null) {
                out.add(rule.remoteGroupId());
            }
        } else if (r instanceof LoadBalancer lb) {
            out.add(lb.vpcId());
            out.add(lb.vipSubnetId());
        } else if (r instanceof Listener l) {
            out.add(l.loadbalancerId());
            if (l.defaultPoolId() != null) {
                out.add(l.defaultPoolId());
            }
        } else if (r instanceof Pool p) {
            out.add(p.loadbalancerId());
            if (p.listenerId() != null) {
                out.add(p.listenerId());
            }
        } else if (r instanceof Member m) {
            out.add(m.poolId());
            out.add(m.subnetId());
        } else if (r instanceof HealthMonitor h) {
            out.add(h.poolId());
        }
        return out;
    }

    private static <K> void removeFrom(Map<UUID, Map<K, UUID>> m, UUID key, K value) {
        Map<K, UUID> inner = m.get(key);
        if (inner != null) {
            inner.remove(value);
            if (inner.isEmpty()) {
                m.remove(key);
            }
        }
    }

    private void link(UUID parent, ResourceType type, UUID child) {
        children.computeIfAbsent(parent, k -> new EnumMap<>(ResourceType.class))
                .computeIfAbsent(type, k -> new HashSet<>()).add(child);
    }

    private void unlink(UUID parent, ResourceType type, UUID child) {
        Map<ResourceType, Set<UUID>> byType = children.get(parent);
        Set<UUID> s = byType == null ? null : byType.get(type);
        if (s != null) {
            s.remove(child);
            if (s.isEmpty()) {
                byType.remove(type);
                if (byType.isEmpty()) {
                    children.remove(parent);
                }
            }
        }
    }

    /**
     * An address of {@code subnet} is free again: the floor of the pool holding it (pools do not
     * overlap: the one with the greatest start at or below it, if it is in any) comes down to it.
     */
    private void freed(UUID subnet, InetAddress ip) {
        NavigableMap<BigInteger, BigInteger> floors = allocationFloors.get(subnet);
        if (floors == null) {
            return;
        }
        BigInteger v = IpAddresses.toBig(ip);
        Map.Entry<BigInteger, BigInteger> pool = floors.floorEntry(v);
        if (pool != null && pool.getValue().compareTo(v) > 0) {
            floors.put(pool.getKey(), v);
        }
    }

    /**
     * The allocation floor of the pool of {@code subnet} that starts at {@code poolStart}: every
     * address of the pool below it is held by a port, a VIP, or is the gateway. The pool's start
     * when nothing is known.
     */
    BigInteger allocationFloor(UUID subnet, BigInteger poolStart) {
        NavigableMap<BigInteger, BigInteger> floors = allocationFloors.get(subnet);
        BigInteger f = floors == null ? null : floors.get(poolStart);
        return f == null ? poolStart : f;
    }

    /** Records what an allocation learned: every address of the pool below {@code floor} is held. */
    void allocationFloor(UUID subnet, BigInteger poolStart, BigInteger floor) {
        allocationFloors.computeIfAbsent(subnet, k -> new TreeMap<>()).put(poolStart, floor);
    }

    /** The port (or load balancer, for its VIP) holding {@code ip} in {@code subnet}, or null. */
    UUID ipOwner(UUID subnet, InetAddress ip) {
        Map<InetAddress, UUID> m = ipsBySubnet.get(subnet);
        return m == null ? null : m.get(ip);
    }

    int ipsInUse(UUID subnet) {
        Map<InetAddress, UUID> m = ipsBySubnet.get(subnet);
        return m == null ? 0 : m.size();
    }

    UUID macOwner(UUID vpc, MacAddress mac) {
        Map<MacAddress, UUID> m = macsByVpc.get(vpc);
        return m == null ? null : m.get(mac);
    }

    boolean segmentInUse(int segment) {
        return segments.containsKey(segment);
    }


    /** The port bound to this switch port, or null. */
    UUID boundPort(Port.Binding binding) {
        return bindings.get(binding);
    }

    /**
     * The resources of {@code type} that refer to {@code parent} (its children and users), read
     * from {@code store}; the cost is theirs alone, not that of the parent's other children (a
     * tenant's or a VPC's thousands of ports when asked for its subnets or groups).
     */
    List<Resource> children(UUID parent, ResourceType type, IntentReader store) {
        Map<ResourceType, Set<UUID>> byType = children.get(parent);
        Set<UUID> ids = byType == null ? null : byType.get(type);
        if (ids == null) {
            return List.of();
        }
        // Callers hold the service's write lock (its reads of a group's rules and a tenant's tokens
        // too): these are plain hash sets, which a concurrent write can resize under a reader.
        Object[] snapshot = ids.toArray();
        List<Resource> out = new ArrayList<>(snapshot.length);
        for (Object id : snapshot) {
            Resource r = store.get(type, (UUID) id);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    UUID tokenByHash(String hash) {
        return tokensByHash.get(hash);
    }

    /** The hypervisor with this datapath id, or null. */
    UUID hypervisorWithDpid(long dpid) {
        return hypervisorsByDpid.get(dpid);
    }

    /** The hypervisor with this tunnel endpoint, or null. */
    UUID hypervisorWithEndpoint(Ip4Address endpoint) {
        return hypervisorsByEndpoint.get(endpoint);
    }

    /** The router with an interface on {@code subnet}, or null. */
    UUID routerOf(UUID subnet) {
        return routersBySubnet.get(subnet);
    }
}
