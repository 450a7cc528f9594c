package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.SubnetCreate;
import io.skylane.vpc.intent.request.SubnetUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Subnets: a CIDR that overlaps no other subnet of the VPC, a gateway inside it, allocation pools
 * inside it that neither overlap nor hold the gateway, and DNS servers. A subnet on a router keeps a
 * gateway (the router's interface takes it): removing it is a 409.
 */
final class SubnetValidator implements ResourceValidator<SubnetCreate, SubnetUpdate> {

    static final int MAX_DNS = 5;
    static final int MAX_POOLS = 64;

    private final IntentContext ctx;

    SubnetValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(SubnetCreate request, UUID tenant) {
        UUID vpc = IntentContext.required(request.vpcId(), "vpc_id");
        ctx.reference(ResourceType.VPC, vpc, tenant, "vpc_id");
        IpPrefix cidr = cidr(request);
        for (Subnet other : subnetsOf(ctx, vpc)) {
            if (other.cidr().overlaps(cidr)) {
                throw IntentException.conflict("cidr", cidr + " overlaps subnet " + other.id() + " (" + other.cidr() + ") of the VPC");
            }
        }
        SubnetUpdate s = request.settings();
        InetAddress gw = gateway(s.gatewayIp(), cidr, firstHost(cidr));
        List<Subnet.AllocationPool> pools = pools(s.allocationPools(), cidr, gw, null);
        return Change.created(new Subnet(ctx.meta(s.common(), UUID.randomUUID(), tenant), vpc, cidr.version(), cidr, gw, pools,
                dns(s.dnsNameservers(), List.of()), s.enableDhcp().or(true)));
    }

    @Override
    public Resource update(SubnetUpdate request, Resource r) {
        Subnet old = (Subnet) r;
        InetAddress gw = gateway(request.gatewayIp(), old.cidr(), old.gatewayIp());
        UUID router = ctx.index.routerOf(old.id());
        if (gw == null && old.gatewayIp() != null && router != null) {
            throw IntentException.conflict("gateway_ip", "subnet " + old.id() + " is on router " + router
                    + ", whose interface takes the subnet's gateway; remove the interface before the gateway");
        }
        if (gw != null && !gw.equals(old.gatewayIp()) && ctx.index.ipOwner(old.id(), gw) != null) {
            throw IntentException.conflict("gateway_ip", IpAddresses.format(gw) + " is used by "
                    + ctx.addresses.holder(ctx.index.ipOwner(old.id(), gw)));
        }
        List<Subnet.AllocationPool> pools = pools(request.allocationPools(), old.cidr(), gw, old.allocationPools());
        return new Subnet(ctx.nextMeta(request.common(), old), old.vpcId(), old.ipVersion(), old.cidr(), gw, pools,
                dns(request.dnsNameservers(), old.dnsNameservers()), request.enableDhcp().or(old.enableDhcp()));
    }

    /** The subnets of a VPC. */
    static List<Subnet> subnetsOf(IntentContext ctx, UUID vpc) {
        List<Subnet> out = new ArrayList<>();
        for (Resource r : ctx.children(vpc, ResourceType.SUBNET)) {
            if (r instanceof Subnet s && s.vpcId().equals(vpc)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The CIDR of a new subnet, agreeing with {@code ip_version} when that is given. */
    private static IpPrefix cidr(SubnetCreate request) {
        IpPrefix cidr = IntentContext.required(request.cidr(), "cidr");
        Integer version = request.ipVersion();
        if (version != null && version != 4 && version != 6) {
            throw IntentException.invalid("ip_version", "must be 4 or 6, got " + version);
        }
        if (version != null && version != cidr.version()) {
            throw IntentException.invalid("ip_version", "is " + version + " but cidr " + cidr + " is IPv" + cidr.version());
        }
        int maxLen = cidr.version() == 4 ? 30 : 126;
        if (cidr.length() > maxLen) {
            throw IntentException.invalid("cidr", "must leave room for hosts (prefix length at most " + maxLen + ")");
        }
        if (cidr.version() == 4 && cidr.length() < 8) {
            throw IntentException.invalid("cidr", "IPv4 subnets must be /8 or longer");
        }
        return cidr;
    }

    /** Network address, and (IPv4) broadcast, cannot be given to anyone. */
    static boolean reserved(IpPrefix cidr, InetAddress a) {
        BigInteger v = IpAddresses.toBig(a);
        return v.equals(cidr.first()) || (cidr.version() == 4 && v.equals(cidr.last()));
    }

    private static InetAddress firstHost(IpPrefix cidr) {
        return IpAddresses.fromBig(cidr.first().add(BigInteger.ONE), cidr.version());
    }

    private static InetAddress lastHost(IpPrefix cidr) {
        BigInteger last = cidr.version() == 4 ? cidr.last().subtract(BigInteger.ONE) : cidr.last();
        return IpAddresses.fromBig(last, cidr.version());
    }

    /** The gateway: absent keeps {@code current}, null gives none. */
    private static InetAddress gateway(Given<InetAddress> given, IpPrefix cidr, InetAddress current) {
        if (!given.present()) {
            return current;
        }
        InetAddress gw = given.value();
        if (gw == null) {
            return null;
        }
        if (!cidr.contains(gw)) {
            throw IntentException.invalid("gateway_ip", IpAddresses.format(gw) + " is outside the subnet " + cidr);
        }
        if (reserved(cidr, gw)) {
            throw IntentException.invalid("gateway_ip", IpAddresses.format(gw) + " is the network or broadcast address of " + cidr);
        }
        return gw;
    }

    /** The pools: absent keeps {@code current}, or (create) the whole CIDR but reserved addresses and the gateway. */
    private static List<Subnet.AllocationPool> pools(Given<List<Subnet.AllocationPool>> given, IpPrefix cidr,
                                                     InetAddress gateway, List<Subnet.AllocationPool> current) {
        if (!given.present()) {
            if (current != null) {
                for (Subnet.AllocationPool p : current) {
                    if (gateway != null && p.contains(gateway)) {
                        throw IntentException.invalid("gateway_ip", IpAddresses.format(gateway)
                                + " is inside an allocation pool; change allocation_pools too");
                    }
                }
                return current;
            }
            return defaultPools(cidr, gateway);
        }
        List<Subnet.AllocationPool> asked = CommonValidator.atMost(given.value(), "allocation_pools", MAX_POOLS);
        List<Subnet.AllocationPool> pools = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String path = at("allocation_pools", i);
            Subnet.AllocationPool pool = asked.get(i);
            for (String k : List.of("start", "end")) {
                InetAddress a = k.equals("start") ? pool.start() : pool.end();
                if (!cidr.contains(a)) {
                    throw IntentException.invalid(at(path, k), IpAddresses.format(a) + " is outside the subnet " + cidr);
                }
                if (reserved(cidr, a)) {
                    throw IntentException.invalid(at(path, k), IpAddresses.format(a) + " is the network or broadcast address");
                }
            }
            if (IpAddresses.toBig(pool.start()).compareTo(IpAddresses.toBig(pool.end())) > 0) {
                throw IntentException.invalid(at(path, "start"), "start " + IpAddresses.format(pool.start())
                        + " is after end " + IpAddresses.format(pool.end()));
            }
            if (gateway != null && pool.contains(gateway)) {
                throw IntentException.invalid(path, "contains the gateway " + IpAddresses.format(gateway));
            }
            for (Subnet.AllocationPool other : pools) {
                if (pool.contains(other.start()) || other.contains(pool.start())) {
                    throw IntentException.invalid(path, "overlaps another allocation pool");
                }
            }
            pools.add(pool);
        }
        return pools;
    }

    private static List<Subnet.AllocationPool> defaultPools(IpPrefix cidr, InetAddress gateway) {
        BigInteger lo = IpAddresses.toBig(firstHost(cidr));
        BigInteger hi = IpAddresses.toBig(lastHost(cidr));
        List<Subnet.AllocationPool> out = new ArrayList<>();
        if (gateway == null || !cidr.contains(gateway)) {
            out.add(pool(lo, hi, cidr.version()));
            return out;
        }
        BigInteger g = IpAddresses.toBig(gateway);
        if (g.compareTo(lo) > 0) {
            out.add(pool(lo, g.subtract(BigInteger.ONE), cidr.version()));
        }
        if (g.compareTo(hi) < 0) {
            out.add(pool(g.add(BigInteger.ONE), hi, cidr.version()));
        }
        return out;
    }

    private static Subnet.AllocationPool pool(BigInteger lo, BigInteger hi, int version) {
        return new Subnet.AllocationPool(IpAddresses.fromBig(lo, version), IpAddresses.fromBig(hi, version));
    }

    private static List<InetAddress> dns(Given<List<InetAddress>> given, List<InetAddress> current) {
        if (!given.present()) {
            return current;
        }
        List<InetAddress> asked = CommonValidator.atMost(given.value(), "dns_nameservers", MAX_DNS);
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            if (!seen.add(asked.get(i))) {
                throw IntentException.invalid(at("dns_nameservers", i), "is listed twice");
            }
        }
        return asked;
    }
}
