package io.skylane.vpc.intent;

import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.UUID;

/** How validators resolve references in a request: only resources of the owning tenant exist. */
interface Lookup {

    /**
     * The resource of {@code tenant} with this id; a 400 naming {@code field} when there is none
     * (or it belongs to another tenant: the two are indistinguishable).
     */
    Resource reference(ResourceType type, UUID id, UUID tenant, String field);
}
