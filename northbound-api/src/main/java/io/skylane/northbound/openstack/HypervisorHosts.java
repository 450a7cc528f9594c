package io.skylane.northbound.openstack;

import io.skylane.core.net.DeviceId;
import io.skylane.northbound.ApiException;
import io.skylane.vpc.intent.Actor;
import io.skylane.vpc.intent.IntentService;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Neutron's {@code binding:host_id}, the host a port is on, as a switch: the name of a registered
 * hypervisor ({@code /v1/hypervisors}) names its integration bridge; a datapath id (16 hex digits,
 * or {@code of:} and 16 hex digits) names that switch. Hypervisors are the provider's, which a
 * tenant cannot list: they are read here as the system, and nothing of them but the name of a
 * bridge goes back to the caller.
 */
final class HypervisorHosts {

    static final String FIELD = "binding:host_id";
    private static final Pattern DPID = Pattern.compile("(?i)(of:)?[0-9a-f]{16}");

    private final IntentService intents;

    HypervisorHosts(IntentService intents) {
        this.intents = intents;
    }

    /**
     * The switch a host id names: the bridge of the hypervisor with that name, else the datapath
     * id it is; a 400 naming it when it is neither (or names several hypervisors).
     */
    DeviceId resolve(String host) {
        List<Hypervisor> named = hypervisors().stream().filter(h -> h.meta().name().equals(host)).toList();
        if (named.size() == 1) {
            return named.get(0).deviceId();
        }
        if (named.size() > 1) {
            throw ApiException.badRequest(FIELD + " \"" + host + "\" names " + named.size()
                    + " hypervisors; give the datapath id of its bridge", FIELD);
        }
        if (DPID.matcher(host).matches()) {
            return DeviceId.parse(host);
        }
        throw ApiException.badRequest(FIELD + " \"" + host + "\" is no registered hypervisor's name and no datapath "
                + "id (16 hex digits)", FIELD);
    }

    /** The hypervisors' names by the datapath id of their bridge. */
    Map<DeviceId, String> names() {
        Map<DeviceId, String> out = new HashMap<>();
        hypervisors().forEach(h -> out.put(h.deviceId(), h.meta().name()));
        return out;
    }

    /** The host id shown for a port on {@code dpid}: its hypervisor's name if it has a name, else the dpid. */
    static String hostOf(DeviceId dpid, Map<DeviceId, String> names) {
        String name = names.get(dpid);
        return name == null || name.isEmpty() ? dpid.toString() : name;
    }

    private List<Hypervisor> hypervisors() {
        List<Resource> all = OpenStackRequests.every(intents, ResourceType.HYPERVISOR, Actor.ADMIN); // as the system
        return all.stream().map(Hypervisor.class::cast).toList();
    }
}
