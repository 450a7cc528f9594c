package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.model.Resource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Neutron's standard attributes: timestamps to the second ({@code 2026-12-07T18:00:00Z}) and the revision. */
final class NeutronTime {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private NeutronTime() {
    }

    static void stamp(ObjectNode o, Resource r) {
        o.put("created_at", TIME.format(r.meta().createdAt())).put("updated_at", TIME.format(r.meta().updatedAt()))
                .put("revision_number", r.revision());
    }
}
