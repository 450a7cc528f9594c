package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import java.util.Optional;

/**
 * A hypervisor of the overlay: the Open vSwitch integration bridge Skylane programs over OpenFlow
 * ({@code datapathId}, which never changes) and the address of its tunnel endpoint on the underlay
 * ({@code endpointIp}, a unicast IPv4 address; it may change, and the tunnels follow). Between
 * hypervisors, tenant traffic travels in Geneve tunnels to these endpoints (docs/overlay-design.md).
 * The provider's, not a tenant's: its owner is {@link Meta#PROVIDER}, and only the admin sees it.
 */
public record Hypervisor(Meta meta, long datapathId, Ip4Address endpointIp) implements Resource {

    public Hypervisor {
        requireNonNull(meta, "meta");
        requireNonNull(endpointIp, "endpointIp");
        if (!meta.tenantId().equals(Meta.PROVIDER)) {
            throw new IllegalArgumentException("a hypervisor is the provider's, not tenant " + meta.tenantId() + "'s");
        }
        whyNotAnEndpoint(endpointIp).ifPresent(why -> {
            throw new IllegalArgumentException("endpoint " + endpointIp + ": " + why);
        });
    }

    /** The bridge as the controller's devices know it. */
    public DeviceId deviceId() {
        return DeviceId.of(datapathId);
    }

    /**
     * Why {@code a} cannot be a tunnel endpoint, or empty when it can: it must be a unicast address
     * a host can hold, so not in 0.0.0.0/8 ("this network", 0.0.0.0 included), 127.0.0.0/8
     * (loopback), 224.0.0.0/4 (multicast) or 240.0.0.0/4 (reserved, 255.255.255.255 included).
     */
    public static Optional<String> whyNotAnEndpoint(Ip4Address a) {
        int first = a.value() >>> 24;
        if (first == 0) {
            return Optional.of("is in 0.0.0.0/8 (this network), not a host's address");
        }
        if (first == 127) {
            return Optional.of("is a loopback address (127.0.0.0/8)");
        }
        if (first >= 224 && first < 240) {
            return Optional.of("is a multicast address (224.0.0.0/4)");
        }
        if (first >= 240) {
            return Optional.of(a.value() == -1 ? "is the broadcast address"
                    : "is a reserved address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    @Override
    public Hypervisor withMeta(Meta m) {
        return new Hypervisor(m, datapathId, endpointIp);
    }

    @Override
    public ResourceType type() {
        return ResourceType.HYPERVISOR;
    }
}
