package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import io.skylane.vpc.store.JournalIntentStore;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The index's children, by parent and type, built from the store and kept current by commits. */
class IntentIndexTest {

    private static Set<UUID> ids(List<Resource> rs) {
        return rs.stream().map(Resource::id).collect(Collectors.toSet());
    }

    @Test
    void typedChildrenFollowCreatesMovesAndDeletes() {
        JournalIntentStore store = JournalIntentStore.inMemory();
        IntentService svc = new IntentService(store, IntentConfig.defaults("admin-token-0123456789"), Clock.systemUTC());
        IntentService.CreatedTenant t = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("t")));
        Actor tenant = svc.authenticate(t.token().secret());
        UUID vpc = svc.create(tenant, new VpcCreate(null, Common.named("v"))).id();
        Subnet a = (Subnet) svc.create(tenant, SubnetCreate.of(null, vpc, IpPrefix.parse("10.0.0.0/24")));
        Subnet b = (Subnet) svc.create(tenant, SubnetCreate.of(null, vpc, IpPrefix.parse("10.0.1.0/24")));
        Set<UUID> inA = new HashSet<>();
        Set<UUID> inB = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Subnet s = i < 3 ? a : b;
            Port p = (Port) svc.create(tenant, new PortCreate(null, vpc, PortUpdate.NONE.withFixedIps(
                    List.of(new PortUpdate.FixedIp(s.id(), null)))));
            (i < 3 ? inA : inB).add(p.id());
        }
        UUID defaultGroup = svc.list(ResourceType.SECURITY_GROUP, tenant, io.skylane.vpc.intent.request.ListQuery.all(10))
                .items().get(0).id();

        IntentIndex index = new IntentIndex(store.latest());
        assertEquals(Set.of(a.id(), b.id()), ids(index.children(vpc, ResourceType.SUBNET, store)), "not the VPC's ports");
        assertEquals(5, index.children(vpc, ResourceType.PORT, store).size());
        assertEquals(inA, ids(index.children(a.id(), ResourceType.PORT, store)));
        assertEquals(inB, ids(index.children(b.id(), ResourceType.PORT, store)));
        assertEquals(Set.of(defaultGroup), ids(index.children(t.tenant().id(), ResourceType.SECURITY_GROUP, store)));
        assertEquals(5, index.children(defaultGroup, ResourceType.PORT, store).size(), "the ports using the group");
        assertEquals(4, index.children(defaultGroup, ResourceType.SECURITY_GROUP_RULE, store).size());
        assertEquals(List.of(), index.children(a.id(), ResourceType.SUBNET, store));

        // a port moves from A to B, then one of B's goes
        UUID moving = inA.iterator().next();
        Port before = (Port) store.get(ResourceType.PORT, moving);
        Port after = (Port) svc.update(tenant, moving, PortUpdate.NONE.withFixedIps(
                List.of(new PortUpdate.FixedIp(b.id(), null))), null);
        index.committed(List.of(Change.update(before, after)));
        inA.remove(moving);
        inB.add(moving);
        assertEquals(inA, ids(index.children(a.id(), ResourceType.PORT, store)));
        assertEquals(inB, ids(index.children(b.id(), ResourceType.PORT, store)));
        for (UUID gone : inA) {
            Resource r = store.get(ResourceType.PORT, gone);
            svc.delete(ResourceType.PORT, tenant, gone, null, false);
            index.committed(List.of(Change.delete(r)));
        }
        assertEquals(List.of(), index.children(a.id(), ResourceType.PORT, store), "A has no ports left");
        assertEquals(inB, ids(index.children(vpc, ResourceType.PORT, store)));
        assertEquals(Set.of(a.id(), b.id()), ids(index.children(vpc, ResourceType.SUBNET, store)));
    }
}
