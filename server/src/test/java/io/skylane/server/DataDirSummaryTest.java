package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.RouterCreate;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.store.JournalIntentStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirSummaryTest {

    @TempDir
    Path dir;

    @Test
    void aNewDataDirectoryIsSaidToBeNew() throws Exception {
        try (JournalIntentStore store = JournalIntentStore.open(dir.resolve("intent"), 100)) {
            assertEquals("Data directory " + dir.toAbsolutePath() + ": intent store is new (empty)",
                    DataDirSummary.of(dir, store));
        }
    }

    @Test
    void aReusedDataDirectoryIsSaidToBeReusedWithWhatItHolds() throws Exception {
        try (JournalIntentStore store = JournalIntentStore.open(dir.resolve("intent"), 100)) {
            IntentService intents = new IntentService(store, IntentConfig.defaults("admin-token-0123456789"),
                    Clock.systemUTC());
            UUID tenant = intents.createTenant(Actor.ADMIN, new TenantCreate(Common.named("t"))).tenant().id();
            for (int i = 0; i < 2; i++) {
                intents.create(Actor.ADMIN, new VpcCreate(tenant, Common.NONE));
            }
            intents.create(Actor.ADMIN, new HypervisorCreate(0xd1L, Ip4Address.parse("172.31.199.1"), Common.NONE));
            intents.create(Actor.ADMIN, RouterCreate.of(tenant, Common.NONE, List.of()));
        }
        // a restart on the same directory
        try (JournalIntentStore store = JournalIntentStore.open(dir.resolve("intent"), 100)) {
            String s = DataDirSummary.of(dir.resolve("."), store);
            // the default security group and its rules come with the tenant: counted, whatever they are
            String expected = "Data directory " + dir.toAbsolutePath() + ": intent store reused from an earlier run "
                    + "(commit " + store.lastSeq() + "): 1 tenant, 2 vpcs, 0 subnets, 0 ports, ";
            assertTrue(s.startsWith(expected), s);
            assertTrue(s.contains(" security group rules, 0 load balancers, ") && s.endsWith(" 0 healthmonitors, 1 token, 1 hypervisor, 1 router"), s);
        }
    }
}
