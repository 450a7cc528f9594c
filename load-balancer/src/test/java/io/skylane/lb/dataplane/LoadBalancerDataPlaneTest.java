package io.skylane.lb.dataplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.ImmutableSortedMap;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.FlowApplyResult;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.net.Device;
import io.skylane.core.net.DeviceDescription;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.testing.DeviceServiceAdapter;
import io.skylane.core.testing.FlowRuleServiceAdapter;
import io.skylane.core.testing.PacketServiceAdapter;
import io.skylane.topology.testing.FakeTopologyService;
import io.skylane.vpc.dataplane.TenantRecompute;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.LoadBalancerUpdate;
import io.skylane.vpc.intent.request.MemberUpdate;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.LbState;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load balancer's data plane as a service, with fakes around it: rules handed over per switch,
 * statuses following the switches' confirmations and refusals, status writes not feeding back.
 */
class LoadBalancerDataPlaneTest {

    private final LbLab lab = new LbLab(2);
    private final LbLab.Tenant t = lab.tenant("t", "10.0.0.0/24");
    private final List<Handed> handed = new ArrayList<>();
    private final List<OutboundPacket> emitted = new ArrayList<>();
    private LoadBalancerDataPlane dataPlane;

    /** A set of rules handed to the flow rule service, and its outcome, which the test decides. */
    private record Handed(DeviceId device, List<FlowRule> rules, CompletableFuture<FlowApplyResult> outcome) {
    }

    /** What the tenant data plane would run after each of its recomputes. */
    private Consumer<TenantRecompute> tenantRecompute;

    @Test
    void tenantRecomputesCostNothingHereWhileThereIsNoLoadBalancer() {
        t.port("02:00:00:00:00:09", "10.0.0.9", 1, 2);
        start();
        long before = dataPlane.counters().get("recomputes");
        for (int i = 0; i < 5; i++) {
            tenantRecompute.accept(TenantRecompute.EVERYTHING); // ports placed, moved, gone: no load balancer
        }
        assertEquals(before, dataPlane.counters().get("recomputes"));

        webPool(); // a load balancer now exists: where the ports of its VPC are matters
        long withLb = dataPlane.counters().get("recomputes");
        tenantRecompute.accept(TenantRecompute.EVERYTHING);
        assertEquals(withLb + 1, dataPlane.counters().get("recomputes"));
        tenantRecompute.accept(new TenantRecompute(false, Set.of(t.vpc.id())));
        assertEquals(withLb + 2, dataPlane.counters().get("recomputes"), "its VPC's ports");
    }

    /** VPCs created beside one with a load balancer (an orchestrator's churn) are none of its business. */
    @Test
    void otherVpcsComingAndGoingCostNothingHere() {
        webPool();
        start();
        long before = dataPlane.counters().get("recomputes");
        LbLab.Tenant other = lab.tenant("u", "10.1.0.0/24");
        lab.intents.delete(ResourceType.VPC, Actor.ADMIN, other.vpc.id(), null, true);
        assertEquals(before, dataPlane.counters().get("recomputes"));
    }

    /** A port change in a VPC without a load balancer: the tenant data plane's recompute only. */
    @Test
    void tenantRecomputesOfOtherVpcsCostNothingHere() {
        webPool();
        start();
        long before = dataPlane.counters().get("recomputes");
        for (int i = 0; i < 5; i++) {
            tenantRecompute.accept(new TenantRecompute(false, Set.of(UUID.randomUUID())));
        }
        assertEquals(before, dataPlane.counters().get("recomputes"));
    }

    /** Topology snapshots (one after each batch of links while a fabric is discovered) and switches. */
    @Test
    void topologyAndSwitchEventsCostNothingHereWhileThereIsNoLoadBalancer() {
        t.port("02:00:00:00:00:09", "10.0.0.9", 1, 2);
        start();
        long before = dataPlane.counters().get("recomputes");
        for (int i = 0; i < 5; i++) {
            topology.publish(lab.snapshot());
        }
        assertEquals(before, dataPlane.counters().get("recomputes"));

        webPool();
        long withLb = dataPlane.counters().get("recomputes");
        topology.publish(lab.snapshot());
        assertEquals(withLb + 1, dataPlane.counters().get("recomputes"), "a load balancer follows the topology");
    }

    private FakeTopologyService topology;

    private LoadBalancerDataPlane start() {
        topology = new FakeTopologyService(lab.snapshot());
        DeviceServiceAdapter devices = new DeviceServiceAdapter() {
            @Override
            public Optional<Device> device(DeviceId id) {
                return Optional.of(new Device(id, ProtocolVersion.OF_13, new InetSocketAddress("127.0.0.1", 1),
                        DeviceDescription.unknown(0, 254), ImmutableSortedMap.of(), true, Instant.EPOCH));
            }
        };
        FlowRuleServiceAdapter flows = new FlowRuleServiceAdapter() {
            @Override
            public CompletableFuture<FlowApplyResult> setDesired(AppId app, DeviceId device, Collection<FlowRule> rules,
                                                                 Collection<GroupDescription> groups) {
                assertEquals(LbPipeline.APP_ID, app);
                CompletableFuture<FlowApplyResult> f = new CompletableFuture<>();
                handed.add(new Handed(device, List.copyOf(rules), f));
                return f;
            }
        };
        PacketServiceAdapter packets = new PacketServiceAdapter() {
            @Override
            public void emit(OutboundPacket packet) {
                emitted.add(packet);
            }
        };
        dataPlane = new LoadBalancerDataPlane(lab.intents.store(), lab::placed, r -> tenantRecompute = r, topology,
                devices, flows,
                packets, Runnable::run, onTransition -> HealthChecks.NONE, LoadBalancerDataPlane::refusal,
                lab.intents::setLbStatuses, System::nanoTime);
        dataPlane.start();
        return dataPlane;
    }

    @AfterEach
    void stop() {
        if (dataPlane != null) {
            dataPlane.stop();
        }
    }

    private Pool webPool() {
        t.port("02:00:00:00:00:01", "10.0.0.11", 1, 1);
        t.port("02:00:00:00:01:01", "10.0.0.21", 2, 1);
        LoadBalancer lb = t.lb("10.0.0.100");
        Listener l = t.listener(lb, L4Protocol.TCP, 80);
        Pool pool = t.pool(l, Pool.Algorithm.SOURCE_IP_PORT);
        t.member(pool, "10.0.0.21", 8080, 1);
        return pool;
    }

    private LbState state(ResourceType type, UUID id) {
        return LbState.of(lab.intents.store().get(type, id));
    }

    private List<Resource> all() {
        List<Resource> out = new ArrayList<>();
        for (ResourceType type : List.of(ResourceType.LOAD_BALANCER, ResourceType.LISTENER, ResourceType.POOL,
                ResourceType.MEMBER)) {
            out.addAll(lab.intents.store().all(type));
        }
        return out;
    }

    private void confirmAll() {
        List<Handed> now = new ArrayList<>(handed);
        handed.clear();
        now.forEach(h -> h.outcome().complete(FlowRuleServiceAdapter.EMPTY));
    }

    @Test
    void theTreeIsPendingUntilEverySwitchConfirmedThenActive() {
        webPool();
        start();
        assertEquals(2, handed.size(), "both switches of the VPC get rules");
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.PENDING_CREATE, LbState.of(r).provisioning(), r.toString());
        }
        handed.get(0).outcome().complete(FlowRuleServiceAdapter.EMPTY);
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.PENDING_CREATE, LbState.of(r).provisioning(), "one switch of two");
        }
        confirmAll();
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.ACTIVE, LbState.of(r).provisioning(), r.toString());
        }
        Member m = (Member) lab.intents.store().all(ResourceType.MEMBER).iterator().next();
        assertEquals(OperatingStatus.NO_MONITOR, m.operatingStatus());
    }

    /** Regression: the statuses written in between used to be compared with the recompute's stale copy. */
    @Test
    void aChangeGoesPendingUpdateAndBackToActiveOnceConfirmed() {
        Pool pool = webPool();
        start();
        confirmAll();
        Member m = (Member) lab.intents.store().all(ResourceType.MEMBER).iterator().next();
        t.update(m, new MemberUpdate(Common.NONE, Given.of(2), Given.absent(), Given.absent()));
        t.port("02:00:00:00:01:02", "10.0.0.22", 2, 2);
        t.member(pool, "10.0.0.22", 8080, 1); // the slots change
        assertFalse(handed.isEmpty(), "the slot rules changed");
        UUID lb = lab.intents.store().all(ResourceType.LOAD_BALANCER).iterator().next().id();
        assertEquals(ProvisioningStatus.PENDING_UPDATE, state(ResourceType.LOAD_BALANCER, lb).provisioning());
        confirmAll();
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.ACTIVE, LbState.of(r).provisioning(), r.toString());
        }
    }

    /**
     * Regression: a change of names or tags alone (the rules stay the same) was taken for the data
     * plane's own status write and never recomputed, so the load balancer stayed PENDING_UPDATE
     * (openstacksdk's wait_for_load_balancer after update_load_balancer timed out).
     */
    @Test
    void aRenameOrATagGoesPendingUpdateAndBackToActive() {
        webPool();
        start();
        confirmAll();
        UUID lb = lab.intents.store().all(ResourceType.LOAD_BALANCER).iterator().next().id();
        lab.intents.update(Actor.ADMIN, lb, new LoadBalancerUpdate(new Common(Given.of("renamed"), Given.of("web"),
                Given.of(List.of("k8s")), Given.absent()), Given.absent()), null);
        assertTrue(handed.isEmpty(), "the rules are the same: nothing to confirm");
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.ACTIVE, LbState.of(r).provisioning(), r.toString());
        }
        Resource renamed = lab.intents.store().get(ResourceType.LOAD_BALANCER, lb);
        assertEquals("renamed", renamed.meta().name());
        assertEquals(List.of("k8s"), renamed.meta().tags());
    }

    @Test
    void aSwitchThatRefusesTheRulesPutsTheTreeInError() {
        webPool();
        start();
        handed.get(0).outcome().complete(new FlowApplyResult(List.of(), List.of(),
                List.of(new FlowApplyResult.RuleFailure(handed.get(0).device(), handed.get(0).rules().get(0), null,
                        new SwitchError("FLOW_MOD_FAILED", "TABLE_FULL", 0, "")))));
        confirmAll();
        UUID lb = lab.intents.store().all(ResourceType.LOAD_BALANCER).iterator().next().id();
        assertEquals(ProvisioningStatus.ERROR, state(ResourceType.LOAD_BALANCER, lb).provisioning());
    }

    /**
     * Regression: a change of a name, description or tags alone (Octavia's {@code loadbalancer set
     * --name x --wait}) was taken for one of our own status writes, so nothing was recomputed and
     * the tree stayed {@code PENDING_UPDATE} for good.
     */
    @Test
    void aChangeOfTheNameAloneGoesBackToActive() {
        webPool();
        start();
        confirmAll();
        LoadBalancer lb = (LoadBalancer) lab.intents.store().all(ResourceType.LOAD_BALANCER).iterator().next();
        lab.intents.update(Actor.ADMIN, lb.id(), new LoadBalancerUpdate(Common.named("www"), Given.absent()), null);
        confirmAll();
        assertEquals("www", lab.intents.store().get(ResourceType.LOAD_BALANCER, lb.id()).meta().name());
        for (Resource r : all()) {
            assertEquals(ProvisioningStatus.ACTIVE, LbState.of(r).provisioning(), r.toString());
        }
    }

    @Test
    void ownStatusWritesDoNotRecompute() {
        webPool();
        start();
        long before = dataPlane.counters().get("recomputes");
        confirmAll(); // statuses written: PENDING_CREATE -> ACTIVE
        assertEquals(before, dataPlane.counters().get("recomputes"));
        assertTrue(dataPlane.counters().get("statusWrites") > 0);
    }
}
