package io.skylane.vpc.intent;

import java.util.UUID;

/** Who makes a request: the admin (sees and may change everything) or one tenant. */
public record Actor(boolean admin, UUID tenantId) {

    public static final Actor ADMIN = new Actor(true, null);

    public Actor {
        if (!admin && tenantId == null) {
            throw new IllegalArgumentException("a tenant actor needs a tenant id");
        }
    }

    public static Actor tenant(UUID id) {
        return new Actor(false, id);
    }

    /** True when this actor may see resources of {@code owner}. */
    public boolean sees(UUID owner) {
        return admin || tenantId.equals(owner);
    }
}
