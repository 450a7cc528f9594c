package io.skylane.vpc.yang;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.RouterCreate;
import io.skylane.vpc.intent.request.RouterUpdate;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.testing.TenantFixture;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.Module;

/**
 * Routers as the intent service makes them and {@link ResourceJson} writes them (the API's answer)
 * against {@code skylane-router}: they conform (with and without interfaces), and the module's
 * leaves are exactly the fields the API writes, so the two cannot drift apart.
 */
class RouterYangTest {

    private static final String MODULE = "skylane-router";

    @Test
    void everyRouterConformsAndTheModuleHasExactlyItsFields() {
        TenantFixture t = new TenantFixture();
        Vpc a = t.vpc();
        Vpc b = t.vpc();
        UUID web = t.subnet(a.id(), "10.0.1.0/24").id();
        UUID db = t.subnet(b.id(), "10.1.1.0/24").id();
        UUID v6 = t.subnet(b.id(), "2001:db8::/64").id();
        t.intents.create(Actor.ADMIN, RouterCreate.of(t.tenant, Common.NONE, List.of()));
        Resource full = t.intents.create(Actor.ADMIN, RouterCreate.of(t.tenant, Common.named("r1")
                .withDescription("web to db").withTags(List.of("prod")).withExternalIds(Map.of("neutron", "")),
                List.of(web, db)));
        t.intents.update(Actor.ADMIN, full.id(), RouterUpdate.NONE.withSubnetIds(List.of(db, web, v6)), 1L);
        List<Resource> all = List.copyOf(t.intents.store().all(ResourceType.ROUTER));
        assertEquals(2, all.size());
        Set<String> written = new TreeSet<>();
        for (Resource r : all) {
            ObjectNode json = ResourceJson.toJson(r);
            YangModel.get().validate(MODULE, "router", json);
            json.fieldNames().forEachRemaining(written::add);
        }
        Module module = YangModel.get().context().findModules(MODULE).iterator().next();
        ListSchemaNode list = (ListSchemaNode) module.dataChildByName(QName.create(module.getQNameModule(), "router"));
        Set<String> modelled = new TreeSet<>();
        for (DataSchemaNode child : list.getChildNodes()) {
            modelled.add(child.getQName().getLocalName());
        }
        assertEquals(modelled, written, "the module's leaves and the API's fields");
    }
}
