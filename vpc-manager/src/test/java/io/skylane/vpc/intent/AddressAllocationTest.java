package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.JournalIntentStore;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Address allocation keeps its meaning, the first free address of the subnet's pools in their
 * order, while it starts from each pool's allocation floor instead of the pool's start: every
 * allocation is checked against a plain scan of what the store holds.
 */
class AddressAllocationTest {

    private JournalIntentStore store;
    private IntentService svc;
    private Actor tenant;
    private UUID vpc;

    @BeforeEach
    void setUp() {
        store = JournalIntentStore.inMemory();
        svc = new IntentService(store, IntentConfig.defaults("admin-token-0123456789"), Clock.systemUTC());
        IntentService.CreatedTenant t = svc.createTenant(Actor.ADMIN, new TenantCreate(Common.named("t")));
        tenant = svc.authenticate(t.token().secret());
        vpc = svc.create(tenant, new VpcCreate(null, Common.named("v"))).id();
    }

    private static InetAddress ip(String s) {
        return IpAddresses.parse(s);
    }

    private Subnet subnet(String cidr, SubnetUpdate settings) {
        return (Subnet) svc.create(tenant, SubnetCreate.of(null, vpc, IpPrefix.parse(cidr)).withSettings(settings));
    }

    private Port port(PortUpdate settings) {
        return (Port) svc.create(tenant, new PortCreate(null, vpc, settings));
    }

    private static PortUpdate.FixedIp in(UUID subnet, InetAddress ip) {
        return new PortUpdate.FixedIp(subnet, ip);
    }

    /** The simple truth: the first address of the pools, in order, that no stored port holds and is not the gateway. */
    private Optional<InetAddress> firstFree(UUID subnetId, Set<InetAddress> alsoTaken) {
        Subnet s = (Subnet) store.get(ResourceType.SUBNET, subnetId);
        Set<InetAddress> held = new HashSet<>(alsoTaken);
        for (Resource r : store.all(ResourceType.PORT)) {
            ((Port) r).fixedIps().stream().filter(f -> f.subnetId().equals(subnetId)).forEach(f -> held.add(f.ipAddress()));
        }
        for (Subnet.AllocationPool p : s.allocationPools()) {
            BigInteger end = IpAddresses.toBig(p.end());
            for (BigInteger v = IpAddresses.toBig(p.start()); v.compareTo(end) <= 0; v = v.add(BigInteger.ONE)) {
                InetAddress a = IpAddresses.fromBig(v, 4);
                if (!held.contains(a) && !a.equals(s.gatewayIp())) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static InetAddress only(Port p) {
        return p.fixedIps().get(0).ipAddress();
    }

    @Test
    void randomCreatesAndDeletesAlwaysGetTheFirstFreeAddress() {
        // two pools, the higher one first, a gateway between them, explicit addresses in and out of the pools
        Subnet s = subnet("10.0.0.0/24", SubnetUpdate.NONE.withGatewayIp(ip("10.0.0.50")).withAllocationPools(List.of(
                new Subnet.AllocationPool(ip("10.0.0.100"), ip("10.0.0.130")),
                new Subnet.AllocationPool(ip("10.0.0.2"), ip("10.0.0.40")))));
        Random random = new Random(15);
        List<UUID> ports = new ArrayList<>();
        int allocated = 0;
        int full = 0;
        for (int step = 0; step < 3000; step++) {
            int what = random.nextInt(100);
            if (what < 45) { // one address allocated
                Optional<InetAddress> expected = firstFree(s.id(), Set.of());
                if (expected.isEmpty()) {
                    assertEquals(IntentException.Kind.CONFLICT, assertThrows(IntentException.class,
                            () -> port(PortUpdate.NONE)).kind(), "step " + step);
                    full++;
                } else {
                    Port p = port(PortUpdate.NONE);
                    assertEquals(expected.get(), only(p), "step " + step);
                    ports.add(p.id());
                    allocated++;
                }
            } else if (what < 55) { // two allocated in one request: the first two free addresses
                Optional<InetAddress> first = firstFree(s.id(), Set.of());
                Optional<InetAddress> second = first.flatMap(f -> firstFree(s.id(), Set.of(f)));
                PortUpdate two = PortUpdate.NONE.withFixedIps(List.of(in(s.id(), null), in(s.id(), null)));
                if (second.isEmpty()) {
                    assertThrows(IntentException.class, () -> port(two));
                } else {
                    Port p = port(two);
                    assertEquals(List.of(first.get(), second.get()), p.fixedIps().stream()
                            .map(Port.FixedIp::ipAddress).toList(), "step " + step);
                    ports.add(p.id());
                }
            } else if (what < 65) { // an explicit address, maybe held, maybe outside the pools
                InetAddress asked = ip("10.0.0." + (2 + random.nextInt(140)));
                try {
                    ports.add(port(PortUpdate.NONE.withFixedIps(List.of(in(s.id(), asked)))).id());
                } catch (IntentException e) {
                    assertEquals(IntentException.Kind.CONFLICT, e.kind(), e.getMessage());
                }
            } else if (what < 95 && !ports.isEmpty()) { // a delete gives its addresses back
                svc.delete(ResourceType.PORT, tenant, ports.remove(random.nextInt(ports.size())), null, false);
            } else if (!ports.isEmpty()) { // a port moves to an explicit address, freeing its own
                UUID id = ports.get(random.nextInt(ports.size()));
                InetAddress asked = ip("10.0.0." + (2 + random.nextInt(140)));
                try {
                    svc.update(tenant, id, PortUpdate.NONE.withFixedIps(List.of(in(s.id(), asked))), null);
                } catch (IntentException e) {
                    assertEquals(IntentException.Kind.CONFLICT, e.kind(), e.getMessage());
                }
            }
        }
        assertEquals(true, allocated > 500 && full > 20, "both a filling and a full subnet were exercised: "
                + allocated + " allocated, " + full + " refused");
    }

    @Test
    void anAddressFreedBelowTheFloorIsTheNextOneTaken() {
        Subnet s = subnet("10.0.1.0/24", SubnetUpdate.NONE);
        List<Port> ports = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ports.add(port(PortUpdate.NONE));
        }
        assertEquals(ip("10.0.1.21"), only(ports.get(19)));
        svc.delete(ResourceType.PORT, tenant, ports.get(14).id(), null, false); // .16
        svc.delete(ResourceType.PORT, tenant, ports.get(4).id(), null, false); // .6
        assertEquals(ip("10.0.1.6"), only(port(PortUpdate.NONE)), "the lowest freed first");
        assertEquals(ip("10.0.1.16"), only(port(PortUpdate.NONE)));
        assertEquals(ip("10.0.1.22"), only(port(PortUpdate.NONE)), "then on from the top");
        assertEquals(s.id(), ports.get(0).fixedIps().get(0).subnetId());
    }

    @Test
    void aRefusedRequestLeavesItsAddressFree() {
        subnet("10.0.2.0/24", SubnetUpdate.NONE);
        Port first = port(PortUpdate.NONE);
        assertEquals(ip("10.0.2.2"), only(first));
        // allocates .3, then fails on the MAC: nothing stored, .3 stays the first free address
        assertThrows(IntentException.class, () -> port(PortUpdate.NONE.withMacAddress(first.macAddress())));
        assertEquals(ip("10.0.2.3"), only(port(PortUpdate.NONE)));
    }

    @Test
    void newPoolsStartAfresh() {
        Subnet s = subnet("10.0.3.0/24", SubnetUpdate.NONE.withAllocationPools(List.of(
                new Subnet.AllocationPool(ip("10.0.3.100"), ip("10.0.3.110")))));
        for (int i = 0; i < 5; i++) {
            port(PortUpdate.NONE);
        }
        svc.update(tenant, s.id(), SubnetUpdate.NONE.withAllocationPools(List.of(
                new Subnet.AllocationPool(ip("10.0.3.10"), ip("10.0.3.20")),
                new Subnet.AllocationPool(ip("10.0.3.100"), ip("10.0.3.110")))), null);
        assertEquals(ip("10.0.3.10"), only(port(PortUpdate.NONE)), "the new first pool");
    }
}
