package io.skylane.vpc.intent;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.IpPrefix;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Validation and address allocation of ports. */
final class PortRules {

    static final int MAX_FIXED_IPS = 16;
    static final int MAX_PAIRS = 16;
    static final int MAX_GROUPS = 16;
    private static final Pattern DPID = Pattern.compile("[0-9a-f]{16}");

    private final IntentIndex index;
    private final Lookup lookup;

    PortRules(IntentIndex index, Lookup lookup) {
        this.index = index;
        this.lookup = lookup;
    }

    /**
     * The port's addresses from {@code fixed_ips}; {@code self} is the port being updated (its
     * own addresses are not "in use"), null on create. {@code subnetsOfVpc} are the VPC's subnets.
     */
    List<Port.FixedIp> fixedIps(Fields f, UUID vpc, UUID tenant, UUID self, List<Subnet> subnetsOfVpc,
                                List<Port.FixedIp> current) {
        List<JsonNode> given = f.list("fixed_ips", MAX_FIXED_IPS);
        if (given == null) {
            if (current != null) {
                return current;
            }
            for (Subnet s : subnetsOfVpc) {
                if (s.ipVersion() == 4) {
                    return List.of(new Port.FixedIp(s.id(), allocate(s, Set.of(), "fixed_ips")));
                }
            }
            return List.of();
        }
        List<Port.FixedIp> out = new ArrayList<>();
        Set<InetAddress> chosen = new HashSet<>();
        // Explicit addresses first, so an allocation never takes an address asked for later in the list.
        Subnet[] subnetOf = new Subnet[given.size()];
        InetAddress[] asked = new InetAddress[given.size()];
        for (int i = 0; i < given.size(); i++) {
            String path = Fields.at("fixed_ips", i);
            Fields e = Fields.of(given.get(i), path).only(Set.of("subnet_id", "ip_address"), Set.of());
            UUID sid = e.uuid("subnet_id");
            InetAddress ip = e.hasValue("ip_address") ? Fields.ip(e.raw("ip_address"), e.at("ip_address")) : null;
            Subnet subnet;
            if (sid != null) {
                subnet = (Subnet) lookup.reference(ResourceType.SUBNET, sid, tenant, e.at("subnet_id"));
                if (!subnet.vpcId().equals(vpc)) {
                    throw IntentException.invalid(e.at("subnet_id"), "subnet " + sid + " is not in the port's VPC " + vpc);
                }
            } else if (ip != null) {
                subnet = subnetsOfVpc.stream().filter(s -> s.cidr().contains(ip)).findFirst()
                        .orElseThrow(() -> IntentException.invalid(e.at("ip_address"),
                                IpAddresses.format(ip) + " is in no subnet of the port's VPC"));
            } else {
                throw IntentException.invalid(path, "needs subnet_id, ip_address or both");
            }
            if (ip != null) {
                checkAddress(subnet, ip, self, e.at("ip_address"));
                if (!chosen.add(ip)) {
                    throw IntentException.invalid(e.at("ip_address"), IpAddresses.format(ip) + " is listed twice");
                }
            }
            subnetOf[i] = subnet;
            asked[i] = ip;
        }
        for (int i = 0; i < given.size(); i++) {
            InetAddress ip = asked[i];
            if (ip == null) {
                ip = allocate(subnetOf[i], chosen, Fields.at("fixed_ips", i));
                chosen.add(ip);
            }
            out.add(new Port.FixedIp(subnetOf[i].id(), ip));
        }
        return out;
    }

    private void checkAddress(Subnet s, InetAddress ip, UUID self, String path) {
        if (!s.cidr().contains(ip)) {
            throw IntentException.invalid(path, IpAddresses.format(ip) + " is outside subnet " + s.cidr());
        }
        if (SubnetRules.reserved(s.cidr(), ip)) {
            throw IntentException.invalid(path, IpAddresses.format(ip) + " is the network or broadcast address of " + s.cidr());
        }
        if (ip.equals(s.gatewayIp())) {
            throw IntentException.conflict(path, IpAddresses.format(ip) + " is the gateway of subnet " + s.id());
        }
        UUID owner = index.ipOwner(s.id(), ip);
        if (owner != null && !owner.equals(self)) {
            throw IntentException.conflict(path, IpAddresses.format(ip) + " is already used by port " + owner);
        }
    }

    /** The first free address of the subnet's pools. */
    private InetAddress allocate(Subnet s, Set<InetAddress> taken, String path) {
        for (Subnet.AllocationPool p : s.allocationPools()) {
            BigInteger end = IpAddresses.toBig(p.end());
            // Bounded walk: a pool with more used addresses than this is scanned only as far as needed.
            for (BigInteger v = IpAddresses.toBig(p.start()); v.compareTo(end) <= 0; v = v.add(BigInteger.ONE)) {
                InetAddress a = IpAddresses.fromBig(v, s.ipVersion());
                if (index.ipOwner(s.id(), a) == null && !taken.contains(a) && !a.equals(s.gatewayIp())) {
                    return a;
                }
            }
        }
        throw IntentException.conflict(path, "subnet " + s.id() + " (" + s.cidr() + ") has no free address left");
    }

    MacAddress mac(Fields f, UUID vpc, UUID self, MacAddress current, Supplier<MacAddress> random) {
        if (f.hasValue("mac_address")) {
            MacAddress m = Fields.mac(f.raw("mac_address"), "mac_address");
            UUID owner = index.macOwner(vpc, m);
            if (owner != null && !owner.equals(self)) {
                throw IntentException.conflict("mac_address", m + " is already used by port " + owner + " in this VPC");
            }
            return m;
        }
        if (f.has("mac_address")) {
            throw IntentException.invalid("mac_address", "must be a MAC address, got null");
        }
        if (current != null) {
            return current;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            MacAddress m = random.get();
            if (index.macOwner(vpc, m) == null) {
                return m;
            }
        }
        throw IntentException.conflict("mac_address", "could not find a free MAC address in this VPC");
    }

    List<UUID> groups(Fields f, UUID tenant, List<UUID> current, Supplier<UUID> defaultGroup, boolean portSecurity) {
        List<JsonNode> given = f.list("security_groups", MAX_GROUPS);
        if (given == null) {
            if (current != null) {
                return current;
            }
            return portSecurity ? List.of(defaultGroup.get()) : List.of();
        }
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = Fields.at("security_groups", i);
            UUID g = Fields.uuid(given.get(i), path);
            lookup.reference(ResourceType.SECURITY_GROUP, g, tenant, path);
            if (out.contains(g)) {
                throw IntentException.invalid(path, "security group " + g + " is listed twice");
            }
            out.add(g);
        }
        return out;
    }

    List<Port.AddressPair> pairs(Fields f, MacAddress portMac, List<Port.AddressPair> current) {
        List<JsonNode> given = f.list("allowed_address_pairs", MAX_PAIRS);
        if (given == null) {
            return current == null ? List.of() : current;
        }
        List<Port.AddressPair> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = Fields.at("allowed_address_pairs", i);
            Fields e = Fields.of(given.get(i), path).only(Set.of("ip_address", "mac_address"), Set.of());
            if (!e.hasValue("ip_address")) {
                throw IntentException.invalid(e.at("ip_address"), "is required");
            }
            String text = Fields.text(e.raw("ip_address"), e.at("ip_address"), 64);
            IpPrefix ip = text.indexOf('/') >= 0 ? Fields.prefix(e.raw("ip_address"), e.at("ip_address"))
                    : IpPrefix.host(Fields.ip(e.raw("ip_address"), e.at("ip_address")));
            MacAddress mac = e.hasValue("mac_address") ? Fields.mac(e.raw("mac_address"), e.at("mac_address")) : portMac;
            Port.AddressPair pair = new Port.AddressPair(ip, mac);
            if (out.contains(pair)) {
                throw IntentException.invalid(path, "is listed twice");
            }
            out.add(pair);
        }
        return out;
    }

    Port.Binding binding(Fields f, UUID self, Port.Binding current) {
        if (!f.has("binding")) {
            return current;
        }
        JsonNode v = f.raw("binding");
        if (v.isNull()) {
            return null;
        }
        Fields b = Fields.of(v, "binding").only(Set.of("dpid", "port"), Set.of());
        if (!b.hasValue("dpid")) {
            throw IntentException.invalid("binding.dpid", "is required");
        }
        if (!b.hasValue("port")) {
            throw IntentException.invalid("binding.port", "is required");
        }
        String dpid = Fields.text(b.raw("dpid"), "binding.dpid", 16);
        if (!DPID.matcher(dpid).matches()) {
            throw IntentException.invalid("binding.dpid", "must be 16 lower-case hex digits, got \"" + dpid + "\"");
        }
        long port = Fields.integer(b.raw("port"), "binding.port", 1, PortNumber.MAX_PHYSICAL);
        Port.Binding binding = new Port.Binding(DeviceId.parse(dpid), PortNumber.of(port));
        UUID owner = index.boundPort(binding);
        if (owner != null && !owner.equals(self)) {
            throw IntentException.conflict("binding", "switch port " + dpid + "/" + port + " is already bound to port " + owner);
        }
        return binding;
    }

    static List<Subnet> subnets(Iterable<Resource> all, UUID vpc) {
        List<Subnet> out = new ArrayList<>();
        for (Resource r : all) {
            if (r instanceof Subnet && ((Subnet) r).vpcId().equals(vpc)) {
                out.add((Subnet) r);
            }
        }
        return out;
    }
}
