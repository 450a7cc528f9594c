package io.skylane.vpc.intent;

import io.skylane.core.net.MacAddress;
import io.skylane.vpc.intent.IntentService.IssuedToken;
import io.skylane.vpc.intent.request.Common;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.store.IntentReader;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What every validator needs to check a request against the store and build what it asks for:
 * look-ups limited to one tenant, the common fields, the clock and the random sources for ids,
 * MACs and tokens. Used under the intent service's write lock.
 */
final class IntentContext {

    final IntentReader store;
    final IntentIndex index;
    final IntentConfig config;
    final SubnetAddresses addresses;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IntentContext(IntentReader store, IntentIndex index, IntentConfig config, Clock clock) {
        this.store = store;
        this.index = index;
        this.config = config;
        this.clock = clock;
        this.addresses = new SubnetAddresses(this);
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The first revision of a new resource of {@code tenant}. */
    Meta meta(Common c, UUID id, UUID tenant) {
        return CommonValidator.meta(c, "", id, tenant, now());
    }

    /** The next revision of {@code old} with the common fields given. */
    Meta nextMeta(Common c, Resource old) {
        return CommonValidator.next(c, old.meta(), now());
    }

    /** The tenant a new resource belongs to: the actor's own, or (admin) the request's tenant. */
    UUID owner(UUID given, Actor actor) {
        if (actor.admin()) {
            if (given == null) {
                throw IntentException.invalid("tenant_id", "is required when the admin creates a resource");
            }
            if (store.get(ResourceType.TENANT, given) == null) {
                throw IntentException.invalid("tenant_id", "no tenant " + given);
            }
            return given;
        }
        if (given != null && !given.equals(actor.tenantId())) {
            throw IntentException.invalid("tenant_id", "a tenant token acts only for its own tenant");
        }
        return actor.tenantId();
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw IntentException.invalid(field, "is required");
        }
        return value;
    }

    /**
     * The resource of {@code tenant} with this id; a 400 naming {@code field} when there is none
     * (or it belongs to another tenant: the two are indistinguishable).
     */
    Resource reference(ResourceType type, UUID id, UUID tenant, String field) {
        Resource r = store.get(type, id);
        if (r == null || !r.tenantId().equals(tenant)) {
            throw IntentException.invalid(field, "no " + type.singular() + " " + id);
        }
        return r;
    }

    List<Resource> children(UUID parent, ResourceType type) {
        return index.children(parent, type, store);
    }

    UUID defaultGroupOf(UUID tenant) {
        for (Resource r : index.children(tenant, ResourceType.SECURITY_GROUP, store)) {
            if (r.meta().name().equals(SecurityGroup.DEFAULT_NAME)) {
                return r.id();
            }
        }
        throw IntentException.conflict("security_groups", "tenant " + tenant + " has no default security group");
    }

    MacAddress randomMac() {
        return MacAddress.of((config.macPrefix() << 24) | random.nextInt(1 << 24));
    }

    IssuedToken newToken(UUID tenant, String description) {
        String secret = Tokens.newSecret(random);
        ApiToken t = new ApiToken(Meta.created(UUID.randomUUID(), tenant, "", description, now(), List.of(), Map.of()),
                Tokens.hash(secret));
        return new IssuedToken(t, secret);
    }
}
