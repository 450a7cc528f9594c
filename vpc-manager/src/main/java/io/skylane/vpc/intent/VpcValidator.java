package io.skylane.vpc.intent;

import io.skylane.vpc.intent.request.VpcCreate;
import io.skylane.vpc.intent.request.VpcUpdate;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.Change;
import java.util.List;
import java.util.UUID;

/** VPCs: names and tags, and a free segment id for each new one (allocated round-robin). */
final class VpcValidator implements ResourceValidator<VpcCreate, VpcUpdate> {

    private final IntentContext ctx;
    private int lastSegment;

    VpcValidator(IntentContext ctx) {
        this.ctx = ctx;
        for (Resource r : ctx.store.all(ResourceType.VPC)) {
            lastSegment = Math.max(lastSegment, ((Vpc) r).segmentId());
        }
    }

    @Override
    public List<Change> create(VpcCreate request, UUID tenant) {
        return Change.created(new Vpc(ctx.meta(request.common(), UUID.randomUUID(), tenant), allocateSegment()));
    }

    @Override
    public Resource update(VpcUpdate request, Resource old) {
        return old.withMeta(ctx.nextMeta(request.common(), old));
    }

    /** A new VPC's segment is where the next allocation starts looking. */
    @Override
    public void committed(List<Change> changes) {
        for (Change c : changes) {
            if (c.after() instanceof Vpc v && c.before() == null) {
                lastSegment = v.segmentId();
            }
        }
    }

    private int allocateSegment() {
        IntentConfig config = ctx.config;
        int span = config.segmentMax() - config.segmentMin() + 1;
        int start = lastSegment < config.segmentMin() || lastSegment >= config.segmentMax()
                ? config.segmentMin() : lastSegment + 1;
        for (int i = 0; i < span; i++) {
            int s = config.segmentMin() + Math.floorMod(start - config.segmentMin() + i, span);
            if (!ctx.index.segmentInUse(s)) {
                return s;
            }
        }
        throw IntentException.conflict(null, "no free segment id left in " + config.segmentMin() + ".." + config.segmentMax());
    }
}
