package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;

/**
 * How one Neutron resource maps onto a Skylane resource ({@link OpenStackResource}), with Neutron's
 * standard attributes (timestamps to the second, {@code revision_number}) and messages
 * ({@code Unrecognized attribute(s)}, {@code Network <id> could not be found.}).
 * {@link NeutronRoutes} serves every such resource with the same list, show, create, update and
 * delete; a subclass adds what its resource has of its own.
 */
abstract class NeutronResource extends OpenStackResource {

    NeutronResource(String singular, ResourceType type, IntentService intents) {
        super(singular, type, intents);
    }

    @Override
    final void stamp(ObjectNode view, Resource r) {
        NeutronTime.stamp(view, r);
    }

    /** Whether the resource has tags, served by Neutron's tag API ({@link NeutronTags}). */
    boolean tagged() {
        return true;
    }

    @Override
    final String unrecognized(String attribute) {
        return "Unrecognized attribute(s) '" + attribute + "'";
    }

    @Override
    final String notFound(String id) {
        return title() + " " + id + " could not be found.";
    }
}
