package io.skylane.vpc.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.Ip4Address;
import io.skylane.core.net.MacAddress;
import io.skylane.core.net.PortNumber;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The one JSON form of every resource: what the API answers (snake_case, as in
 * docs/intent-model.md) and what the journal stores. Reading trusts its input (it was written by
 * {@link #toJson}); request validation lives in the intent service. The provider's resources
 * (hypervisors) have no {@code tenant_id}: they belong to no tenant ({@link Meta#PROVIDER}).
 */
public final class ResourceJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ResourceJson() {
    }

    /** The first second of the year 10000: below it (and from 1970) {@link #time} writes the digits itself. */
    private static final long FAST_TIME_END = 253_402_300_800L;

    /**
     * RFC 3339 UTC with milliseconds (truncated), e.g. {@code 2026-11-25T18:49:16.123Z}: what the
     * pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} prints, written digit by digit for the years
     * 1970-9999 (every resource carries two such times, written on every create and every read).
     */
    public static String time(Instant t) {
        long sec = t.getEpochSecond();
        if (sec < 0 || sec >= FAST_TIME_END) {
            return TIME.format(t);
        }
        long day = sec / 86_400;
        int secOfDay = (int) (sec - day * 86_400);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(day);
        byte[] b = new byte[24];
        digits(b, 0, d.getYear(), 4);
        b[4] = '-';
        digits(b, 5, d.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, d.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, secOfDay / 3600, 2);
        b[13] = ':';
        digits(b, 14, secOfDay / 60 % 60, 2);
        b[16] = ':';
        digits(b, 17, secOfDay % 60, 2);
        b[19] = '.';
        digits(b, 20, t.getNano() / 1_000_000, 3);
        b[23] = 'Z';
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    public static String mac(MacAddress m) {
        return m.toString();
    }

    public static ObjectNode toJson(Resource r) {
        ObjectNode o = F.objectNode();
        Meta m = r.meta();
        o.put("id", m.id().toString());
        o.put("name", m.name());
        o.put("description", m.description());
        if (!r.type().providerOwned()) {
            o.put("tenant_id", m.tenantId().toString());
        }
        if (r instanceof Vpc) {
            o.put("segment_id", ((Vpc) r).segmentId());
        } else if (r instanceof Subnet) {
            subnet(o, (Subnet) r);
        } else if (r instanceof Port) {
            port(o, (Port) r);
        } else if (r instanceof SecurityGroupRule) {
            rule(o, (SecurityGroupRule) r);
        } else if (r instanceof ApiToken) {
            o.put("secret_hash", ((ApiToken) r).secretHash());
        } else if (r instanceof Hypervisor h) {
            o.put("datapath_id", h.deviceId().toString());
            o.put("endpoint_ip", h.endpointIp().toString());
        } else if (r instanceof Router rt) {
            ArrayNode subnets = o.putArray("subnet_ids");
            rt.subnetIds().forEach(s -> subnets.add(s.toString()));
        } else {
            LbJson.toJson(o, r);
        }
        ArrayNode tags = o.putArray("tags");
        m.tags().forEach(tags::add);
        ObjectNode ext = o.putObject("external_ids");
        m.externalIds().forEach(ext::put);
        o.put("created_at", time(m.createdAt()));
        o.put("updated_at", time(m.updatedAt()));
        o.put("revision", m.revision());
        return o;
    }

    private static void subnet(ObjectNode o, Subnet s) {
        o.put("vpc_id", s.vpcId().toString());
        o.put("ip_version", s.ipVersion());
        o.put("cidr", s.cidr().toString());
        if (s.gatewayIp() == null) {
            o.putNull("gateway_ip");
        } else {
            o.put("gateway_ip", IpAddresses.format(s.gatewayIp()));
        }
        ArrayNode pools = o.putArray("allocation_pools");
        for (Subnet.AllocationPool p : s.allocationPools()) {
            pools.addObject().put("start", IpAddresses.format(p.start())).put("end", IpAddresses.format(p.end()));
        }
        ArrayNode dns = o.putArray("dns_nameservers");
        s.dnsNameservers().forEach(a -> dns.add(IpAddresses.format(a)));
        o.put("enable_dhcp", s.enableDhcp());
    }

    private static void port(ObjectNode o, Port p) {
        o.put("vpc_id", p.vpcId().toString());
        ArrayNode ips = o.putArray("fixed_ips");
        for (Port.FixedIp ip : p.fixedIps()) {
            ips.addObject().put("subnet_id", ip.subnetId().toString())
                    .put("ip_address", IpAddresses.format(ip.ipAddress()));
        }
        o.put("mac_address", mac(p.macAddress()));
        ArrayNode groups = o.putArray("security_groups");
        p.securityGroups().forEach(g -> groups.add(g.toString()));
        o.put("port_security_enabled", p.portSecurityEnabled());
        ArrayNode pairs = o.putArray("allowed_address_pairs");
        for (Port.AddressPair ap : p.allowedAddressPairs()) {
            IpPrefix pre = ap.ipAddress();
            String ip = pre.length() == IpAddresses.bits(pre.address())
                    ? IpAddresses.format(pre.address()) : pre.toString();
            pairs.addObject().put("ip_address", ip).put("mac_address", mac(ap.macAddress()));
        }
        if (p.binding() == null) {
            o.putNull("binding");
        } else {
            ObjectNode b = o.putObject("binding").put("dpid", p.binding().dpid().toString());
            if (p.binding().hasPort()) {
                b.put("port", p.binding().port().value()); // no port: only the switch (learned at its edge)
            }
        }
        o.put("device_id", p.deviceId());
        o.put("device_owner", p.deviceOwner());
        o.put("admin_state_up", p.adminStateUp());
        o.put("status", p.status().name());
    }

    private static void rule(ObjectNode o, SecurityGroupRule r) {
        o.put("security_group_id", r.securityGroupId().toString());
        o.put("direction", r.direction().json());
        o.put("ethertype", r.ethertype());
        putNullable(o, "protocol", r.protocol());
        if (r.portRangeMin() == null) {
            o.putNull("port_range_min");
        } else {
            o.put("port_range_min", r.portRangeMin());
        }
        if (r.portRangeMax() == null) {
            o.putNull("port_range_max");
        } else {
            o.put("port_range_max", r.portRangeMax());
        }
        putNullable(o, "remote_ip_prefix", r.remoteIpPrefix() == null ? null : r.remoteIpPrefix().toString());
        putNullable(o, "remote_group_id", r.remoteGroupId() == null ? null : r.remoteGroupId().toString());
    }

    static void putNullable(ObjectNode o, String k, String v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    /** Reads what {@link #toJson} wrote. */
    public static Resource fromJson(ResourceType type, JsonNode o) {
        if (type == ResourceType.HYPERVISOR) {
            return new Hypervisor(meta(o, Meta.PROVIDER), DeviceId.parse(o.get("datapath_id").textValue()).dpid(),
                    Ip4Address.parse(o.get("endpoint_ip").textValue()));
        }
        Meta m = meta(o);
        switch (type) {
            case TENANT:
                return new Tenant(m);
            case VPC:
                return new Vpc(m, o.get("segment_id").intValue());
            case SUBNET:
                return subnet(m, o);
            case PORT:
                return port(m, o);
            case SECURITY_GROUP:
                return new SecurityGroup(m);
            case SECURITY_GROUP_RULE:
                return rule(m, o);
            case TOKEN:
                return new ApiToken(m, o.get("secret_hash").textValue());
            case ROUTER: {
                List<UUID> subnets = new ArrayList<>();
                o.get("subnet_ids").forEach(s -> subnets.add(UUID.fromString(s.textValue())));
                return new Router(m, subnets);
            }
            default:
                return LbJson.fromJson(type, m, o);
        }
    }

    public static Meta meta(JsonNode o) {
        return meta(o, uuid(o, "tenant_id"));
    }

    /** The common fields of a resource whose JSON has no {@code tenant_id} (owned by {@code owner}). */
    private static Meta meta(JsonNode o, UUID owner) {
        List<String> tags = new ArrayList<>();
        o.get("tags").forEach(t -> tags.add(t.textValue()));
        Map<String, String> ext = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.get("external_ids").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ext.put(e.getKey(), e.getValue().textValue());
        }
        return new Meta(uuid(o, "id"), o.get("name").textValue(), o.get("description").textValue(),
                owner, Instant.parse(o.get("created_at").textValue()),
                Instant.parse(o.get("updated_at").textValue()), o.get("revision").longValue(), tags,
                new TreeMap<>(ext));
    }

    static UUID uuid(JsonNode o, String k) {
        JsonNode v = o.get(k);
        return v == null || v.isNull() ? null : UUID.fromString(v.textValue());
    }

    static InetAddress ip(JsonNode v) {
        return v == null || v.isNull() ? null : IpAddresses.parse(v.textValue());
    }

    private static Subnet subnet(Meta m, JsonNode o) {
        List<Subnet.AllocationPool> pools = new ArrayList<>();
        o.get("allocation_pools").forEach(p -> pools.add(new Subnet.AllocationPool(ip(p.get("start")), ip(p.get("end")))));
        List<InetAddress> dns = new ArrayList<>();
        o.get("dns_nameservers").forEach(d -> dns.add(ip(d)));
        return new Subnet(m, uuid(o, "vpc_id"), o.get("ip_version").intValue(), IpPrefix.parse(o.get("cidr").textValue()),
                ip(o.get("gateway_ip")), pools, dns, o.get("enable_dhcp").booleanValue());
    }

    private static Port port(Meta m, JsonNode o) {
        List<Port.FixedIp> ips = new ArrayList<>();
        o.get("fixed_ips").forEach(f -> ips.add(new Port.FixedIp(uuid(f, "subnet_id"), ip(f.get("ip_address")))));
        List<UUID> groups = new ArrayList<>();
        o.get("security_groups").forEach(g -> groups.add(UUID.fromString(g.textValue())));
        List<Port.AddressPair> pairs = new ArrayList<>();
        for (JsonNode p : o.get("allowed_address_pairs")) {
            String ip = p.get("ip_address").textValue();
            IpPrefix pre = ip.indexOf('/') >= 0 ? IpPrefix.parse(ip) : IpPrefix.host(IpAddresses.parse(ip));
            pairs.add(new Port.AddressPair(pre, MacAddress.parse(p.get("mac_address").textValue())));
        }
        JsonNode b = o.get("binding");
        JsonNode bp = b == null ? null : b.get("port");
        Port.Binding binding = b == null || b.isNull() ? null
                : new Port.Binding(DeviceId.parse(b.get("dpid").textValue()),
                        bp == null || bp.isNull() ? null : PortNumber.of(bp.longValue()));
        return new Port(m, uuid(o, "vpc_id"), ips, MacAddress.parse(o.get("mac_address").textValue()), groups,
                o.get("port_security_enabled").booleanValue(), pairs, binding, o.get("device_id").textValue(),
                o.get("device_owner").textValue(), o.get("admin_state_up").booleanValue(),
                Port.Status.valueOf(o.get("status").textValue()));
    }

    private static SecurityGroupRule rule(Meta m, JsonNode o) {
        JsonNode min = o.get("port_range_min");
        JsonNode max = o.get("port_range_max");
        JsonNode pre = o.get("remote_ip_prefix");
        JsonNode proto = o.get("protocol");
        return new SecurityGroupRule(m, uuid(o, "security_group_id"),
                SecurityGroupRule.Direction.valueOf(o.get("direction").textValue().toUpperCase(java.util.Locale.ROOT)),
                o.get("ethertype").textValue(), proto == null || proto.isNull() ? null : proto.textValue(),
                min == null || min.isNull() ? null : min.intValue(), max == null || max.isNull() ? null : max.intValue(),
                pre == null || pre.isNull() ? null : IpPrefix.parse(pre.textValue()), uuid(o, "remote_group_id"));
    }
}
