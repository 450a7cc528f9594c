package io.skylane.northbound.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Neutron security group rules are Skylane's (docs/openstack.md): the same fields; a protocol may
 * be given by number (as Neutron allows, a JSON number or a string) or by any of Neutron's names,
 * which Skylane keeps as the number ({@code tcp}, {@code udp}, {@code icmp} and {@code icmpv6}
 * by name). Neutron answers the protocol as it was given (orchestrators compare it with their own
 * configuration), so the given form is kept in the rule's external id {@code neutron:protocol} and
 * answered here. Rules are created and deleted, never changed (as in Neutron).
 */
final class NeutronSecurityGroupRules extends NeutronResource {

    /** Neutron's protocol names other than Skylane's own, by IANA number. */
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("ah", 51), Map.entry("dccp", 33), Map.entry("egp", 8), Map.entry("esp", 50),
            Map.entry("gre", 47), Map.entry("hopopt", 0), Map.entry("igmp", 2), Map.entry("ipip", 4),
            Map.entry("ipv6-encap", 41), Map.entry("ipv6-frag", 44), Map.entry("ipv6-nonxt", 59),
            Map.entry("ipv6-opts", 60), Map.entry("ipv6-route", 43), Map.entry("ospf", 89), Map.entry("pgm", 113),
            Map.entry("rsvp", 46), Map.entry("sctp", 132), Map.entry("udplite", 136), Map.entry("vrrp", 112));

    NeutronSecurityGroupRules(IntentService intents) {
        super("security_group_rule", ResourceType.SECURITY_GROUP_RULE, intents);
    }

    /** Neutron's rules have no tags (Skylane's rules have, but they are not shown here). */
    @Override
    boolean tagged() {
        return false;
    }

    @Override
    String path() {
        return "security-group-rules";
    }

    @Override
    Set<String> creatable() {
        return Set.of("description", "security_group_id", "direction", "ethertype", "protocol", "port_range_min",
                "port_range_max", "remote_ip_prefix", "remote_group_id");
    }

    @Override
    Set<String> updatable() {
        return null;
    }

    @Override
    Map<String, Fixed> fixed() {
        return Map.of("remote_address_group_id", isNull("address groups are not supported: use remote_ip_prefix "
                + "or remote_group_id"));
    }

    @Override
    Set<String> hidden() {
        return Set.of("external_ids", "name", "tags");
    }

    /** The external id keeping a protocol as the Neutron client gave it. */
    static final String GIVEN_PROTOCOL = "neutron:protocol";

    @Override
    ObjectNode adapt(ObjectNode skylane) {
        JsonNode p = skylane.get("protocol");
        if (p != null && (p.isNumber() || p.isTextual()) && !p.asText().equalsIgnoreCase("any")) {
            skylane.putObject("external_ids").put(GIVEN_PROTOCOL, p.asText().toLowerCase(Locale.ROOT));
        }
        if (p != null && p.isNumber()) {
            skylane.put("protocol", p.asText());
        } else if (p != null && p.isTextual()) {
            String name = p.asText().toLowerCase(Locale.ROOT);
            if (name.equals("ipv6-icmp")) {
                skylane.put("protocol", "icmpv6");
            } else if (name.equals("any")) {
                skylane.putNull("protocol");
            } else if (NUMBERS.containsKey(name)) {
                skylane.put("protocol", Integer.toString(NUMBERS.get(name)));
            }
        }
        return skylane;
    }

    @Override
    void extras(ObjectNode n, Resource r, Lookups lookups) {
        n.putNull("remote_address_group_id");
        n.set("normalized_cidr", n.get("remote_ip_prefix"));
        String given = r.meta().externalIds().get(GIVEN_PROTOCOL);
        if (given != null) {
            n.put("protocol", given);
        }
    }
}
