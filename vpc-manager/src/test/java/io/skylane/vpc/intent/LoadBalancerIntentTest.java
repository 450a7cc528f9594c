package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.HealthMonitorCreate;
import io.skylane.vpc.intent.request.HealthMonitorUpdate;
import io.skylane.vpc.intent.request.ListQuery;
import io.skylane.vpc.intent.request.ListenerCreate;
import io.skylane.vpc.intent.request.ListenerUpdate;
import io.skylane.vpc.intent.request.LoadBalancerCreate;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberCreate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.intent.request.PoolCreate;
import io.skylane.vpc.intent.request.PoolUpdate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.JournalIntentStore;
import io.skylane.vpc.testing.TenantFixture;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Load balancers, listeners, pools, members and health monitors in the intent service. */
class LoadBalancerIntentTest {

    private final TenantFixture t = new TenantFixture();
    private final TenantFixture other = new TenantFixture(t.intents, "other");
    private final IntentService svc = t.intents;
    private final JournalIntentStore store = (JournalIntentStore) svc.store();
    private final Vpc vpc = t.vpc();
    private final Subnet subnet = t.subnet(vpc.id(), "10.0.0.0/24");

    private IntentException refused(Runnable r) {
        long seq = store.lastSeq();
        IntentException e = assertThrows(IntentException.class, r::run);
        assertEquals(seq, store.lastSeq(), "a refused request must store nothing");
        return e;
    }

    private LoadBalancer lb(String vip) {
        return (LoadBalancer) svc.create(Actor.ADMIN, new LoadBalancerCreate(t.tenant, subnet.id(),
                vip == null ? null : IpAddresses.parse(vip), LoadBalancerUpdate.NONE));
    }

    private Listener listener(UUID lb, L4Protocol protocol, int port) {
        return (Listener) svc.create(Actor.ADMIN, new ListenerCreate(t.tenant, lb, protocol, port, ListenerUpdate.NONE));
    }

    private Pool pool(UUID lb, UUID listener, L4Protocol protocol) {
        return (Pool) svc.create(Actor.ADMIN, new PoolCreate(t.tenant, lb, listener, protocol,
                PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP_PORT)));
    }

    private Member member(UUID pool, String address, int port, MemberUpdate settings) {
        return (Member) svc.create(Actor.ADMIN, new MemberCreate(t.tenant, pool, IpAddresses.parse(address), port, null,
                settings));
    }

    private HealthMonitor monitor(UUID pool, int delay, int timeout) {
        return (HealthMonitor) svc.create(Actor.ADMIN, new HealthMonitorCreate(t.tenant, pool, HealthMonitor.Type.TCP,
                HealthMonitorUpdate.timing(delay, timeout, 2)));
    }

    @Test
    void aVipIsAllocatedLikeAPortAddressAndReservedInItsSubnet() {
        LoadBalancer lb = lb(null);
        assertEquals("10.0.0.2", IpAddresses.format(lb.vipAddress()), "the first free address after the gateway");
        assertEquals(vpc.id(), lb.vpcId());
        assertEquals(ProvisioningStatus.PENDING_CREATE, lb.provisioningStatus());
        assertEquals(OperatingStatus.OFFLINE, lb.operatingStatus());
        Port p = t.port(vpc.id(), PortUpdate.NONE);
        assertEquals("10.0.0.3", IpAddresses.format(p.fixedIps().get(0).ipAddress()), "ports skip the VIP");
        IntentException taken = refused(() -> t.port(vpc.id(), PortUpdate.NONE.withFixedIps(
                List.of(TenantFixture.fixedIp("10.0.0.2")))));
        assertEquals("fixed_ips[0].ip_address", taken.field());
        assertTrue(taken.getMessage().contains("load balancer " + lb.id()), taken.getMessage());
        assertEquals("vip_address", refused(() -> lb("10.0.0.3")).field(), "a port's address");
        assertEquals("vip_address", refused(() -> lb("10.0.0.1")).field(), "the gateway");
        assertEquals("vip_address", refused(() -> lb("10.0.1.5")).field(), "outside the subnet");
        assertEquals("10.0.0.9", IpAddresses.format(lb("10.0.0.9").vipAddress()));
        assertEquals("vip_subnet_id", refused(() -> svc.create(Actor.ADMIN, new LoadBalancerCreate(other.tenant,
                subnet.id(), null, LoadBalancerUpdate.NONE))).field(), "another tenant's subnet");
        assertEquals("vip_subnet_id", refused(() -> svc.create(Actor.ADMIN, new LoadBalancerCreate(t.tenant,
                null, null, LoadBalancerUpdate.NONE))).field());
        LoadBalancer down = (LoadBalancer) svc.update(Actor.ADMIN, lb.id(),
                new LoadBalancerUpdate(Common.named("web"), Given.of(false)), null);
        assertEquals("web", down.meta().name());
        assertTrue(!down.adminStateUp() && down.vipAddress().equals(lb.vipAddress()));
    }

    @Test
    void listenersAreOnePerProtocolAndPortWithADefaultPoolOfTheSameProtocol() {
        LoadBalancer lb = lb(null);
        Listener http = listener(lb.id(), L4Protocol.TCP, 80);
        listener(lb.id(), L4Protocol.UDP, 80);
        assertEquals("protocol_port", refused(() -> listener(lb.id(), L4Protocol.TCP, 80)).field());
        assertEquals("protocol_port", refused(() -> listener(lb.id(), L4Protocol.TCP, 65536)).field());
        assertEquals("protocol", refused(() -> svc.create(Actor.ADMIN, new ListenerCreate(t.tenant, lb.id(), null, 81,
                ListenerUpdate.NONE))).field());
        Pool udp = pool(lb.id(), null, L4Protocol.UDP);
        assertEquals("default_pool_id", refused(() -> svc.update(Actor.ADMIN, http.id(),
                ListenerUpdate.NONE.withDefaultPoolId(udp.id()), null)).field(), "protocol mismatch");
        Pool elsewhere = pool(lb(null).id(), null, L4Protocol.TCP);
        assertEquals("default_pool_id", refused(() -> svc.update(Actor.ADMIN, http.id(),
                ListenerUpdate.NONE.withDefaultPoolId(elsewhere.id()), null)).field(), "another load balancer's pool");
        assertEquals("allowed_cidrs[0]", refused(() -> svc.update(Actor.ADMIN, http.id(),
                ListenerUpdate.NONE.withAllowedCidrs(List.of(IpPrefix.parse("2001:db8::/64"))), null)).field());
        Listener narrowed = (Listener) svc.update(Actor.ADMIN, http.id(),
                ListenerUpdate.NONE.withAllowedCidrs(List.of(IpPrefix.parse("10.0.0.0/25"))), null);
        assertEquals(List.of(IpPrefix.parse("10.0.0.0/25")), narrowed.allowedCidrs());
    }

    @Test
    void aPoolCreatedForAListenerBecomesItsDefaultPool() {
        LoadBalancer lb = lb(null);
        Listener l = listener(lb.id(), L4Protocol.TCP, 80);
        Pool p = pool(null, l.id(), L4Protocol.TCP);
        assertEquals(lb.id(), p.loadbalancerId());
        assertEquals(p.id(), ((Listener) store.get(ResourceType.LISTENER, l.id())).defaultPoolId());
        assertEquals("listener_id", refused(() -> pool(null, l.id(), L4Protocol.TCP)).field(), "one per listener");
        Listener u = listener(lb.id(), L4Protocol.UDP, 53);
        assertEquals("protocol", refused(() -> pool(null, u.id(), L4Protocol.TCP)).field());
        assertEquals("loadbalancer_id", refused(() -> pool(null, null, L4Protocol.TCP)).field());
        assertEquals("lb_algorithm", refused(() -> svc.create(Actor.ADMIN, new PoolCreate(t.tenant, lb.id(), null,
                L4Protocol.TCP, PoolUpdate.NONE))).field());
        Pool sticky = (Pool) svc.update(Actor.ADMIN, p.id(), PoolUpdate.NONE.withLbAlgorithm(Pool.Algorithm.SOURCE_IP)
                .withSessionPersistence(new Pool.SessionPersistence(Pool.SessionPersistence.Type.SOURCE_IP)), null);
        assertEquals(Pool.Algorithm.SOURCE_IP, sticky.lbAlgorithm());
        assertEquals(Pool.SessionPersistence.Type.SOURCE_IP, sticky.sessionPersistence().type());
    }

    @Test
    void membersAreAddressesOfTheVpcOncePerPool() {
        Subnet second = t.subnet(vpc.id(), "10.0.1.0/24");
        Pool p = pool(lb(null).id(), null, L4Protocol.TCP);
        Member m = member(p.id(), "10.0.1.7", 8080, MemberUpdate.NONE);
        assertEquals(second.id(), m.subnetId(), "the subnet that holds the address");
        assertEquals(1, m.weight());
        assertTrue(m.adminStateUp() && !m.backup());
        member(p.id(), "10.0.1.7", 8081, MemberUpdate.NONE.withWeight(0).withBackup(true));
        assertEquals("address", refused(() -> member(p.id(), "10.0.1.7", 8080, MemberUpdate.NONE)).field());
        assertEquals("address", refused(() -> member(p.id(), "10.9.0.7", 8080, MemberUpdate.NONE)).field(),
                "in no subnet of the VPC");
        assertEquals("weight", refused(() -> member(p.id(), "10.0.1.8", 80, MemberUpdate.NONE.withWeight(257))).field());
        assertEquals("protocol_port", refused(() -> member(p.id(), "10.0.1.8", 0, MemberUpdate.NONE)).field());
        Vpc elsewhere = t.vpc();
        Subnet foreign = t.subnet(elsewhere.id(), "10.0.1.0/24");
        assertEquals("subnet_id", refused(() -> svc.create(Actor.ADMIN, new MemberCreate(t.tenant, p.id(),
                IpAddresses.parse("10.0.1.9"), 80, foreign.id(), MemberUpdate.NONE))).field(),
                "the same CIDR in another VPC is not the load balancer's");
        Member drained = (Member) svc.update(Actor.ADMIN, m.id(), MemberUpdate.NONE.withAdminStateUp(false), null);
        assertTrue(!drained.adminStateUp());
        assertEquals(2, svc.list(ResourceType.MEMBER, Actor.ADMIN,
                new ListQuery(Map.of("pool_id", List.of(p.id().toString())), 10, null)).items().size());
        assertEquals(1, svc.list(ResourceType.MEMBER, Actor.ADMIN,
                new ListQuery(Map.of("weight", List.of("0")), 10, null)).items().size());
    }

    @Test
    void onePoolHasOneHealthMonitorWhoseTimeoutFitsItsDelay() {
        Pool p = pool(lb(null).id(), null, L4Protocol.TCP);
        HealthMonitor h = monitor(p.id(), 5, 3);
        assertEquals(3, h.maxRetriesDown(), "the default");
        assertEquals("pool_id", refused(() -> monitor(p.id(), 5, 3)).field());
        Pool q = pool(p.loadbalancerId(), null, L4Protocol.TCP);
        assertEquals("timeout", refused(() -> monitor(q.id(), 5, 6)).field());
        assertEquals("delay", refused(() -> monitor(q.id(), 0, 0)).field());
        assertEquals("max_retries", refused(() -> svc.create(Actor.ADMIN, new HealthMonitorCreate(t.tenant, q.id(),
                HealthMonitor.Type.PING, HealthMonitorUpdate.timing(5, 3, 11)))).field());
        assertEquals("timeout", refused(() -> svc.update(Actor.ADMIN, h.id(), new HealthMonitorUpdate(Common.NONE,
                Given.of(2), Given.absent(), Given.absent(), Given.absent(), Given.absent()), null)).field(),
                "a shorter delay than the stored timeout");
    }

    @Test
    void deletesTakeTheTreeOnlyWithCascade() {
        LoadBalancer lb = lb(null);
        Listener l = listener(lb.id(), L4Protocol.TCP, 80);
        Pool p = pool(null, l.id(), L4Protocol.TCP);
        Member m = member(p.id(), "10.0.0.20", 80, MemberUpdate.NONE);
        HealthMonitor h = monitor(p.id(), 5, 3);
        Pool shared = pool(lb.id(), null, L4Protocol.TCP);
        Listener l2 = (Listener) svc.create(Actor.ADMIN, new ListenerCreate(t.tenant, lb.id(), L4Protocol.TCP, 443,
                ListenerUpdate.NONE.withDefaultPoolId(shared.id())));

        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.POOL, Actor.ADMIN, shared.id(),
                null, false)).kind(), "the default pool of a listener");
        svc.delete(ResourceType.POOL, Actor.ADMIN, shared.id(), null, true);
        assertNull(((Listener) store.get(ResourceType.LISTENER, l2.id())).defaultPoolId());

        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.SUBNET, Actor.ADMIN,
                subnet.id(), null, false)).kind(), "the VIP's subnet");
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.LOAD_BALANCER, Actor.ADMIN,
                lb.id(), null, false)).kind());
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.TENANT, Actor.ADMIN,
                t.tenant, null, false)).kind());
        svc.delete(ResourceType.LOAD_BALANCER, Actor.ADMIN, lb.id(), null, true);
        for (UUID gone : List.of(lb.id(), l.id(), l2.id(), p.id(), m.id(), h.id())) {
            assertTrue(store.get(ResourceType.LOAD_BALANCER, gone) == null && store.get(ResourceType.LISTENER, gone) == null
                    && store.get(ResourceType.POOL, gone) == null && store.get(ResourceType.MEMBER, gone) == null
                    && store.get(ResourceType.HEALTH_MONITOR, gone) == null, gone + " went with its load balancer");
        }
        assertEquals("10.0.0.2", IpAddresses.format(t.port(vpc.id(), PortUpdate.NONE).fixedIps().get(0).ipAddress()),
                "the VIP is free again");
    }

    @Test
    void aVpcCascadeTakesItsLoadBalancers() {
        LoadBalancer lb = lb(null);
        Pool p = pool(lb.id(), null, L4Protocol.UDP);
        member(p.id(), "10.0.0.30", 53, MemberUpdate.NONE);
        assertEquals(IntentException.Kind.CONFLICT, refused(() -> svc.delete(ResourceType.VPC, Actor.ADMIN, vpc.id(),
                null, false)).kind());
        svc.delete(ResourceType.VPC, Actor.ADMIN, vpc.id(), null, true);
        for (ResourceType type : List.of(ResourceType.LOAD_BALANCER, ResourceType.POOL, ResourceType.MEMBER)) {
            assertTrue(store.all(type).isEmpty(), type.plural());
        }
    }

    @Test
    void anotherTenantsLoadBalancingResourcesDoNotExist() {
        Actor them = Actor.tenant(other.tenant);
        LoadBalancer lb = lb(null);
        assertEquals(IntentException.Kind.NOT_FOUND, refused(() -> svc.get(ResourceType.LOAD_BALANCER, them, lb.id())).kind());
        assertEquals("loadbalancer_id", refused(() -> svc.create(them, new ListenerCreate(null, lb.id(), L4Protocol.TCP,
                80, ListenerUpdate.NONE))).field());
        assertTrue(svc.list(ResourceType.LOAD_BALANCER, them, ListQuery.all(10)).items().isEmpty());
    }

    /** The data plane's statuses written as it would: every resource of the tree ACTIVE. */
    private void settle() {
        java.util.Map<UUID, LbState> all = new java.util.HashMap<>();
        for (ResourceType type : List.of(ResourceType.LOAD_BALANCER, ResourceType.LISTENER, ResourceType.POOL,
                ResourceType.MEMBER, ResourceType.HEALTH_MONITOR)) {
            store.all(type).forEach(r -> all.put(r.id(), new LbState(ProvisioningStatus.ACTIVE, LbState.of(r).operating())));
        }
        svc.setLbStatuses(all);
    }

    private ProvisioningStatus provisioning(ResourceType type, UUID id) {
        return LbState.of(store.get(type, id)).provisioning();
    }

    /** Octavia's rule: any change in a tree makes it and its load balancer pending in the same write. */
    @Test
    void aChangeInTheTreeMakesItAndItsLoadBalancerPendingInTheSameWrite() {
        LoadBalancer lb = lb(null);
        Listener l = listener(lb.id(), L4Protocol.TCP, 80);
        Pool p = pool(lb.id(), l.id(), L4Protocol.TCP);
        Member m = member(p.id(), "10.0.0.20", 8080, MemberUpdate.NONE);
        assertEquals(ProvisioningStatus.PENDING_CREATE, provisioning(ResourceType.LOAD_BALANCER, lb.id()),
                "never active yet: stays PENDING_CREATE");
        settle();
        assertEquals(ProvisioningStatus.ACTIVE, provisioning(ResourceType.LOAD_BALANCER, lb.id()));
        long seq = store.lastSeq();
        long revision = store.get(ResourceType.MEMBER, m.id()).meta().revision();
        Member drained = (Member) svc.update(Actor.ADMIN, m.id(),
                new MemberUpdate(Common.NONE, Given.absent(), Given.of(false), Given.absent()), null);
        assertEquals(seq + 1, store.lastSeq(), "one write");
        assertEquals(ProvisioningStatus.PENDING_UPDATE, drained.provisioningStatus(), "the answer says so");
        assertEquals(revision + 1, drained.meta().revision(), "one revision, not two");
        assertEquals(ProvisioningStatus.PENDING_UPDATE, provisioning(ResourceType.LOAD_BALANCER, lb.id()));
        assertEquals(ProvisioningStatus.ACTIVE, provisioning(ResourceType.LISTENER, l.id()), "siblings untouched");
        settle();
        monitor(p.id(), 5, 3);
        assertEquals(ProvisioningStatus.PENDING_UPDATE, provisioning(ResourceType.LOAD_BALANCER, lb.id()), "create");
        settle();
        svc.delete(ResourceType.MEMBER, Actor.ADMIN, m.id(), null, false);
        assertEquals(ProvisioningStatus.PENDING_UPDATE, provisioning(ResourceType.LOAD_BALANCER, lb.id()), "delete");
    }
}
