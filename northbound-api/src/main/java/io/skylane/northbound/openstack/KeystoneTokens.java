package io.skylane.northbound.openstack;

import static com.google.common.base.Preconditions.checkArgument;

import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentException;
import io.skylane.vpc.intent.IntentService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The tokens {@code POST /identity/v3/auth/tokens} issues. A token stands for the Skylane token it
 * was made from (a tenant token's secret, or the admin token) and never grants more: each use
 * authenticates that secret again, so revoking the tenant token (or deleting its tenant) revokes
 * every token made from it at once. A token expires ({@link #TTL}, as Keystone's default) and can be
 * revoked ({@code DELETE /identity/v3/auth/tokens}).
 *
 * <p>Tokens live in memory only: a restart revokes them all (clients authenticate again, as they do
 * when a token expires), and a revocation can never be forgotten by a restart. Only a hash of each
 * token is kept. A Skylane token holds at most {@link #PER_SECRET} live tokens; issuing one more
 * revokes its oldest, so no client can fill the table.
 */
public final class KeystoneTokens {

    /** How long a token lives. */
    public static final Duration TTL = Duration.ofHours(1);

    /** The live tokens one Skylane token may hold. */
    static final int PER_SECRET = 1000;

    /** What a token stands for. */
    public record Session(Actor actor, String secret, Scope scope, Instant issuedAt, Instant expiresAt,
                          String method, String auditId) {
    }

    /**
     * The project a token is scoped to: a tenant (its id and name), or, for the admin only, the
     * admin's own project ({@code tenant} null), which sees every tenant.
     */
    public record Scope(UUID tenant, String projectId, String projectName) {

        static final String ADMIN_PROJECT = "admin";

        static Scope admin() {
            return new Scope(null, ADMIN_PROJECT, ADMIN_PROJECT);
        }

        static Scope tenant(UUID id, String name) {
            return new Scope(id, id.toString(), name);
        }
    }

    /** A token just issued: its text (shown once, in {@code X-Subject-Token}) and its session. */
    public record Issued(String token, Session session) {
    }

    private final IntentService intents;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byHash = new HashMap<>();
    private final Map<String, Deque<String>> bySecret = new HashMap<>();
    private int sweepAt = 1024;

    public KeystoneTokens(IntentService intents, Clock clock) {
        this.intents = intents;
        this.clock = clock;
    }

    /** A new token for an actor the caller has authenticated with {@code secret}. */
    public synchronized Issued issue(Actor actor, String secret, Scope scope, String method) {
        checkArgument(actor.admin() || (scope.tenant() != null && scope.tenant().equals(actor.tenantId())),
                "a tenant token is scoped to its own tenant");
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = "skyks-" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        String audit = Base64.getUrlEncoder().withoutPadding().encodeToString(
                UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII)).substring(0, 22);
        Session s = new Session(actor, secret, scope, now, now.plus(TTL), method, audit);
        String hash = hash(token);
        byHash.put(hash, s);
        Deque<String> mine = bySecret.computeIfAbsent(hash(secret), k -> new ArrayDeque<>());
        mine.addLast(hash);
        while (mine.size() > PER_SECRET) {
            byHash.remove(mine.removeFirst());
        }
        purgeExpired(now);
        return new Issued(token, s);
    }

    /**
     * The session of a live token, its Skylane token authenticated again (so a revoked tenant token
     * or a deleted tenant ends it); empty for an unknown, expired or revoked token.
     */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Session s;
        synchronized (this) {
            s = byHash.get(hash(token));
        }
        if (s == null || !clock.instant().isBefore(s.expiresAt())) {
            return Optional.empty();
        }
        try {
            Actor now = intents.authenticate(s.secret());
            if (!now.equals(s.actor())) {
                return Optional.empty();
            }
        } catch (IntentException e) {
            revoke(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Revokes a token; true if it was live. */
    public synchronized boolean revoke(String token) {
        String hash = hash(token);
        Session s = byHash.remove(hash);
        if (s == null) {
            return false;
        }
        Deque<String> mine = bySecret.get(hash(s.secret()));
        if (mine != null) {
            mine.remove(hash);
            if (mine.isEmpty()) {
                bySecret.remove(hash(s.secret()));
            }
        }
        return true;
    }

    /** The live tokens (tests, metrics). */
    synchronized int size() {
        return byHash.size();
    }

    private void purgeExpired(Instant now) {
        if (byHash.size() < sweepAt) {
            return;
        }
        byHash.values().removeIf(s -> !now.isBefore(s.expiresAt()));
        bySecret.values().forEach(d -> d.removeIf(h -> !byHash.containsKey(h)));
        bySecret.values().removeIf(Deque::isEmpty);
        sweepAt = Math.max(1024, 2 * byHash.size());
    }

    private static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
