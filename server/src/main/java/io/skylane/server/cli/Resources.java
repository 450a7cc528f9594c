package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The specs of the tenant resources, routers included, and of the provider's hypervisors (fields as in docs/intent-model.md). */
final class Resources {

    private Resources() {
    }

    static final ResourceSpec TENANT = new ResourceSpec("tenant", "tenants", "tenant", "tenants",
            "Tenants (admin only). Creating one prints its first token's secret, once.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("DESCRIPTION", "description")),
            common(false), Map.of(), true);

    static final ResourceSpec VPC = new ResourceSpec("vpc", "vpcs", "vpc", "vpcs", "Virtual private clouds.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("SEGMENT", "segment_id"),
                    Column.of("TENANT", "tenant_id")),
            common(true), shortcuts("--tenant", "tenant_id"), true);

    static final ResourceSpec SUBNET = new ResourceSpec("subnet", "subnets", "subnet", "subnets",
            "Subnets of a VPC.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("VPC", "vpc_id"),
                    Column.of("CIDR", "cidr"), Column.of("GATEWAY", "gateway_ip"), Column.of("DHCP", "enable_dhcp")),
            with(common(true),
                    FieldOption.text("--vpc", "vpc_id", "VPC_ID", "The subnet's VPC.").requiredOnCreate(),
                    FieldOption.text("--cidr", "cidr", "CIDR", "Its prefix, e.g. 10.0.0.0/24.").requiredOnCreate(),
                    FieldOption.text("--gateway", "gateway_ip", "IP",
                            "Gateway address (default: the first host address)."),
                    FieldOption.constant("--no-gateway", "gateway_ip", NullNode.instance, "No gateway."),
                    FieldOption.objects("--pool", "allocation_pools", "START-END",
                            "An allocation pool (repeatable; default: the whole CIDR but the gateway).", Resources::pool),
                    FieldOption.strings("--dns", "dns_nameservers", "IP",
                            "DNS name servers (comma-separated, repeatable; an empty value clears them)."),
                    FieldOption.constant("--dhcp", "enable_dhcp", BooleanNode.TRUE, "Enable DHCP (the default)."),
                    FieldOption.constant("--no-dhcp", "enable_dhcp", BooleanNode.FALSE, "Disable DHCP.")),
            shortcuts("--vpc", "vpc_id", "--tenant", "tenant_id"), true);

    static final ResourceSpec PORT = new ResourceSpec("port", "ports", "port", "ports", "Ports of a VPC.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("VPC", "vpc_id"),
                    Column.of("MAC", "mac_address"), Column.of("FIXED IPS", o -> Values.each(o, "fixed_ips", "ip_address")),
                    Column.of("STATUS", "status")),
            with(common(true),
                    FieldOption.text("--vpc", "vpc_id", "VPC_ID", "The port's VPC.").requiredOnCreate(),
                    FieldOption.objects("--ip", "fixed_ips", "subnet_id=ID,ip_address=IP",
                            "A fixed IP (repeatable); a bare IP or subnet id works too (default: one address "
                                    + "from the VPC's first IPv4 subnet).",
                            s -> FieldOption.pairs("--ip", s, v -> v.contains(".") || v.contains(":")
                                    ? "ip_address" : "subnet_id")),
                    FieldOption.constant("--no-ip", "fixed_ips", FieldOption.F.arrayNode(), "No fixed IP."),
                    FieldOption.text("--mac", "mac_address", "MAC", "MAC address (default: allocated)."),
                    FieldOption.strings("--security-group", "security_groups", "GROUP_ID",
                            "Security groups (comma-separated, repeatable; default: the tenant's default group)."),
                    FieldOption.constant("--no-security-group", "security_groups", FieldOption.F.arrayNode(),
                            "No security group (needed with --no-port-security)."),
                    FieldOption.constant("--port-security", "port_security_enabled", BooleanNode.TRUE,
                            "Enable port security (the default)."),
                    FieldOption.constant("--no-port-security", "port_security_enabled", BooleanNode.FALSE,
                            "Disable port security."),
                    FieldOption.custom("--binding", "DPID[:PORT]",
                            "The switch port it attaches to, e.g. 00000000000000d1:1, or only the switch (learned by"
                                    + " MAC at its edge ports), e.g. 00000000000000d1 (default: learned by MAC anywhere).",
                            (body, v) -> body.set("binding", binding((String) v))),
                    FieldOption.constant("--no-binding", "binding", NullNode.instance, "Unbind it."),
                    FieldOption.objects("--allowed-address-pair", "allowed_address_pairs",
                            "ip_address=IP[/LEN][,mac_address=MAC]",
                            "Another address the port may send from (repeatable); a bare IP works too.",
                            s -> FieldOption.pairs("--allowed-address-pair", s, v -> "ip_address")),
                    FieldOption.constant("--no-allowed-address-pairs", "allowed_address_pairs",
                            FieldOption.F.arrayNode(), "No allowed address pair."),
                    FieldOption.text("--device-id", "device_id", "TEXT", "The orchestrator's device id."),
                    FieldOption.text("--device-owner", "device_owner", "TEXT", "The orchestrator's device owner."),
                    FieldOption.constant("--up", "admin_state_up", BooleanNode.TRUE, "Administratively up (the default)."),
                    FieldOption.constant("--down", "admin_state_up", BooleanNode.FALSE, "Administratively down.")),
            shortcuts("--vpc", "vpc_id", "--tenant", "tenant_id"), true);

    static final ResourceSpec SECURITY_GROUP = new ResourceSpec("security-group", "security-groups",
            "security_group", "security_groups",
            "Security groups (new ones allow all egress); their rules: security-group rule.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("RULES", o -> Integer.toString(o.path("rules").size())),
                    Column.of("TENANT", "tenant_id")),
            common(true), shortcuts("--tenant", "tenant_id"), true, Map.of("rules", Resources::rules));

    static final ResourceSpec RULE = new ResourceSpec("rule", "security-group-rules", "security_group_rule",
            "security_group_rules", "Rules of security groups (created and deleted, never changed).",
            List.of(Column.of("ID", "id"), Column.of("GROUP", "security_group_id"), Column.of("DIRECTION", "direction"),
                    Column.of("ETHERTYPE", "ethertype"), Column.of("PROTOCOL", "protocol"),
                    Column.of("PORTS", Resources::ports), Column.of("REMOTE", Resources::remote)),
            with(common(true),
                    FieldOption.text("--group", "security_group_id", "GROUP_ID", "The rule's security group.").requiredOnCreate(),
                    FieldOption.text("--direction", "direction", "DIR", "ingress or egress.").requiredOnCreate(),
                    FieldOption.text("--ethertype", "ethertype", "TYPE", "IPv4 (the default) or IPv6.").onlyOnCreate(),
                    FieldOption.text("--protocol", "protocol", "PROTO",
                            "tcp, udp, icmp, icmpv6 or a number 0..255 (default: any).").onlyOnCreate(),
                    FieldOption.custom("--port", "PORT[-PORT]", "tcp/udp destination port or range.",
                            Resources::portRange).onlyOnCreate(),
                    FieldOption.custom("--icmp-type", "TYPE", "ICMP type (port_range_min).",
                            (body, v) -> body.put("port_range_min", FieldOption.number("--icmp-type", (String) v)))
                            .onlyOnCreate(),
                    FieldOption.custom("--icmp-code", "CODE", "ICMP code (port_range_max).",
                            (body, v) -> body.put("port_range_max", FieldOption.number("--icmp-code", (String) v)))
                            .onlyOnCreate(),
                    FieldOption.text("--remote-ip-prefix", "remote_ip_prefix", "PREFIX",
                            "Peers in this prefix, e.g. 0.0.0.0/0.").onlyOnCreate(),
                    FieldOption.text("--remote-group", "remote_group_id", "GROUP_ID",
                            "Peers that are members of this group.").onlyOnCreate()),
            shortcuts("--group", "security_group_id", "--tenant", "tenant_id"), false);

    static final ResourceSpec ROUTER = new ResourceSpec("router", "routers", "router", "routers",
            "Routers: they join subnets, of one VPC or several.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("SUBNETS", "subnet_ids"),
                    Column.of("TENANT", "tenant_id")),
            with(common(true),
                    FieldOption.strings("--subnet", "subnet_ids", "SUBNET_ID",
                            "A subnet the router has an interface on (comma-separated, repeatable; on update, "
                                    + "replaces them all; an empty value detaches them all)."),
                    FieldOption.constant("--no-subnets", "subnet_ids", FieldOption.F.arrayNode(),
                            "No interface (detach every subnet).")),
            shortcuts("--subnet", "subnet_id", "--tenant", "tenant_id"), true);

    static final ResourceSpec HYPERVISOR = new ResourceSpec("hypervisor", "hypervisors", "hypervisor", "hypervisors",
            "Hypervisors (admin only): the Open vSwitch bridges of the overlay and their tunnel endpoints.",
            List.of(Column.of("ID", "id"), Column.of("NAME", "name"), Column.of("DATAPATH ID", "datapath_id"),
                    Column.of("ENDPOINT", "endpoint_ip")),
            with(common(false),
                    FieldOption.text("--datapath-id", "datapath_id", "DPID",
                            "The integration bridge's OpenFlow datapath id, e.g. 00000000000000d1 (fewer hex digits "
                                    + "are zero-padded); unique; never changes.").requiredOnCreate(),
                    FieldOption.text("--endpoint-ip", "endpoint_ip", "IP",
                            "Its tunnel endpoint on the underlay, a unicast IPv4 address; unique; changing it moves "
                                    + "the tunnels.").requiredToCreate()),
            shortcuts("--datapath-id", "datapath_id", "--endpoint-ip", "endpoint_ip"), true);

    /** {@code --name}, {@code --description}, {@code --tags}, {@code --external-id}, and {@code --tenant} for the admin. */
    static List<FieldOption> common(boolean owned) {
        List<FieldOption> out = new ArrayList<>();
        out.add(FieldOption.text("--name", "name", "NAME", "Name."));
        out.add(FieldOption.text("--description", "description", "TEXT", "Description."));
        out.add(FieldOption.strings("--tags", "tags", "TAG", "Tags (comma-separated, repeatable; on update, replace them all; an empty value clears them)."));
        out.add(FieldOption.map("--external-id", "external_ids", "KEY=VALUE",
                "An external id (repeatable; on update, replaces them all)."));
        if (owned) {
            out.add(FieldOption.text("--tenant", "tenant_id", "TENANT_ID",
                    "The owner (the admin must give it; a tenant token acts for its own tenant).").onlyOnCreate());
        }
        return out;
    }

    static List<FieldOption> with(List<FieldOption> common, FieldOption... more) {
        List<FieldOption> out = new ArrayList<>(List.of(more));
        out.addAll(common);
        return out;
    }

    static Map<String, String> shortcuts(String... optionAndField) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < optionAndField.length; i += 2) {
            m.put(optionAndField[i], optionAndField[i + 1]);
        }
        return m;
    }

    /** {@code 10.0.0.10-10.0.0.20} as {@code {"start", "end"}}. */
    static ObjectNode pool(String s) {
        int dash = s.indexOf('-');
        if (dash < 1 || dash == s.length() - 1) {
            throw new IllegalArgumentException("--pool takes START-END, got \"" + s + "\"");
        }
        return FieldOption.F.objectNode().put("start", s.substring(0, dash).trim()).put("end", s.substring(dash + 1).trim());
    }

    /**
     * {@code d1:1} as {@code {"dpid": "00000000000000d1", "port": 1}}, {@code d1} (no colon) as
     * {@code {"dpid": "00000000000000d1"}} (the switch only); short hex dpids are padded.
     */
    static ObjectNode binding(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return FieldOption.F.objectNode().put("dpid", paddedDpid(s));
        }
        if (colon < 1) {
            throw new IllegalArgumentException("--binding takes DPID:PORT or DPID, got \"" + s + "\"");
        }
        return FieldOption.F.objectNode().put("dpid", paddedDpid(s.substring(0, colon)))
                .put("port", FieldOption.number("--binding", s.substring(colon + 1)));
    }

    private static String paddedDpid(String s) {
        String dpid = s.trim().toLowerCase(Locale.ROOT);
        return dpid.matches("[0-9a-f]{1,16}") ? "0".repeat(16 - dpid.length()) + dpid : dpid;
    }

    /** {@code 22} or {@code 22-23} as {@code port_range_min} and {@code port_range_max}. */
    private static void portRange(ObjectNode body, Object value) {
        String s = (String) value;
        int dash = s.indexOf('-', 1);
        String min = dash < 0 ? s : s.substring(0, dash);
        String max = dash < 0 ? s : s.substring(dash + 1);
        body.put("port_range_min", FieldOption.number("--port", min));
        body.put("port_range_max", FieldOption.number("--port", max));
    }

    /** A group's rules, one aligned line each: {@code <id>  ingress  IPv4  tcp  22-23  0.0.0.0/0}. */
    private static String rules(JsonNode rules) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : rules) {
            rows.add(List.of(r.path("id").asText(), r.path("direction").asText(), r.path("ethertype").asText(),
                    Values.field(r, "protocol"), ports(r), remote(r)));
        }
        return Table.render(null, rows).stripTrailing();
    }

    private static String ports(JsonNode r) {
        String min = Values.field(r, "port_range_min");
        String max = Values.field(r, "port_range_max");
        return min.equals(max) ? min : min + "-" + max;
    }

    private static String remote(JsonNode r) {
        if (!r.path("remote_group_id").isNull() && r.has("remote_group_id")) {
            return "group " + r.get("remote_group_id").asText();
        }
        return Values.field(r, "remote_ip_prefix");
    }
}
