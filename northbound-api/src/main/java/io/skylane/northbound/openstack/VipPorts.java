package io.skylane.northbound.openstack;

import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A load balancer's VIP as Neutron shows it: a port of the VIP's network (device owner
 * {@code Octavia}, device id {@code lb-<load balancer id>}, name {@code octavia-lb-<id>}, as Octavia
 * names its VIP ports), holding the VIP address in its subnet, with the MAC of the VPC's router that
 * answers for it, {@code ACTIVE}. Skylane stores no such port: the switches answer for the VIP
 * (docs/pipeline.md); the port is made from the load balancer each time with an id derived from its,
 * which is the load balancer's {@code vip_port_id}. It is not a port of {@code /v1}, and the port API
 * does not change or delete it.
 */
final class VipPorts {

    static final String OWNER = "Octavia";

    private final IntentService intents;

    VipPorts(IntentService intents) {
        this.intents = intents;
    }

    /** The id of the VIP port of load balancer {@code lb}: always the same. */
    static UUID portId(UUID lb) {
        return UUID.nameUUIDFromBytes(("skylane:lb-vip:" + lb).getBytes(StandardCharsets.UTF_8));
    }

    /** The VIP ports of every load balancer the actor sees. */
    List<Resource> ports(Actor actor) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : OpenStackRequests.every(intents, ResourceType.LOAD_BALANCER, actor)) {
            port(actor, (LoadBalancer) r).ifPresent(out::add);
        }
        return out;
    }

    /** The VIP port with this id, if a load balancer the actor sees has it. */
    Optional<Port> find(Actor actor, UUID portId) {
        for (Resource r : OpenStackRequests.every(intents, ResourceType.LOAD_BALANCER, actor)) {
            if (portId(r.id()).equals(portId)) {
                return port(actor, (LoadBalancer) r);
            }
        }
        return Optional.empty();
    }

    private Optional<Port> port(Actor actor, LoadBalancer lb) {
        Vpc vpc;
        try {
            vpc = (Vpc) intents.get(ResourceType.VPC, actor, lb.vpcId());
        } catch (IntentException gone) {
            return Optional.empty();
        }
        Meta m = lb.meta();
        Meta meta = new Meta(portId(lb.id()), "octavia-lb-" + lb.id(), "", m.tenantId(), m.createdAt(), m.updatedAt(),
                m.revision(), List.of(), new TreeMap<>());
        return Optional.of(new Port(meta, lb.vpcId(), List.of(new Port.FixedIp(lb.vipSubnetId(), lb.vipAddress())),
                Pipeline.routerMac(vpc.segmentId()), List.of(), false, List.of(), null, "lb-" + lb.id(), OWNER, true,
                Port.Status.ACTIVE));
    }

    /** Whether {@code p} is a VIP port (made here, not stored). */
    static boolean isVip(Resource p) {
        if (!(p instanceof Port port) || !port.deviceOwner().equals(OWNER) || !port.deviceId().startsWith("lb-")) {
            return false;
        }
        try {
            return port.id().equals(portId(UUID.fromString(port.deviceId().substring(3))));
        } catch (IllegalArgumentException notALoadBalancer) {
            return false;
        }
    }
}
