package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroupRule;
import java.util.Map;
import java.util.Set;

/**
 * Neutron security groups are Skylane's (docs/openstack.md): stateful, never shared; a new group
 * gets Neutron's two egress rules (IPv4 and IPv6 to anywhere), every tenant has its
 * {@code default} group. The group's rules are shown inside it, as Neutron does.
 */
final class NeutronSecurityGroups extends NeutronResource {

    private final NeutronSecurityGroupRules rules;

    NeutronSecurityGroups(IntentService intents, NeutronSecurityGroupRules rules) {
        super("security_group", ResourceType.SECURITY_GROUP, intents);
        this.rules = rules;
    }

    @Override
    String path() {
        return "security-groups";
    }

    @Override
    Set<String> creatable() {
        return NAME_AND_DESCRIPTION;
    }

    @Override
    Set<String> updatable() {
        return NAME_AND_DESCRIPTION;
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of(
                "stateful", isTrue("stateless security groups are not supported: Skylane's are stateful"),
                "shared", isFalse("security groups are never shared between projects in Skylane"));
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        ArrayNode list = n.putArray("security_group_rules");
        for (SecurityGroupRule rule : intents.rulesOf(r.id())) {
            list.add(rules.view(rule, Lookups.NONE));
        }
        n.put("stateful", true).put("shared", false);
    }
}
