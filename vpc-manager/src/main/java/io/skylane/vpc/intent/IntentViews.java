package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.MacAddress;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.model.Tenant;
import io.skylane.vpc.model.Vpc;
import io.skylane.vpc.store.IntentStore;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** How the intent service shows what it stores: the API form of resources, and list filters. */
final class IntentViews {

    private final IntentStore store;
    private final IntentIndex index;

    IntentViews(IntentStore store, IntentIndex index) {
        this.store = store;
        this.index = index;
    }

    /** Refuses filters on fields the type does not have. */
    void checkFilters(ResourceType type, Set<String> keys) {
        Set<String> known = new java.util.HashSet<>();
        ResourceJson.toJson(sample(type)).fieldNames().forEachRemaining(known::add);
        known.remove("secret_hash");
        for (String k : keys) {
            if (!known.contains(k)) {
                throw IntentException.invalid(k, "cannot filter " + type.plural() + " by " + k);
            }
        }
    }

    static boolean matches(ObjectNode o, Map<String, List<String>> filters) {
        for (Map.Entry<String, List<String>> e : filters.entrySet()) {
            JsonNode v = o.get(e.getKey());
            for (String want : e.getValue()) {
                if (v == null) {
                    return false;
                }
                if (v.isArray()) {
                    boolean found = false;
                    for (JsonNode x : v) {
                        found |= x.isValueNode() && x.asText().equals(want);
                    }
                    if (!found) {
                        return false;
                    }
                } else if (v.isNull() ? !want.equals("null") : !v.isValueNode() || !v.asText().equals(want)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The API form of a resource: groups carry their rules; tokens never carry their hash. */
    ObjectNode render(Resource r) {
        ObjectNode o = ResourceJson.toJson(r);
        if (r instanceof SecurityGroup) {
            ArrayNode rules = o.putArray("rules");
            for (SecurityGroupRule rule : rulesOf(r.id())) {
                rules.add(ResourceJson.toJson(rule));
            }
        } else if (r instanceof ApiToken) {
            o.remove("secret_hash");
        }
        return o;
    }

    /** Rules of a group, in id order. */
    List<SecurityGroupRule> rulesOf(UUID group) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (UUID id : index.children(group)) {
            Resource r = store.get(ResourceType.SECURITY_GROUP_RULE, id);
            if (r != null && ((SecurityGroupRule) r).securityGroupId().equals(group)) {
                out.add((SecurityGroupRule) r);
            }
        }
        out.sort((a, b) -> a.id().toString().compareTo(b.id().toString()));
        return out;
    }

    /** A resource of the type with every field, to know which fields a filter may name. */
    private static Resource sample(ResourceType type) {
        UUID z = new UUID(0, 1);
        Meta m = Meta.created(z, z, "", "", Instant.EPOCH, List.of(), Map.of());
        InetAddress a = IpAddresses.parse("10.0.0.1");
        switch (type) {
            case TENANT:
                return new Tenant(m);
            case VPC:
                return new Vpc(m, 1);
            case SUBNET:
                return new Subnet(m, z, 4, IpPrefix.parse("10.0.0.0/24"), a, List.of(), List.of(), true);
            case PORT:
                return new Port(m, z, List.of(), MacAddress.of(2), List.of(), true, List.of(), null, "", "", true,
                        Port.Status.DOWN);
            case SECURITY_GROUP:
                return new SecurityGroup(m);
            case SECURITY_GROUP_RULE:
                return new SecurityGroupRule(m, z, SecurityGroupRule.Direction.INGRESS, "IPv4", null, null, null, null, null);
            default:
                return new ApiToken(m, "");
        }
    }
}
