package io.skylane.vpc.yang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.HypervisorUpdate;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.testing.TenantFixture;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.Module;

/**
 * Hypervisors as the intent service makes them and {@link ResourceJson} writes them (the API's
 * answer) against {@code skylane-hypervisor}: they conform, and the module's leaves are exactly the
 * fields the API writes (no {@code tenant_id}), so the two cannot drift apart.
 */
class HypervisorYangTest {

    private static final String MODULE = "skylane-hypervisor";

    private final IntentService svc = TenantFixture.newService();

    private List<Resource> hypervisors() {
        svc.create(Actor.ADMIN, new HypervisorCreate(0xd1L, Ip4Address.parse("172.31.199.1"), Common.NONE));
        Resource full = svc.create(Actor.ADMIN, new HypervisorCreate(-1L, Ip4Address.parse("223.255.255.254"),
                Common.named("hv 2").withDescription("rack 2").withTags(List.of("az1", "gpu"))
                        .withExternalIds(Map.of("ovs-system-id", "4f1c", "empty", ""))));
        svc.update(Actor.ADMIN, full.id(), HypervisorUpdate.NONE.withEndpointIp(Ip4Address.parse("1.0.0.1")), 1L);
        return List.copyOf(svc.store().all(io.skylane.vpc.model.ResourceType.HYPERVISOR));
    }

    @Test
    void everyHypervisorConformsAndTheModuleHasExactlyItsFields() {
        List<Resource> all = hypervisors();
        assertEquals(2, all.size());
        Set<String> written = new TreeSet<>();
        for (Resource r : all) {
            ObjectNode json = ResourceJson.toJson(r);
            YangModel.get().validate(MODULE, "hypervisor", json);
            json.fieldNames().forEachRemaining(written::add);
        }
        Module module = YangModel.get().context().findModules(MODULE).iterator().next();
        ListSchemaNode list = (ListSchemaNode) module.dataChildByName(QName.create(module.getQNameModule(), "hypervisor"));
        Set<String> modelled = new TreeSet<>();
        for (DataSchemaNode child : list.getChildNodes()) {
            modelled.add(child.getQName().getLocalName());
        }
        assertEquals(modelled, written, "the module's leaves and the API's fields");
    }
}
