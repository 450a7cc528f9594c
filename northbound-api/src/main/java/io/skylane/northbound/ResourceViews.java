package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.ApiToken;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceJson;
import io.skylane.vpc.model.SecurityGroup;
import io.skylane.vpc.model.SecurityGroupRule;

/**
 * The API form of the tenant resources: their one JSON form ({@link ResourceJson}, the same the
 * journal keeps), with a security group's rules inside it and never a token's hash.
 */
final class ResourceViews {

    private final IntentService intents;

    ResourceViews(IntentService intents) {
        this.intents = intents;
    }

    ObjectNode render(Resource r) {
        ObjectNode o = ResourceJson.toJson(r);
        if (r instanceof SecurityGroup) {
            ArrayNode rules = o.putArray("rules");
            for (SecurityGroupRule rule : intents.rulesOf(r.id())) {
                rules.add(ResourceJson.toJson(rule));
            }
        } else if (r instanceof ApiToken) {
            o.remove("secret_hash");
        }
        return o;
    }
}
