package io.skylane.vpc.model;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.List;
import java.util.UUID;

/**
 * A CIDR inside a VPC. {@code gatewayIp} may be null (no gateway); addresses for ports are
 * allocated from {@code allocationPools}.
 */
public record Subnet(Meta meta, UUID vpcId, int ipVersion, IpPrefix cidr, InetAddress gatewayIp,
                     List<AllocationPool> allocationPools, List<InetAddress> dnsNameservers,
                     boolean enableDhcp) implements Resource {

    /** An inclusive range of addresses ports may get automatically. */
    public record AllocationPool(InetAddress start, InetAddress end) {
        public AllocationPool {
            requireNonNull(start, "start");
            requireNonNull(end, "end");
        }

        public boolean contains(InetAddress a) {
            BigInteger v = IpAddresses.toBig(a);
            return IpAddresses.version(a) == IpAddresses.version(start)
                    && v.compareTo(IpAddresses.toBig(start)) >= 0 && v.compareTo(IpAddresses.toBig(end)) <= 0;
        }
    }

    public Subnet {
        requireNonNull(meta, "meta");
        requireNonNull(vpcId, "vpcId");
        requireNonNull(cidr, "cidr");
        allocationPools = List.copyOf(allocationPools);
        dnsNameservers = List.copyOf(dnsNameservers);
    }

    @Override
    public Subnet withMeta(Meta m) {
        return new Subnet(m, vpcId, ipVersion, cidr, gatewayIp, allocationPools, dnsNameservers, enableDhcp);
    }

    @Override
    public ResourceType type() {
        return ResourceType.SUBNET;
    }
}
