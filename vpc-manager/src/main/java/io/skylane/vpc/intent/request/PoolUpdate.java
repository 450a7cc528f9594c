package io.skylane.vpc.intent.request;

import io.skylane.vpc.model.Pool;
import io.skylane.vpc.model.ResourceType;

/** What may change of a pool: its algorithm, its session persistence (null: none), its admin state. */
public record PoolUpdate(Common common, Given<Pool.Algorithm> lbAlgorithm,
                         Given<Pool.SessionPersistence> sessionPersistence, Given<Boolean> adminStateUp)
        implements UpdateRequest {

    public static final PoolUpdate NONE = new PoolUpdate(Common.NONE, Given.absent(), Given.absent(), Given.absent());

    public PoolUpdate {
        java.util.Objects.requireNonNull(common, "common");
        java.util.Objects.requireNonNull(lbAlgorithm, "lbAlgorithm");
        java.util.Objects.requireNonNull(sessionPersistence, "sessionPersistence");
        java.util.Objects.requireNonNull(adminStateUp, "adminStateUp");
    }

    @Override
    public ResourceType type() {
        return ResourceType.POOL;
    }

    public PoolUpdate withLbAlgorithm(Pool.Algorithm v) {
        return new PoolUpdate(common, Given.of(v), sessionPersistence, adminStateUp);
    }

    /** null: none. */
    public PoolUpdate withSessionPersistence(Pool.SessionPersistence v) {
        return new PoolUpdate(common, lbAlgorithm, Given.of(v), adminStateUp);
    }
}
