package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.CreateRequest;
import io.skylane.vpc.intent.request.TenantUpdate;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.store.Change;
import java.util.List;
import java.util.UUID;

/** Tenants: only their names and tags change; creating one is {@link IntentService#createTenant}. */
final class TenantValidator implements ResourceValidator<CreateRequest, TenantUpdate> {

    private final IntentContext ctx;

    TenantValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(CreateRequest request, UUID tenant) {
        throw new IllegalArgumentException("a tenant is created with its default group and token: createTenant");
    }

    @Override
    public Resource update(TenantUpdate request, Resource old) {
        return old.withMeta(ctx.nextMeta(request.common(), old));
    }
}
