package io.skylane.vpc.testing;

import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Router;
import io.skylane.vpc.store.Change;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Routers put in the intent store directly, for the data plane's tests, until the router API (its
 * validation and requests) is in the intent service: nothing is checked but the record's own rules.
 */
public final class StoredRouters {

    private final IntentService intents;
    private final UUID tenant;

    public StoredRouters(TenantFixture fixture) {
        this.intents = fixture.intents;
        this.tenant = fixture.tenant;
    }

    /** A router with interfaces on these subnets. */
    public Router create(UUID... subnets) {
        Router r = new Router(Meta.created(UUID.randomUUID(), tenant, "r", "", Instant.now(), List.of(), Map.of()),
                List.of(subnets));
        commit(Change.create(r));
        return r;
    }

    /** The router with these interfaces instead (the router as stored now: {@code r}). */
    public Router update(Router r, List<UUID> subnets) {
        Router next = r.withSubnets(subnets).withMeta(r.meta().touch(Instant.now()));
        commit(Change.update(r, next));
        return next;
    }

    /** The router deleted (as stored now: {@code r}). */
    public void delete(Router r) {
        commit(Change.delete(r));
    }

    private void commit(Change c) {
        try {
            intents.store().commit(List.of(c));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
