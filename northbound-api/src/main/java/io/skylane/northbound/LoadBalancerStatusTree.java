package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.LbStatus;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code GET /v1/load-balancers/{id}/status}: a load balancer's statuses as one tree, as Octavia's
 * status tree: its listeners, each listener's pools (its default pool and the pools created for it),
 * each pool's health monitor and members, all in id order.
 */
public final class LoadBalancerStatusTree {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final IntentService intents;
    private final Actor actor;

    public LoadBalancerStatusTree(IntentService intents, Actor actor) {
        this.intents = intents;
        this.actor = actor;
    }

    public ObjectNode of(UUID loadBalancer) {
        Resource lb = intents.get(ResourceType.LOAD_BALANCER, actor, loadBalancer);
        ObjectNode root = F.objectNode();
        ObjectNode node = status(root.putObject("statuses").putObject("loadbalancer"), lb);
        List<Resource> pools = all(ResourceType.POOL, "loadbalancer_id", lb.id());
        ArrayNode listeners = node.putArray("listeners");
        for (Resource r : all(ResourceType.LISTENER, "loadbalancer_id", lb.id())) {
            Listener l = (Listener) r;
            ArrayNode ofListener = status(listeners.addObject(), l).putArray("pools");
            Map<UUID, Pool> mine = new TreeMap<>();
            for (Resource p : pools) {
                Pool pool = (Pool) p;
                if (pool.id().equals(l.defaultPoolId()) || l.id().equals(pool.listenerId())) {
                    mine.put(pool.id(), pool);
                }
            }
            mine.values().forEach(p -> pool(ofListener.addObject(), p));
        }
        return root;
    }

    private void pool(ObjectNode node, Pool p) {
        status(node, p);
        List<Resource> monitors = all(ResourceType.HEALTH_MONITOR, "pool_id", p.id());
        if (monitors.isEmpty()) {
            node.putNull("health_monitor");
        } else {
            HealthMonitor h = (HealthMonitor) monitors.get(0);
            ObjectNode m = node.putObject("health_monitor");
            m.put("id", h.id().toString());
            m.put("type", h.monitorType().json());
            statuses(m, h);
        }
        ArrayNode members = node.putArray("members");
        for (Resource r : all(ResourceType.MEMBER, "pool_id", p.id())) {
            Member m = (Member) r;
            ObjectNode o = status(members.addObject(), m);
            o.put("address", IpAddresses.format(m.address()));
            o.put("protocol_port", m.protocolPort());
        }
    }

    private static ObjectNode status(ObjectNode node, Resource r) {
        node.put("id", r.id().toString());
        node.put("name", r.meta().name());
        statuses(node, r);
        return node;
    }

    private static void statuses(ObjectNode node, Resource r) {
        LbStatus s = LbStatus.of(r);
        node.put("provisioning_status", s.provisioningStatus().name());
        node.put("operating_status", s.operatingStatus().name());
    }

    /** Every resource of a type with {@code field} equal to {@code value}, in id order (all pages). */
    private List<Resource> all(ResourceType type, String field, UUID value) {
        List<Resource> out = new ArrayList<>();
        UUID marker = null;
        do {
            IntentService.Page page = intents.list(type, actor,
                    new ListQuery(Map.of(field, List.of(value.toString())), IntentService.MAX_LIMIT, marker));
            out.addAll(page.items());
            marker = page.next();
        } while (marker != null);
        return out;
    }
}
