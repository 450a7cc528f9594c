package io.skylane.vpc.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of the load-balancing resources, for {@link ResourceJson}. */
final class LbJson {

    private LbJson() {
    }

    static void toJson(ObjectNode o, Resource r) {
        if (r instanceof LoadBalancer lb) {
            o.put("vpc_id", lb.vpcId().toString());
            o.put("vip_subnet_id", lb.vipSubnetId().toString());
            o.put("vip_address", IpAddresses.format(lb.vipAddress()));
            status(o, LbStatus.of(lb));
        } else if (r instanceof Listener l) {
            o.put("loadbalancer_id", l.loadbalancerId().toString());
            o.put("protocol", l.protocol().name());
            o.put("protocol_port", l.protocolPort());
            ResourceJson.putNullable(o, "default_pool_id", l.defaultPoolId() == null ? null : l.defaultPoolId().toString());
            ArrayNode cidrs = o.putArray("allowed_cidrs");
            l.allowedCidrs().forEach(c -> cidrs.add(c.toString()));
            status(o, LbStatus.of(l));
        } else if (r instanceof Pool p) {
            o.put("loadbalancer_id", p.loadbalancerId().toString());
            ResourceJson.putNullable(o, "listener_id", p.listenerId() == null ? null : p.listenerId().toString());
            o.put("protocol", p.protocol().name());
            o.put("lb_algorithm", p.lbAlgorithm().name());
            if (p.sessionPersistence() == null) {
                o.putNull("session_persistence");
            } else {
                o.putObject("session_persistence").put("type", p.sessionPersistence().type().name());
            }
            status(o, LbStatus.of(p));
        } else if (r instanceof Member m) {
            o.put("pool_id", m.poolId().toString());
            o.put("subnet_id", m.subnetId().toString());
            o.put("address", IpAddresses.format(m.address()));
            o.put("protocol_port", m.protocolPort());
            o.put("weight", m.weight());
            o.put("backup", m.backup());
            status(o, LbStatus.of(m));
        } else if (r instanceof HealthMonitor h) {
            o.put("pool_id", h.poolId().toString());
            o.put("type", h.monitorType().json());
            o.put("delay", h.delay());
            o.put("timeout", h.timeout());
            o.put("max_retries", h.maxRetries());
            o.put("max_retries_down", h.maxRetriesDown());
            status(o, LbStatus.of(h));
        }
    }

    private static void status(ObjectNode o, LbStatus s) {
        o.put("admin_state_up", s.adminStateUp());
        o.put("provisioning_status", s.provisioningStatus().name());
        o.put("operating_status", s.operatingStatus().name());
    }

    /** Reads what {@link #toJson} wrote. */
    static Resource fromJson(ResourceType type, Meta m, JsonNode o) {
        boolean up = o.get("admin_state_up").booleanValue();
        ProvisioningStatus ps = ProvisioningStatus.valueOf(o.get("provisioning_status").textValue());
        OperatingStatus os = OperatingStatus.valueOf(o.get("operating_status").textValue());
        switch (type) {
            case LOAD_BALANCER:
                return new LoadBalancer(m, ResourceJson.uuid(o, "vpc_id"), ResourceJson.uuid(o, "vip_subnet_id"),
                        ResourceJson.ip(o.get("vip_address")), up, ps, os);
            case LISTENER: {
                List<IpPrefix> cidrs = new ArrayList<>();
                o.get("allowed_cidrs").forEach(c -> cidrs.add(IpPrefix.parse(c.textValue())));
                return new Listener(m, ResourceJson.uuid(o, "loadbalancer_id"), L4Protocol.valueOf(o.get("protocol").textValue()),
                        o.get("protocol_port").intValue(), ResourceJson.uuid(o, "default_pool_id"), cidrs, up, ps, os);
            }
            case POOL: {
                JsonNode sp = o.get("session_persistence");
                return new Pool(m, ResourceJson.uuid(o, "loadbalancer_id"), ResourceJson.uuid(o, "listener_id"),
                        L4Protocol.valueOf(o.get("protocol").textValue()),
                        Pool.Algorithm.valueOf(o.get("lb_algorithm").textValue()),
                        sp == null || sp.isNull() ? null
                                : new Pool.SessionPersistence(Pool.SessionPersistence.Type.valueOf(sp.get("type").textValue())),
                        up, ps, os);
            }
            case MEMBER:
                return new Member(m, ResourceJson.uuid(o, "pool_id"), ResourceJson.uuid(o, "subnet_id"),
                        ResourceJson.ip(o.get("address")), o.get("protocol_port").intValue(), o.get("weight").intValue(),
                        up, o.get("backup").booleanValue(), ps, os);
            case HEALTH_MONITOR:
                return new HealthMonitor(m, ResourceJson.uuid(o, "pool_id"), HealthMonitor.Type.ofJson(o.get("type").textValue()),
                        o.get("delay").intValue(), o.get("timeout").intValue(), o.get("max_retries").intValue(),
                        o.get("max_retries_down").intValue(), up, ps, os);
            default:
                throw new IllegalArgumentException("unknown type " + type);
        }
    }
}
