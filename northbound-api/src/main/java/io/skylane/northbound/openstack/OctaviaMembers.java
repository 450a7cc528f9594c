package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Map;
import java.util.Set;

/**
 * Octavia's members are Skylane's, under their pool's path (docs/openstack.md): an address of the
 * load balancer's network, a port, a weight, backup. A member is probed on its own address and
 * port: no {@code monitor_address} or {@code monitor_port}.
 */
final class OctaviaMembers extends OctaviaResource {

    OctaviaMembers(IntentService intents) {
        super("member", "Member", ResourceType.MEMBER, intents);
    }

    @Override
    Set<String> creatable() {
        return union(COMMON, "address", "protocol_port", "subnet_id", "weight", "backup");
    }

    @Override
    Set<String> updatable() {
        return union(COMMON, "weight", "backup");
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "tenant_id", "pool_id");
    }

    @Override
    Map<String, Fixed> fixed() {
        String probe = "a member is probed on its own address and port (no monitor_address or monitor_port)";
        return Map.of(
                "monitor_address", isNull(probe),
                "monitor_port", isNull(probe),
                "vnic_type", isNullOr("normal", "a member's vnic type is normal"),
                "request_sriov", new Fixed(v -> v.isNull() || (v.isBoolean() && !v.asBoolean()), "SR-IOV is not supported"));
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.putNull("monitor_address").putNull("monitor_port");
        n.put("vnic_type", "normal");
    }
}
