package io.skylane.vpc.intent;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.vpc.intent.request.HypervisorCreate;
import io.skylane.vpc.intent.request.HypervisorUpdate;
import io.skylane.vpc.model.Hypervisor;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.store.Change;
import java.util.List;
import java.util.UUID;

/**
 * Hypervisors (the provider's, created and changed by the admin only: {@link IntentService}
 * checks that): a datapath id and a tunnel endpoint, each unique among hypervisors (409); the
 * endpoint a unicast IPv4 address (400); the datapath id never changes (an update cannot name it).
 */
final class HypervisorValidator implements ResourceValidator<HypervisorCreate, HypervisorUpdate> {

    private final IntentContext ctx;

    HypervisorValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(HypervisorCreate request, UUID owner) {
        long dpid = IntentContext.required(request.datapathId(), "datapath_id");
        Ip4Address endpoint = endpoint(request.endpointIp(), null);
        UUID other = ctx.index.hypervisorWithDpid(dpid);
        if (other != null) {
            throw IntentException.conflict("datapath_id", "hypervisor " + other + " already has datapath id "
                    + DeviceId.of(dpid));
        }
        return Change.created(new Hypervisor(ctx.meta(request.common(), UUID.randomUUID(), owner), dpid, endpoint));
    }

    @Override
    public Resource update(HypervisorUpdate request, Resource old) {
        Hypervisor h = (Hypervisor) old;
        Ip4Address endpoint = request.endpointIp().present() ? endpoint(request.endpointIp().value(), h.id())
                : h.endpointIp();
        return new Hypervisor(ctx.nextMeta(request.common(), old), h.datapathId(), endpoint);
    }

    /** A unicast address no other hypervisor than {@code self} (null: none) has. */
    private Ip4Address endpoint(Ip4Address given, UUID self) {
        Ip4Address a = IntentContext.required(given, "endpoint_ip");
        Hypervisor.whyNotAnEndpoint(a).ifPresent(why -> {
            throw IntentException.invalid("endpoint_ip", a + " " + why + "; a tunnel endpoint is a unicast address");
        });
        UUID other = ctx.index.hypervisorWithEndpoint(a);
        if (other != null && !other.equals(self)) {
            throw IntentException.conflict("endpoint_ip", "hypervisor " + other + " already has endpoint " + a);
        }
        return a;
    }
}
