package io.skylane.northbound.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.core.testing.MutableClock;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentConfig;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.intent.request.TenantCreate;
import io.skylane.vpc.intent.request.TokenCreate;
import io.skylane.vpc.store.JournalIntentStore;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keystone tokens stand for a Skylane token, expire, are revoked, and never outnumber their cap. */
class KeystoneTokensTest {

    private final MutableClock clock = new MutableClock();
    private IntentService intents;
    private KeystoneTokens tokens;
    private IntentService.CreatedTenant acme;

    @BeforeEach
    void setUp() {
        intents = new IntentService(JournalIntentStore.inMemory(), IntentConfig.defaults("admin-secret-0123456789"), clock);
        tokens = new KeystoneTokens(intents, clock);
        acme = intents.createTenant(Actor.ADMIN, new TenantCreate(Common.named("acme")));
    }

    private KeystoneTokens.Issued issueForAcme() {
        Actor actor = Actor.tenant(acme.tenant().id());
        return tokens.issue(actor, acme.token().secret(),
                KeystoneTokens.Scope.tenant(acme.tenant().id(), "acme"), "token");
    }

    @Test
    void aTokenStandsForItsSkylaneTokenUntilItExpires() {
        KeystoneTokens.Issued t = issueForAcme();
        assertEquals(Actor.tenant(acme.tenant().id()), tokens.find(t.token()).orElseThrow().actor());
        assertEquals(t.session().issuedAt().plus(KeystoneTokens.TTL), t.session().expiresAt());
        clock.advance(KeystoneTokens.TTL.minusSeconds(1));
        assertTrue(tokens.find(t.token()).isPresent());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(tokens.find(t.token()).isEmpty(), "expired");
        assertTrue(tokens.find("skyks-" + "x".repeat(43)).isEmpty(), "unknown");
        assertTrue(tokens.find(null).isEmpty());
    }

    @Test
    void revokingTheTenantTokenEndsEveryTokenMadeFromIt() {
        KeystoneTokens.Issued a = issueForAcme();
        KeystoneTokens.Issued b = issueForAcme();
        IntentService.IssuedToken other = intents.issueToken(Actor.ADMIN, acme.tenant().id(), TokenCreate.NONE);
        KeystoneTokens.Issued c = tokens.issue(Actor.tenant(acme.tenant().id()), other.secret(),
                KeystoneTokens.Scope.tenant(acme.tenant().id(), "acme"), "token");
        intents.revokeToken(Actor.ADMIN, acme.tenant().id(), acme.token().token().id());
        assertTrue(tokens.find(a.token()).isEmpty());
        assertTrue(tokens.find(b.token()).isEmpty());
        assertTrue(tokens.find(c.token()).isPresent(), "a token made from another Skylane token lives on");
    }

    @Test
    void aRevokedTokenIsGoneAndRevokingTwiceSaysSo() {
        KeystoneTokens.Issued a = issueForAcme();
        KeystoneTokens.Issued b = issueForAcme();
        assertTrue(tokens.revoke(a.token()));
        assertFalse(tokens.revoke(a.token()));
        assertTrue(tokens.find(a.token()).isEmpty());
        assertTrue(tokens.find(b.token()).isPresent());
    }

    @Test
    void oneSkylaneTokenHoldsAtMostItsCapAndLosesItsOldestFirst() {
        KeystoneTokens.Issued first = issueForAcme();
        KeystoneTokens.Issued second = issueForAcme();
        for (int i = 2; i < KeystoneTokens.PER_SECRET; i++) {
            issueForAcme();
        }
        assertEquals(KeystoneTokens.PER_SECRET, tokens.size());
        KeystoneTokens.Issued last = issueForAcme();
        assertEquals(KeystoneTokens.PER_SECRET, tokens.size());
        assertTrue(tokens.find(first.token()).isEmpty(), "the oldest went");
        assertTrue(tokens.find(second.token()).isPresent());
        assertTrue(tokens.find(last.token()).isPresent());
    }

    @Test
    void tokensAreNotKeptInTheClearAndDifferEachTime() {
        KeystoneTokens.Issued a = issueForAcme();
        KeystoneTokens.Issued b = issueForAcme();
        assertFalse(a.token().equals(b.token()));
        assertTrue(a.token().startsWith("skyks-") && a.token().length() > 40, a.token());
    }
}
