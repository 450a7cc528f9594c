package io.skylane.vpc.intent;

import static io.skylane.vpc.intent.CommonValidator.at;

import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import io.skylane.vpc.intent.request.Given;
import io.skylane.vpc.intent.request.PortCreate;
import io.skylane.vpc.intent.request.PortUpdate;
import io.skylane.vpc.model.IpAddresses;
import io.skylane.vpc.model.Meta;
import io.skylane.vpc.model.Port;
import io.skylane.vpc.model.Resource;
import io.skylane.vpc.model.ResourceType;
import io.skylane.vpc.model.Subnet;
import io.skylane.vpc.store.Change;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Ports: addresses in the VPC's subnets (asked for or allocated), a MAC unique in the VPC, the
 * tenant's security groups, allowed address pairs and a switch port no other port is bound to (a
 * binding to a switch only is not unique: a hypervisor holds many ports).
 */
final class PortValidator implements ResourceValidator<PortCreate, PortUpdate> {

    static final int MAX_FIXED_IPS = 16;
    static final int MAX_PAIRS = 16;
    static final int MAX_GROUPS = 16;
    static final int MAX_DEVICE = 255;

    private final IntentContext ctx;

    PortValidator(IntentContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public List<Change> create(PortCreate request, UUID tenant) {
        UUID vpc = IntentContext.required(request.vpcId(), "vpc_id");
        ctx.reference(ResourceType.VPC, vpc, tenant, "vpc_id");
        return Change.created(build(request.settings(), ctx.meta(request.settings().common(), UUID.randomUUID(), tenant), vpc, null));
    }

    @Override
    public Resource update(PortUpdate request, Resource old) {
        Port p = (Port) old;
        return build(request, ctx.nextMeta(request.common(), old), p.vpcId(), p);
    }

    private Port build(PortUpdate f, Meta meta, UUID vpc, Port old) {
        UUID self = old == null ? null : old.id();
        UUID tenant = meta.tenantId();
        boolean security = f.portSecurityEnabled().or(old == null || old.portSecurityEnabled());
        List<Port.FixedIp> ips = fixedIps(f.fixedIps(), vpc, tenant, self, old == null ? null : old.fixedIps());
        MacAddress mac = mac(f.macAddress(), vpc, self, old == null ? null : old.macAddress());
        List<UUID> groups = groups(f.securityGroups(), tenant, old == null ? null : old.securityGroups(), security);
        List<Port.AddressPair> pairs = pairs(f.allowedAddressPairs(), mac, old == null ? null : old.allowedAddressPairs());
        if (!security && !groups.isEmpty()) {
            throw refusal(f.securityGroups().present() || old == null, "port_security_enabled",
                    "port security cannot be disabled while the port has security groups; set security_groups to []");
        }
        if (!security && !pairs.isEmpty()) {
            throw refusal(f.allowedAddressPairs().present() || old == null, "port_security_enabled",
                    "allowed_address_pairs need port security; remove them first");
        }
        Port.Binding binding = binding(f.binding(), self, old == null ? null : old.binding());
        return new Port(meta, vpc, ips, mac, groups, security, pairs, binding,
                CommonValidator.text(f.deviceId().or(old == null ? "" : old.deviceId()), "device_id", MAX_DEVICE),
                CommonValidator.text(f.deviceOwner().or(old == null ? "" : old.deviceOwner()), "device_owner", MAX_DEVICE),
                f.adminStateUp().or(old == null || old.adminStateUp()),
                old == null ? Port.Status.DOWN : old.status());
    }

    private static IntentException refusal(boolean inRequest, String field, String message) {
        return inRequest ? IntentException.invalid(field, message) : IntentException.conflict(field, message);
    }

    /**
     * The port's addresses; {@code self} is the port being updated (its own addresses are not "in
     * use"), null on create.
     */
    private List<Port.FixedIp> fixedIps(Given<List<PortUpdate.FixedIp>> given, UUID vpc, UUID tenant, UUID self,
                                        List<Port.FixedIp> current) {
        List<Subnet> subnetsOfVpc = SubnetValidator.subnetsOf(ctx, vpc);
        if (!given.present()) {
            if (current != null) {
                return current;
            }
            for (Subnet s : subnetsOfVpc) {
                if (s.ipVersion() == 4) {
                    return List.of(new Port.FixedIp(s.id(), ctx.addresses.allocate(s, Set.of(), "fixed_ips")));
                }
            }
            return List.of();
        }
        List<PortUpdate.FixedIp> asked = CommonValidator.atMost(given.value(), "fixed_ips", MAX_FIXED_IPS);
        Set<InetAddress> chosen = new HashSet<>();
        // Explicit addresses first, so an allocation never takes an address asked for later in the list.
        Subnet[] subnetOf = new Subnet[asked.size()];
        for (int i = 0; i < asked.size(); i++) {
            String path = at("fixed_ips", i);
            UUID sid = asked.get(i).subnetId();
            InetAddress ip = asked.get(i).ipAddress();
            Subnet subnet;
            if (sid != null) {
                subnet = (Subnet) ctx.reference(ResourceType.SUBNET, sid, tenant, at(path, "subnet_id"));
                if (!subnet.vpcId().equals(vpc)) {
                    throw IntentException.invalid(at(path, "subnet_id"), "subnet " + sid + " is not in the port's VPC " + vpc);
                }
            } else if (ip != null) {
                subnet = subnetsOfVpc.stream().filter(s -> s.cidr().contains(ip)).findFirst()
                        .orElseThrow(() -> IntentException.invalid(at(path, "ip_address"),
                                IpAddresses.format(ip) + " is in no subnet of the port's VPC"));
            } else {
                throw IntentException.invalid(path, "needs subnet_id, ip_address or both");
            }
            if (ip != null) {
                ctx.addresses.check(subnet, ip, self, at(path, "ip_address"));
                if (!chosen.add(ip)) {
                    throw IntentException.invalid(at(path, "ip_address"), IpAddresses.format(ip) + " is listed twice");
                }
            }
            subnetOf[i] = subnet;
        }
        List<Port.FixedIp> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            InetAddress ip = asked.get(i).ipAddress();
            if (ip == null) {
                ip = ctx.addresses.allocate(subnetOf[i], chosen, at("fixed_ips", i));
                chosen.add(ip);
            }
            out.add(new Port.FixedIp(subnetOf[i].id(), ip));
        }
        return out;
    }

    private MacAddress mac(Given<MacAddress> given, UUID vpc, UUID self, MacAddress current) {
        if (given.present()) {
            MacAddress m = unicast(given.value(), "mac_address");
            UUID owner = ctx.index.macOwner(vpc, m);
            if (owner != null && !owner.equals(self)) {
                throw IntentException.conflict("mac_address", m + " is already used by port " + owner + " in this VPC");
            }
            return m;
        }
        if (current != null) {
            return current;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            MacAddress m = ctx.randomMac();
            if (ctx.index.macOwner(vpc, m) == null) {
                return m;
            }
        }
        throw IntentException.conflict("mac_address", "could not find a free MAC address in this VPC");
    }

    static MacAddress unicast(MacAddress m, String path) {
        if (m == null) {
            throw IntentException.invalid(path, "must be a MAC address, got null");
        }
        if (m.isMulticast() || m.equals(MacAddress.ZERO)) {
            throw IntentException.invalid(path, "must be a unicast MAC address, got \"" + m + "\"");
        }
        return m;
    }

    private List<UUID> groups(Given<List<UUID>> given, UUID tenant, List<UUID> current, boolean portSecurity) {
        if (!given.present()) {
            if (current != null) {
                return current;
            }
            return portSecurity ? List.of(ctx.defaultGroupOf(tenant)) : List.of();
        }
        List<UUID> asked = CommonValidator.atMost(given.value(), "security_groups", MAX_GROUPS);
        List<UUID> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String path = at("security_groups", i);
            UUID g = asked.get(i);
            ctx.reference(ResourceType.SECURITY_GROUP, g, tenant, path);
            if (out.contains(g)) {
                throw IntentException.invalid(path, "security group " + g + " is listed twice");
            }
            out.add(g);
        }
        return out;
    }

    private static List<Port.AddressPair> pairs(Given<List<PortUpdate.AddressPair>> given, MacAddress portMac,
                                                List<Port.AddressPair> current) {
        if (!given.present()) {
            return current == null ? List.of() : current;
        }
        List<PortUpdate.AddressPair> asked = CommonValidator.atMost(given.value(), "allowed_address_pairs", MAX_PAIRS);
        List<Port.AddressPair> out = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            String path = at("allowed_address_pairs", i);
            PortUpdate.AddressPair a = asked.get(i);
            MacAddress mac = a.macAddress() == null ? portMac : unicast(a.macAddress(), at(path, "mac_address"));
            Port.AddressPair pair = new Port.AddressPair(a.ipAddress(), mac);
            if (out.contains(pair)) {
                throw IntentException.invalid(path, "is listed twice");
            }
            out.add(pair);
        }
        return out;
    }

    private Port.Binding binding(Given<Port.Binding> given, UUID self, Port.Binding current) {
        if (!given.present()) {
            return current;
        }
        Port.Binding binding = given.value();
        if (binding == null) {
            return null;
        }
        if (!binding.hasPort()) {
            return binding; // only the switch: learned at its edge ports, where several ports may be
        }
        if (!binding.port().isPhysical()) {
            throw IntentException.invalid("binding.port", "must be 1.." + PortNumber.MAX_PHYSICAL + ", got "
                    + binding.port().value());
        }
        UUID owner = ctx.index.boundPort(binding);
        if (owner != null && !owner.equals(self)) {
            throw IntentException.conflict("binding", "switch port " + binding.dpid() + "/" + binding.port().value()
                    + " is already bound to port " + owner);
        }
        return binding;
    }
}
