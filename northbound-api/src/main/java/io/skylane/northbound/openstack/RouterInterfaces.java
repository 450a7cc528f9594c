package io.skylane.northbound.openstack;

import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.pipeline.Pipeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A router's interfaces as Neutron shows them: one port per subnet of the router (device owner
 * {@code network:router_interface}, device id the router's, the subnet's gateway address, the MAC of
 * the VPC's router, {@code ACTIVE}). Skylane stores no such port: a router holds its subnets, and the
 * VPC's router answers for every gateway (docs/pipeline.md). These ports are made from the router
 * each time, with an id derived from the router's and the subnet's, so that the same interface has
 * the same id in every answer; they are not ports of {@code /v1}.
 */
final class RouterInterfaces {

    static final String OWNER = "network:router_interface";

    private final IntentService intents;

    RouterInterfaces(IntentService intents) {
        this.intents = intents;
    }

    /** The id of the port of {@code router}'s interface on {@code subnet}: always the same. */
    static UUID portId(UUID router, UUID subnet) {
        return UUID.nameUUIDFromBytes(("skylane:router-interface:" + router + "/" + subnet)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The interface ports of every router the actor sees, in no particular order. */
    List<Resource> ports(Actor actor) {
        List<Resource> out = new ArrayList<>();
        for (Resource r : NeutronRoutes.every(intents, ResourceType.ROUTER, actor)) {
            Router router = (Router) r;
            for (UUID subnet : router.subnetIds()) {
                port(actor, router, subnet).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The interface port with this id, if a router the actor sees has it. */
    Optional<Port> find(Actor actor, UUID portId) {
        for (Resource r : NeutronRoutes.every(intents, ResourceType.ROUTER, actor)) {
            Router router = (Router) r;
            for (UUID subnet : router.subnetIds()) {
                if (portId(router.id(), subnet).equals(portId)) {
                    return port(actor, router, subnet);
                }
            }
        }
        return Optional.empty();
    }

    /** The interface port of {@code router} on {@code subnetId}. */
    Optional<Port> port(Actor actor, Router router, UUID subnetId) {
        Subnet subnet;
        Vpc vpc;
        try {
            subnet = (Subnet) intents.get(ResourceType.SUBNET, actor, subnetId);
            vpc = (Vpc) intents.get(ResourceType.VPC, actor, subnet.vpcId());
        } catch (io.skylane.vpc.intent.IntentException gone) {
            return Optional.empty(); // deleted between the two reads
        }
        Meta m = router.meta();
        Meta meta = new Meta(portId(router.id(), subnetId), "", "", m.tenantId(), m.createdAt(), m.updatedAt(),
                m.revision(), List.of(), new java.util.TreeMap<>(Map.of()));
        List<Port.FixedIp> ips = subnet.gatewayIp() == null ? List.of()
                : List.of(new Port.FixedIp(subnetId, subnet.gatewayIp()));
        return Optional.of(new Port(meta, subnet.vpcId(), ips, Pipeline.routerMac(vpc.segmentId()), List.of(), false,
                List.of(), null, router.id().toString(), OWNER, true, Port.Status.ACTIVE));
    }

    /** Whether {@code p} is a router's interface port (made here, not stored). */
    static boolean isInterface(Resource p) {
        if (!(p instanceof Port port) || !port.deviceOwner().equals(OWNER) || port.fixedIps().isEmpty()) {
            return false;
        }
        try {
            return port.id().equals(portId(UUID.fromString(port.deviceId()), port.fixedIps().get(0).subnetId()));
        } catch (IllegalArgumentException notARouter) {
            return false;
        }
    }
}
