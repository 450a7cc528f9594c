package io.skylane.vpc.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.RuleSpec;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.testing.TenantFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The reads that go to the service's index (a group's rules, rendered with every security group;
 * a tenant's tokens) while other requests write: each answers a consistent list, never an
 * exception. They read the index under the write lock; before, they read its hash sets while a
 * writer resized them, which could throw (an array index out of bounds, a null id) and answer 500.
 */
class IntentReadsDuringWritesTest {

    @Test
    void aGroupsRulesAndATenantsTokensReadWhileTheyChange() throws Exception {
        TenantFixture t = new TenantFixture();
        UUID group = t.group("g");
        int base = t.intents.rulesOf(group).size();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<?> rules = pool.submit(() -> {
                List<SecurityGroupRule> made = new ArrayList<>();
                for (int round = 0; round < 30; round++) {
                    for (int i = 0; i < 40; i++) { // the set grows through several resizes
                        made.add(t.rule(group, new RuleSpec(Common.NONE, SecurityGroupRule.Direction.INGRESS, "IPv4",
                                "tcp", 1000 + i, 1000 + i, null, null)));
                    }
                    for (SecurityGroupRule r : made) {
                        t.intents.delete(ResourceType.SECURITY_GROUP_RULE, Actor.ADMIN, r.id(), null, false);
                    }
                    made.clear();
                }
                writing.set(false);
                return null;
            });
            Future<Integer> reads = pool.submit(() -> {
                int n = 0;
                while (writing.get()) {
                    List<SecurityGroupRule> now = t.intents.rulesOf(group);
                    for (SecurityGroupRule r : now) {
                        assertEquals(group, r.securityGroupId());
                    }
                    assertTrue(now.size() >= base && now.size() <= base + 40, "size " + now.size());
                    n++;
                }
                return n;
            });
            Future<?> tokens = pool.submit(() -> {
                while (writing.get()) {
                    t.intents.tokens(Actor.ADMIN, t.tenant).forEach(r -> assertEquals(t.tenant, r.tenantId()));
                }
                return null;
            });
            rules.get();
            assertTrue(reads.get() > 0);
            tokens.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
