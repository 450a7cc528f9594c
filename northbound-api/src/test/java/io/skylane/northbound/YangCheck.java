package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.yang.YangModel;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every resource a successful answer of the intent routes carries against the YANG modules: each
 * item of a list ({@code {"vpcs": [...]}}), the one resource of a show, create or update
 * ({@code {"vpc": {...}}}). Tokens are not in the model and are not checked.
 */
final class YangCheck {

    /** Resource type to (module, top-level list). */
    static final Map<ResourceType, String[]> LISTS = new EnumMap<>(ResourceType.class);

    static {
        LISTS.put(ResourceType.TENANT, new String[] {"skylane-tenant", "tenant"});
        LISTS.put(ResourceType.VPC, new String[] {"skylane-vpc", "vpc"});
        LISTS.put(ResourceType.SUBNET, new String[] {"skylane-vpc", "subnet"});
        LISTS.put(ResourceType.PORT, new String[] {"skylane-vpc", "port"});
        LISTS.put(ResourceType.SECURITY_GROUP, new String[] {"skylane-security-group", "security-group"});
        LISTS.put(ResourceType.SECURITY_GROUP_RULE, new String[] {"skylane-security-group", "security-group-rule"});
        LISTS.put(ResourceType.LOAD_BALANCER, new String[] {"skylane-load-balancer", "load-balancer"});
        LISTS.put(ResourceType.LISTENER, new String[] {"skylane-load-balancer", "listener"});
        LISTS.put(ResourceType.POOL, new String[] {"skylane-load-balancer", "pool"});
        LISTS.put(ResourceType.MEMBER, new String[] {"skylane-load-balancer", "member"});
        LISTS.put(ResourceType.HEALTH_MONITOR, new String[] {"skylane-load-balancer", "health-monitor"});
        LISTS.put(ResourceType.HYPERVISOR, new String[] {"skylane-hypervisor", "hypervisor"});
        LISTS.put(ResourceType.ROUTER, new String[] {"skylane-router", "router"});
    }

    /**
     * {@code /v1/<resources>} or {@code /v1/<resources>/<id>}, or a pool's {@code members} below
     * {@code /v1/pools/<id>}, query left out.
     */
    private static final Pattern ROUTE = Pattern.compile("/v1/(?:pools/[^/?]+/(?=members))?([a-z-]+)(/[^/?]+)?");

    private YangCheck() {
    }

    /**
     * Validates the resources of one answer; returns how many were checked (0 for answers that are not
     * a successful answer of a resource route).
     */
    static int check(String method, String pathAndQuery, int status, JsonNode body) {
        if (status < 200 || status > 299 || body == null) {
            return 0;
        }
        int q = pathAndQuery.indexOf('?');
        Matcher m = ROUTE.matcher(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        if (!m.matches()) {
            return 0;
        }
        ResourceType type = m.group(1).equals("members") ? ResourceType.MEMBER : IntentRoutes.paths().get(m.group(1));
        if (type == null) {
            return 0;
        }
        String[] list = LISTS.get(type);
        assertNotNull(list, "no YANG list for " + type);
        String where = method + " " + pathAndQuery;
        if (m.group(2) == null && method.equals("GET")) {
            JsonNode items = body.get(type.plural());
            assertTrue(items != null && items.isArray(), where + ": no \"" + type.plural() + "\" list in " + body);
            for (JsonNode item : items) {
                validate(list, item, where);
            }
            return items.size();
        }
        JsonNode one = body.get(type.singular());
        assertTrue(one != null && one.isObject(), where + ": no \"" + type.singular() + "\" object in " + body);
        validate(list, one, where);
        return 1;
    }

    private static void validate(String[] list, JsonNode resource, String where) {
        try {
            YangModel.get().validate(list[0], list[1], resource);
        } catch (AssertionError e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
    }
}
