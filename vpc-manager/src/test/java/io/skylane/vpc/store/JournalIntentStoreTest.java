package io.skylane.vpc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.model.HealthMonitor;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.L4Protocol;
import io.skylane.vpc.model.Listener;
import io.skylane.vpc.model.LoadBalancer;
import io.skylane.vpc.model.Member;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.OperatingStatus;
import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ProvisioningStatus;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.model.Tenant;
import io.skylane.vpc.model.Vpc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalIntentStoreTest {

    @TempDir
    Path dir;

    private static Tenant tenant() {
        UUID id = UUID.randomUUID();
        return new Tenant(Meta.created(id, id, "t", "", Instant.parse("2026-11-25T10:00:00.123Z"), List.of("x"), Map.of("k", "v")));
    }

    private static Vpc vpc(Tenant t, int segment) {
        return new Vpc(Meta.created(UUID.randomUUID(), t.id(), "v" + segment, "", Instant.now().truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS), List.of(), Map.of()), segment);
    }

    @Test
    void restartRestoresExactlyTheCommittedState() throws IOException {
        Tenant t = tenant();
        List<Vpc> vpcs = new ArrayList<>();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(t)));
            for (int i = 1; i <= 5; i++) {
                Vpc v = vpc(t, i);
                vpcs.add(v);
                s.commit(List.of(Change.create(v)));
            }
            Vpc renamed = new Vpc(vpcs.get(0).meta().next("renamed", "", List.of(), Map.of(), Instant.now()), 1);
            s.commit(List.of(Change.update(vpcs.get(0), renamed)));
            vpcs.set(0, renamed);
            s.commit(List.of(Change.delete(vpcs.remove(4))));
            assertEquals(8, s.lastSeq());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(8, s.lastSeq());
            assertEquals(t, s.get(ResourceType.TENANT, t.id()));
            assertEquals(List.copyOf(sorted(vpcs)), List.copyOf(s.all(ResourceType.VPC)));
        }
    }

    private static List<Resource> sorted(List<Vpc> vpcs) {
        List<Resource> out = new ArrayList<>(vpcs);
        out.sort((a, b) -> a.id().toString().compareTo(b.id().toString()));
        return out;
    }

    @Test
    void loadBalancingResourcesComeBackFromTheJournalAndTheSnapshotAsTheyWere() throws IOException {
        UUID t = UUID.randomUUID();
        Instant now = Instant.parse("2026-12-07T03:00:00.456Z");
        java.util.function.Supplier<Meta> meta = () -> Meta.created(UUID.randomUUID(), t, "n", "d", now, List.of("a"),
                Map.of("k", "v"));
        LoadBalancer lb = new LoadBalancer(meta.get(), UUID.randomUUID(), UUID.randomUUID(), IpAddresses.parse("10.0.0.2"),
                true, ProvisioningStatus.PENDING_CREATE, OperatingStatus.OFFLINE);
        Pool pool = new Pool(meta.get(), lb.id(), null, L4Protocol.UDP, Pool.Algorithm.SOURCE_IP,
                new Pool.SessionPersistence(Pool.SessionPersistence.Type.SOURCE_IP), false, ProvisioningStatus.ACTIVE,
                OperatingStatus.DEGRADED);
        Listener listener = new Listener(meta.get(), lb.id(), L4Protocol.TCP, 443, pool.id(),
                List.of(IpPrefix.parse("10.0.0.0/25"), IpPrefix.parse("192.0.2.0/24")), true, ProvisioningStatus.ERROR,
                OperatingStatus.ONLINE);
        Pool bare = new Pool(meta.get(), lb.id(), listener.id(), L4Protocol.TCP, Pool.Algorithm.SOURCE_IP_PORT, null,
                true, ProvisioningStatus.PENDING_UPDATE, OperatingStatus.OFFLINE);
        Member member = new Member(meta.get(), pool.id(), UUID.randomUUID(), IpAddresses.parse("10.0.0.9"), 8080, 256,
                false, true, ProvisioningStatus.ACTIVE, OperatingStatus.DRAINING);
        HealthMonitor monitor = new HealthMonitor(meta.get(), pool.id(), HealthMonitor.Type.UDP_CONNECT, 10, 5, 3, 2,
                true, ProvisioningStatus.ACTIVE, OperatingStatus.ONLINE);
        List<Resource> all = List.of(lb, pool, listener, bare, member, monitor);
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(all.stream().map(Change::create).toList());
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            for (Resource r : all) {
                assertEquals(r, s.get(r.type(), r.id()), "from the journal: " + r.type());
            }
            s.snapshot();
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            for (Resource r : all) {
                assertEquals(r, s.get(r.type(), r.id()), "from the snapshot: " + r.type());
            }
        }
    }

    @Test
    void hypervisorsComeBackFromTheJournalAndTheSnapshotAsTheyWere() throws IOException {
        Instant now = Instant.parse("2026-12-07T08:00:00.789Z");
        Hypervisor hv1 = new Hypervisor(Meta.created(UUID.randomUUID(), Meta.PROVIDER, "hv1", "rack 1", now,
                List.of("az1"), Map.of("ovs", "system-id-1")), 0xd1L, Ip4Address.parse("172.31.199.1"));
        Hypervisor hv2 = new Hypervisor(Meta.created(UUID.randomUUID(), Meta.PROVIDER, "", "", now, List.of(), Map.of()),
                0xfedcba9876543210L, Ip4Address.parse("192.0.2.2"));
        Hypervisor moved = new Hypervisor(hv2.meta().touch(now.plusSeconds(1)), hv2.datapathId(),
                Ip4Address.parse("192.0.2.22"));
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(hv1), Change.create(hv2)));
            s.commit(List.of(Change.update(hv2, moved)));
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(hv1, s.get(ResourceType.HYPERVISOR, hv1.id()), "from the journal");
            assertEquals(moved, s.get(ResourceType.HYPERVISOR, hv2.id()), "from the journal, updated");
            s.snapshot();
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(List.copyOf(sortedById(List.of(hv1, moved))), List.copyOf(s.all(ResourceType.HYPERVISOR)),
                    "from the snapshot");
            assertEquals(Meta.PROVIDER, s.get(ResourceType.HYPERVISOR, hv1.id()).tenantId());
        }
    }

    @Test
    void routersComeBackFromTheJournalAndTheSnapshotAsTheyWere() throws IOException {
        Instant now = Instant.parse("2026-12-07T21:00:00.456Z");
        UUID tenant = UUID.randomUUID();
        UUID s1 = UUID.randomUUID();
        UUID s2 = UUID.randomUUID();
        UUID s3 = UUID.randomUUID();
        Router bare = new Router(Meta.created(UUID.randomUUID(), tenant, "", "", now, List.of(), Map.of()), List.of());
        Router r = new Router(Meta.created(UUID.randomUUID(), tenant, "r1", "web to db", now, List.of("prod"),
                Map.of("neutron", "router")), List.of(s2, s1));
        Router moved = new Router(r.meta().touch(now.plusSeconds(1)), List.of(s3, s2, s1));
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(bare), Change.create(r)));
            s.commit(List.of(Change.update(r, moved)));
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(bare, s.get(ResourceType.ROUTER, bare.id()), "from the journal");
            assertEquals(moved, s.get(ResourceType.ROUTER, r.id()), "from the journal, updated, in attachment order");
            s.snapshot();
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(List.copyOf(sortedById(List.of(bare, moved))), List.copyOf(s.all(ResourceType.ROUTER)),
                    "from the snapshot");
        }
    }

    private static List<Resource> sortedById(List<? extends Resource> rs) {
        List<Resource> out = new ArrayList<>(rs);
        out.sort((a, b) -> a.id().toString().compareTo(b.id().toString()));
        return out;
    }

    @Test
    void tornTailIsDroppedAndEarlierRecordsKept() throws IOException {
        Tenant t = tenant();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(t)));
            s.commit(List.of(Change.create(vpc(t, 1))));
        }
        Path j = dir.resolve(JournalIntentStore.JOURNAL);
        long good = Files.size(j);
        // A crash in the middle of the third append: a header promising more than was written.
        try (FileChannel ch = FileChannel.open(j, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 1, 2, 3, 4, '{', '"'}));
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(2, s.lastSeq());
            assertEquals(1, s.all(ResourceType.VPC).size());
            assertEquals(good, Files.size(j));
            s.commit(List.of(Change.create(vpc(t, 2))));
        }
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(3, s.lastSeq());
            assertEquals(2, s.all(ResourceType.VPC).size());
        }
    }

    @Test
    void corruptRecordEndsTheJournal() throws IOException {
        Tenant t = tenant();
        long afterFirst;
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(t)));
            afterFirst = Files.size(dir.resolve(JournalIntentStore.JOURNAL));
            s.commit(List.of(Change.create(vpc(t, 1))));
        }
        Path j = dir.resolve(JournalIntentStore.JOURNAL);
        byte[] bytes = Files.readAllBytes(j);
        bytes[(int) afterFirst + 20] ^= 0x55; // flip bits inside the second record's payload
        Files.write(j, bytes);
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            assertEquals(1, s.lastSeq());
            assertEquals(t, s.get(ResourceType.TENANT, t.id()));
            assertEquals(0, s.all(ResourceType.VPC).size());
        }
    }

    @Test
    void snapshotsCompactTheJournal() throws IOException {
        Tenant t = tenant();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 3)) {
            s.commit(List.of(Change.create(t)));
            for (int i = 1; i <= 7; i++) {
                s.commit(List.of(Change.create(vpc(t, i))));
            }
        }
        // 8 commits, snapshot every 3: the journal holds only the last two.
        assertEquals(true, Files.exists(dir.resolve(JournalIntentStore.SNAPSHOT)));
        try (JournalIntentStore s = JournalIntentStore.open(dir, 3)) {
            assertEquals(8, s.lastSeq());
            assertEquals(7, s.all(ResourceType.VPC).size());
        }
    }

    @Test
    void staleChangeIsRefusedAndNothingApplied() throws IOException {
        Tenant t = tenant();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.commit(List.of(Change.create(t)));
            Vpc v = vpc(t, 1);
            assertThrows(IllegalStateException.class, () -> s.commit(List.of(Change.create(v), Change.create(t))));
            assertEquals(0, s.all(ResourceType.VPC).size());
            assertEquals(1, s.lastSeq());
        }
    }

    @Test
    void listenersSeeCommitsInOrderWithOldAndNew() throws IOException {
        Tenant t = tenant();
        List<String> seen = new ArrayList<>();
        try (JournalIntentStore s = JournalIntentStore.open(dir, 1000)) {
            s.addListener((seq, changes) -> changes.forEach(c -> seen.add(seq + ":" + (c.before() == null ? "new" : "old")
                    + ">" + (c.after() == null ? "gone" : "new"))));
            s.commit(List.of(Change.create(t)));
            Tenant t2 = new Tenant(t.meta().touch(Instant.now()));
            s.commit(List.of(Change.update(t, t2)));
            s.commit(List.of(Change.delete(t2)));
        }
        assertEquals(List.of("1:new>new", "2:old>new", "3:old>gone"), seen);
    }
}
