package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Subnet;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validation of a subnet's addressing: CIDR, gateway, allocation pools and DNS servers. */
final class SubnetRules {

    static final int MAX_DNS = 5;
    static final int MAX_POOLS = 64;

    private SubnetRules() {
    }

    /** The CIDR of a new subnet, agreeing with {@code ip_version} when that is given. */
    static IpPrefix cidr(Fields f) {
        if (!f.hasValue("cidr")) {
            throw IntentException.invalid("cidr", "is required");
        }
        IpPrefix cidr = Fields.prefix(f.raw("cidr"), "cidr");
        Integer version = f.integer("ip_version", 4, 6, false);
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
        if (cidr.version() == 6 && cidr.length() < 64 && cidr.length() != 0) {
            // Accepted in the model; only the range of automatic allocation matters.
            return cidr;
        }
        return cidr;
    }

    /** Network address, and (IPv4) broadcast, cannot be given to anyone. */
    static boolean reserved(IpPrefix cidr, InetAddress a) {
        BigInteger v = IpAddresses.toBig(a);
        return v.equals(cidr.first()) || (cidr.version() == 4 && v.equals(cidr.last()));
    }

    static InetAddress firstHost(IpPrefix cidr) {
        return IpAddresses.fromBig(cidr.first().add(BigInteger.ONE), cidr.version());
    }

    static InetAddress lastHost(IpPrefix cidr) {
        BigInteger last = cidr.version() == 4 ? cidr.last().subtract(BigInteger.ONE) : cidr.last();
        return IpAddresses.fromBig(last, cidr.version());
    }

    /** The gateway: absent gives the first host, JSON null gives none. */
    static InetAddress gateway(Fields f, IpPrefix cidr, InetAddress current, boolean create) {
        if (!f.has("gateway_ip")) {
            return create ? firstHost(cidr) : current;
        }
        JsonNode v = f.raw("gateway_ip");
        if (v.isNull()) {
            return null;
        }
        InetAddress gw = Fields.ip(v, "gateway_ip");
        if (!cidr.contains(gw)) {
            throw IntentException.invalid("gateway_ip", IpAddresses.format(gw) + " is outside the subnet " + cidr);
        }
        if (reserved(cidr, gw)) {
            throw IntentException.invalid("gateway_ip", IpAddresses.format(gw) + " is the network or broadcast address of " + cidr);
        }
        return gw;
    }

    /** The pools: absent gives the whole CIDR minus reserved addresses and the gateway. */
    static List<Subnet.AllocationPool> pools(Fields f, IpPrefix cidr, InetAddress gateway, List<Subnet.AllocationPool> current) {
        List<JsonNode> given = f.list("allocation_pools", MAX_POOLS);
        if (given == null) {
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
        List<Subnet.AllocationPool> pools = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = Fields.at("allocation_pools", i);
            Fields p = Fields.of(given.get(i), path).only(Set.of("start", "end"), Set.of());
            if (!p.hasValue("start") || !p.hasValue("end")) {
                throw IntentException.invalid(p.at(p.hasValue("start") ? "end" : "start"), "is required");
            }
            InetAddress start = Fields.ip(p.raw("start"), p.at("start"));
            InetAddress end = Fields.ip(p.raw("end"), p.at("end"));
            for (String k : List.of("start", "end")) {
                InetAddress a = k.equals("start") ? start : end;
                if (!cidr.contains(a)) {
                    throw IntentException.invalid(p.at(k), IpAddresses.format(a) + " is outside the subnet " + cidr);
                }
                if (reserved(cidr, a)) {
                    throw IntentException.invalid(p.at(k), IpAddresses.format(a) + " is the network or broadcast address");
                }
            }
            if (IpAddresses.toBig(start).compareTo(IpAddresses.toBig(end)) > 0) {
                throw IntentException.invalid(p.at("start"), "start " + IpAddresses.format(start) + " is after end " + IpAddresses.format(end));
            }
            Subnet.AllocationPool pool = new Subnet.AllocationPool(start, end);
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

    static List<Subnet.AllocationPool> defaultPools(IpPrefix cidr, InetAddress gateway) {
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

    static List<InetAddress> dns(Fields f, List<InetAddress> current) {
        List<JsonNode> given = f.list("dns_nameservers", MAX_DNS);
        if (given == null) {
            return current == null ? List.of() : current;
        }
        List<InetAddress> out = new ArrayList<>();
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            InetAddress a = Fields.ip(given.get(i), Fields.at("dns_nameservers", i));
            if (!seen.add(a)) {
                throw IntentException.invalid(Fields.at("dns_nameservers", i), "is listed twice");
            }
            out.add(a);
        }
        return out;
    }
}
