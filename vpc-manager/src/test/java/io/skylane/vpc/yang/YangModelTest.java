package io.skylane.vpc.yang;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonIOException;
import io.skylane.vpc.model.YangModules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;

class YangModelTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final YangModel MODEL = YangModel.get();

    /** Top-level lists per module, as docs/intent-model.md ("YANG modules") names them. */
    private static final Map<String, Set<String>> TOP_LEVEL_LISTS = Map.of(
            "skylane-types", Set.of(),
            "skylane-tenant", Set.of("tenant"),
            "skylane-vpc", Set.of("vpc", "subnet", "port"),
            "skylane-security-group", Set.of("security-group", "security-group-rule"),
            "skylane-load-balancer", Set.of("load-balancer", "listener", "pool", "member", "health-monitor"),
            "skylane-hypervisor", Set.of("hypervisor"),
            "skylane-router", Set.of("router"));

    @Test
    void everyModuleParsesWithItsImportsAndHasItsTopLevelLists() {
        for (String name : YangModules.names()) {
            List<String> sources = name.equals("skylane-types") ? List.of(name) : List.of("skylane-types", name);
            EffectiveModelContext context = YangModel.parse(sources);
            org.opendaylight.yangtools.yang.model.api.Module module = context.findModules(name).iterator().next();
            Set<String> lists = new TreeSet<>();
            for (DataSchemaNode node : module.getChildNodes()) {
                assertTrue(node instanceof ListSchemaNode, name + ": top-level node is not a list: " + node);
                assertEquals(List.of("id"), ((ListSchemaNode) node).getKeyDefinition().stream()
                        .map(QName::getLocalName).collect(Collectors.toList()), node.toString());
                lists.add(node.getQName().getLocalName());
            }
            assertEquals(new TreeSet<>(TOP_LEVEL_LISTS.get(name)), lists, name);
        }
        assertEquals(TOP_LEVEL_LISTS.keySet(), Set.copyOf(YangModules.names()));
    }

    static Stream<Arguments> validSamples() {
        return Stream.of(
                Arguments.of("skylane-tenant", "tenant", "tenant"),
                Arguments.of("skylane-vpc", "vpc", "vpc"),
                Arguments.of("skylane-vpc", "subnet", "subnet"),
                Arguments.of("skylane-vpc", "subnet", "subnet-v6"),
                Arguments.of("skylane-vpc", "port", "port"),
                Arguments.of("skylane-vpc", "port", "port-unbound"),
                Arguments.of("skylane-vpc", "port", "port-on-switch"),
                Arguments.of("skylane-security-group", "security-group", "security-group"),
                Arguments.of("skylane-security-group", "security-group-rule", "security-group-rule"),
                Arguments.of("skylane-load-balancer", "load-balancer", "load-balancer"),
                Arguments.of("skylane-load-balancer", "listener", "listener"),
                Arguments.of("skylane-load-balancer", "listener", "listener-open"),
                Arguments.of("skylane-load-balancer", "pool", "pool"),
                Arguments.of("skylane-load-balancer", "pool", "pool-unattached"),
                Arguments.of("skylane-load-balancer", "member", "member"),
                Arguments.of("skylane-load-balancer", "health-monitor", "health-monitor"),
                Arguments.of("skylane-hypervisor", "hypervisor", "hypervisor"),
                Arguments.of("skylane-router", "router", "router"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("validSamples")
    void resourcesAsTheApiReturnsThemConform(String module, String list, String sample) {
        MODEL.validate(module, list, sample(sample));
    }

    @Test
    void rendersApiJsonAsRfc7951() {
        JsonNode rendered = MODEL.toRfc7951("skylane-vpc", "port", sample("port-unbound"));
        JsonNode port = rendered.get("skylane-vpc:port").get(0);
        assertEquals(1, rendered.size());
        assertEquals("3", port.get("revision").textValue(), "uint64 as a JSON string");
        assertEquals(MAPPER.createArrayNode()
                        .add(MAPPER.createObjectNode().put("key", "k8s-uid").put("value", "4f1c"))
                        .add(MAPPER.createObjectNode().put("key", "owner").put("value", "")),
                port.get("external_ids"));
        assertFalse(port.has("binding"), "null is absent");
        assertFalse(port.has("fixed_ips"), "an empty list is absent");
        assertFalse(port.has("security_groups"), "an empty leaf-list is absent");
        assertTrue(port.get("admin_state_up").isBoolean());
        JsonNode binding = MODEL.toRfc7951("skylane-vpc", "port", sample("port")).get("skylane-vpc:port").get(0)
                .get("binding");
        assertEquals(1, binding.get("port").intValue(), "uint32 stays a JSON number");
        JsonNode onSwitch = MODEL.toRfc7951("skylane-vpc", "port", sample("port-on-switch")).get("skylane-vpc:port")
                .get(0).get("binding");
        assertEquals("00000000000000d1", onSwitch.get("dpid").textValue());
        assertFalse(onSwitch.has("port"), "a binding to a switch only has no port");
    }

    @Test
    void parserFailuresKeepEveryMessageOfTheirCauses() {
        RuntimeException wrapped = new JsonIOException(new IOException(
                "List entry port is missing leaf values for [id]",
                new IllegalArgumentException("Input is empty while expecting 1 item")));
        assertEquals("List entry port is missing leaf values for [id]: Input is empty while expecting 1 item",
                YangModel.describe(wrapped));
    }

    @Test
    void unknownModuleOrListIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> MODEL.validate("skylane-nope", "vpc", sample("vpc")));
        assertThrows(IllegalArgumentException.class, () -> MODEL.validate("skylane-vpc", "vpcs", sample("vpc")));
    }

    /**
     * Each case changes one field of a valid sample (see {@link #resourcesAsTheApiReturnsThemConform}) and
     * names a fragment the failure message must contain.
     */
    static Stream<Arguments> invalidResources() {
        String longName = "n".repeat(256);
        ArrayNode tooManyTags = MAPPER.createArrayNode();
        for (int i = 0; i < 65; i++) {
            tooManyTags.add("t" + i);
        }
        ObjectNode longKey = MAPPER.createObjectNode().put("k".repeat(256), "v");
        ArrayNode tooManyCidrs = MAPPER.createArrayNode();
        for (int i = 0; i < 65; i++) {
            tooManyCidrs.add("10.0." + i + ".0/24");
        }
        return Stream.of(
                // identifiers and timestamps
                invalid("bad uuid", "tenant", "id", text("not-a-uuid"), "not-a-uuid"),
                invalid("upper-case uuid", "vpc", "tenant_id", text("8D3C6A2E-1F4B-4C7A-9E2D-5B6F7A8C9D01"),
                        "8D3C6A2E"),
                invalid("missing id", "tenant", "id", null, "missing list key id"),
                invalid("missing tenant_id", "vpc", "tenant_id", null, "missing mandatory tenant_id"),
                invalid("missing created_at", "port", "created_at", null, "missing mandatory created_at"),
                invalid("timestamp not in UTC", "vpc", "created_at", text("2026-11-25T19:49:16+01:00"), "+01:00"),
                invalid("timestamp without zone", "vpc", "updated_at", text("2026-11-25T18:49:16"), "18:49:16"),
                invalid("month 13", "vpc", "updated_at", text("2026-13-25T18:49:16Z"), "2026-13-25"),
                invalid("revision 0", "vpc", "revision", num(0), "0"),
                invalid("revision as a string", "vpc", "revision", text("3"), "revision"),
                // names, tags, external ids
                invalid("too long name", "tenant", "name", text(longName), longName),
                invalid("too long description", "tenant", "description", text("d".repeat(1025)), "1024"),
                invalid("name as a number", "tenant", "name", num(5), "name"),
                invalid("65 tags", "tenant", "tags", tooManyTags, "max-elements 64"),
                invalid("duplicate tag", "tenant", "tags", MAPPER.createArrayNode().add("a").add("a"), "duplicate"),
                invalid("empty tag", "tenant", "tags", MAPPER.createArrayNode().add(""), "1..255"),
                invalid("too long external id key", "tenant", "external_ids", longKey, "1..255"),
                invalid("external_ids value not a string", "tenant", "external_ids",
                        MAPPER.createObjectNode().put("a", 1), "external_ids"),
                invalid("unknown field", "vpc", "color", text("red"), "vpc/color: not in the model"),
                // vpc
                invalid("segment_id 0", "vpc", "segment_id", num(0), "0"),
                invalid("segment_id above 24 bits", "vpc", "segment_id", num(16777216), "16777216"),
                invalid("segment_id as a string", "vpc", "segment_id", text("1001"), "segment_id"),
                invalid("segment_id fractional", "vpc", "segment_id", MAPPER.getNodeFactory().numberNode(1.5),
                        "1.5"),
                // subnet
                invalid("bad CIDR length", "subnet", "cidr", text("10.0.1.0/33"), "10.0.1.0/33"),
                invalid("bad CIDR address", "subnet", "cidr", text("10.0.300.0/24"), "10.0.300.0/24"),
                invalid("CIDR without length", "subnet", "cidr", text("10.0.1.0"), "10.0.1.0"),
                invalid("IPv6 prefix length 129", "subnet", "cidr", text("2001:db8::/129"), "2001:db8::/129"),
                invalid("ip_version 5", "subnet", "ip_version", num(5), "5"),
                invalid("bad gateway", "subnet", "gateway_ip", text("10.0.1"), "10.0.1"),
                invalid("six name servers", "subnet", "dns_nameservers", MAPPER.createArrayNode()
                        .add("10.0.0.1").add("10.0.0.2").add("10.0.0.3").add("10.0.0.4").add("10.0.0.5")
                        .add("10.0.0.6"), "max-elements 5"),
                invalid("enable_dhcp as a string", "subnet", "enable_dhcp", text("true"), "enable_dhcp"),
                invalid("pool without end", "subnet", "allocation_pools/0/end", null, "missing mandatory end"),
                invalid("pools as an object", "subnet", "allocation_pools",
                        MAPPER.createObjectNode().put("start", "10.0.1.2").put("end", "10.0.1.9"), "JSON array"),
                // port
                invalid("bad MAC", "port", "mac_address", text("fa:16:3e:12:34"), "fa:16:3e:12:34"),
                invalid("upper-case MAC", "port", "mac_address", text("FA:16:3E:12:34:56"), "FA:16:3E:12:34:56"),
                invalid("missing MAC", "port", "mac_address", null, "missing mandatory mac_address"),
                invalid("bad status", "port", "status", text("down"), "down"),
                invalid("upper-case dpid", "port", "binding/dpid", text("00000000000000D1"), "00000000000000D1"),
                invalid("short dpid", "port", "binding/dpid", text("d1"), "d1"),
                invalid("binding without dpid", "port", "binding/dpid", null, "missing mandatory dpid"),
                invalid("switch port 0", "port", "binding/port", num(0), "0"),
                invalid("duplicate fixed IP", "port", "fixed_ips", MAPPER.createArrayNode()
                        .add(MAPPER.createObjectNode().put("subnet_id", "5e1a9c3b-7d2f-4a6e-b8c0-d1e2f3a4b5c6")
                                .put("ip_address", "10.0.1.5"))
                        .add(MAPPER.createObjectNode().put("subnet_id", "5e1a9c3b-7d2f-4a6e-b8c0-d1e2f3a4b5c6")
                                .put("ip_address", "10.0.1.5")), "duplicate list key"),
                invalid("fixed IP without subnet", "port", "fixed_ips/0/subnet_id", null,
                        "missing mandatory subnet_id"),
                invalid("vpc_id as an array", "port", "vpc_id",
                        MAPPER.createArrayNode().add("0b7e2f7c-3a1d-4e5f-8a9b-c0d1e2f3a4b5"), "single JSON value"),
                invalid("bad security group id", "port", "security_groups", MAPPER.createArrayNode().add("default"),
                        "default"),
                // security groups
                invalid("bad direction", "security-group-rule", "direction", text("up"), "up"),
                invalid("missing direction", "security-group-rule", "direction", null, "missing mandatory direction"),
                invalid("lower-case ethertype", "security-group-rule", "ethertype", text("ipv4"), "ipv4"),
                invalid("port 70000", "security-group-rule", "port_range_max", num(70000), "70000"),
                invalid("negative port", "security-group-rule", "port_range_min", num(-1), "-1"),
                invalid("protocol 256", "security-group-rule", "protocol", text("256"), "256"),
                invalid("protocol as a number", "security-group-rule", "protocol", num(6), "protocol"),
                invalid("unknown protocol", "security-group-rule", "protocol", text("sctp"), "sctp"),
                invalid("remote prefix and group", "security-group-rule", "remote_group_id",
                        text("c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f"),
                        "remote_ip_prefix and remote_group_id cannot be together"),
                invalid("bad rule in a group", "security-group", "rules/1/direction", text("both"), "both"),
                // load balancers
                invalid("bad provisioning status", "load-balancer", "provisioning_status", text("DONE"), "DONE"),
                invalid("bad operating status", "load-balancer", "operating_status", text("UP"), "UP"),
                invalid("missing operating status", "member", "operating_status", null,
                        "missing mandatory operating_status"),
                invalid("admin_state_up as a string", "pool", "admin_state_up", text("true"), "admin_state_up"),
                invalid("missing VIP subnet", "load-balancer", "vip_subnet_id", null,
                        "missing mandatory vip_subnet_id"),
                invalid("missing VPC", "load-balancer", "vpc_id", null, "missing mandatory vpc_id"),
                invalid("bad VIP", "load-balancer", "vip_address", text("10.0.1.10/32"), "10.0.1.10/32"),
                invalid("VIP port (gone)", "load-balancer", "vip_port_id",
                        text("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"), "load-balancer/vip_port_id: not in the model"),
                invalid("HTTP listener", "listener", "protocol", text("HTTP"), "HTTP"),
                invalid("lower-case protocol", "listener", "protocol", text("tcp"), "tcp"),
                invalid("listener port 0", "listener", "protocol_port", num(0), "0"),
                invalid("listener port 70000", "listener", "protocol_port", num(70000), "70000"),
                invalid("bad default pool", "listener", "default_pool_id", text("web-pool"), "web-pool"),
                invalid("connection limit (gone)", "listener", "connection_limit", num(-1),
                        "listener/connection_limit: not in the model"),
                invalid("allowed CIDR that is an address", "listener", "allowed_cidrs",
                        MAPPER.createArrayNode().add("10.0.0.5"), "10.0.0.5"),
                invalid("allowed CIDR length 33", "listener", "allowed_cidrs",
                        MAPPER.createArrayNode().add("10.0.0.0/33"), "10.0.0.0/33"),
                invalid("duplicate allowed CIDR", "listener", "allowed_cidrs",
                        MAPPER.createArrayNode().add("10.0.0.0/16").add("10.0.0.0/16"), "duplicate"),
                invalid("65 allowed CIDRs", "listener", "allowed_cidrs", tooManyCidrs, "max-elements 64"),
                invalid("allowed CIDRs as a string", "listener", "allowed_cidrs", text("10.0.0.0/16"), "JSON array"),
                invalid("bad algorithm", "pool", "lb_algorithm", text("RANDOM"), "RANDOM"),
                invalid("round robin (not offered)", "pool", "lb_algorithm", text("ROUND_ROBIN"), "ROUND_ROBIN"),
                invalid("least connections (not offered)", "pool", "lb_algorithm", text("LEAST_CONNECTIONS"),
                        "LEAST_CONNECTIONS"),
                invalid("missing algorithm", "pool", "lb_algorithm", null, "missing mandatory lb_algorithm"),
                invalid("UDP pool protocol as a number", "pool", "protocol", num(17), "protocol"),
                invalid("cookie persistence", "pool", "session_persistence/type", text("HTTP_COOKIE"), "HTTP_COOKIE"),
                invalid("persistence without type", "pool", "session_persistence/type", null,
                        "missing mandatory type"),
                invalid("persistence timeout (gone)", "pool", "session_persistence/persistence_timeout", num(600),
                        "session_persistence/persistence_timeout: not in the model"),
                invalid("persistence as a string", "pool", "session_persistence", text("SOURCE_IP"),
                        "a container is a JSON object"),
                invalid("weight 257", "member", "weight", num(257), "257"),
                invalid("negative weight", "member", "weight", num(-1), "-1"),
                invalid("backup as a string", "member", "backup", text("false"), "backup"),
                invalid("missing member subnet", "member", "subnet_id", null, "missing mandatory subnet_id"),
                invalid("bad member address", "member", "address", text("10.0.1.256"), "10.0.1.256"),
                invalid("member port 0", "member", "protocol_port", num(0), "0"),
                invalid("11 retries", "health-monitor", "max_retries", num(11), "11"),
                invalid("0 retries down", "health-monitor", "max_retries_down", num(0), "0"),
                invalid("delay 0", "health-monitor", "delay", num(0), "0"),
                invalid("timeout above a day", "health-monitor", "timeout", num(86401), "86401"),
                invalid("HTTP monitor", "health-monitor", "type", text("HTTP"), "HTTP"),
                invalid("monitor type as the Java name", "health-monitor", "type", text("UDP_CONNECT"),
                        "UDP_CONNECT"),
                // hypervisors
                invalid("hypervisor with a tenant", "hypervisor", "tenant_id",
                        text("8d3c6a2e-1f4b-4c7a-9e2d-5b6f7a8c9d01"), "hypervisor/tenant_id: not in the model"),
                invalid("missing datapath id", "hypervisor", "datapath_id", null, "missing mandatory datapath_id"),
                invalid("short datapath id", "hypervisor", "datapath_id", text("d1"), "d1"),
                invalid("datapath id with colons", "hypervisor", "datapath_id", text("00:00:00:00:00:00:00:d1"),
                        "00:00:00:00:00:00:00:d1"),
                invalid("datapath id as a number", "hypervisor", "datapath_id", num(209), "datapath_id"),
                invalid("missing endpoint", "hypervisor", "endpoint_ip", null, "missing mandatory endpoint_ip"),
                invalid("IPv6 endpoint", "hypervisor", "endpoint_ip", text("2001:db8::1"), "2001:db8::1"),
                invalid("endpoint with a length", "hypervisor", "endpoint_ip", text("172.31.199.1/24"),
                        "172.31.199.1/24"),
                invalid("missing revision", "hypervisor", "revision", null, "missing mandatory revision"),
                // routers
                invalid("router without tenant", "router", "tenant_id", null, "missing mandatory tenant_id"),
                invalid("bad subnet id", "router", "subnet_ids", MAPPER.createArrayNode().add("web"), "web"),
                invalid("duplicate subnet id", "router", "subnet_ids", MAPPER.createArrayNode()
                        .add("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d").add("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                        "duplicate"),
                invalid("subnet ids as a string", "router", "subnet_ids", text("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                        "JSON array"),
                invalid("external gateway (not modelled)", "router", "external_gateway_info",
                        MAPPER.createObjectNode(), "router/external_gateway_info: not in the model"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidResources")
    void nonConformingResourcesAreRejected(String why, String sample, String path, JsonNode value, String inMessage) {
        ObjectNode resource = sample(sample);
        set(resource, path, value);
        String module = moduleOf(sample);
        AssertionError error = assertThrows(AssertionError.class, () -> MODEL.validate(module, sample, resource),
                why + " passed: " + resource);
        String reason = error.getMessage().split("\n")[0];
        assertTrue(reason.contains(inMessage), why + ": the message does not name \"" + inMessage + "\": " + reason);
    }

    private static Arguments invalid(String why, String sample, String path, JsonNode value, String inMessage) {
        return Arguments.of(why, sample, path, value, inMessage);
    }

    private static JsonNode text(String value) {
        return MAPPER.getNodeFactory().textNode(value);
    }

    private static JsonNode num(long value) {
        return MAPPER.getNodeFactory().numberNode(value);
    }

    private static String moduleOf(String sample) {
        return TOP_LEVEL_LISTS.entrySet().stream().filter(e -> e.getValue().contains(sample))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    /** Sets (or with a null value removes) the field at a slash-separated path; digits index arrays. */
    private static void set(ObjectNode resource, String path, JsonNode value) {
        String[] steps = path.split("/");
        JsonNode parent = resource;
        for (int i = 0; i < steps.length - 1; i++) {
            parent = parent.isArray() ? parent.get(Integer.parseInt(steps[i])) : parent.get(steps[i]);
        }
        String last = steps[steps.length - 1];
        ObjectNode object = (ObjectNode) parent;
        if (value == null) {
            assertTrue(object.has(last), "the sample has no " + path);
            object.remove(last);
        } else {
            object.set(last, value);
        }
    }

    static ObjectNode sample(String name) {
        String resource = "/yang-samples/" + name + ".json";
        try (InputStream in = YangModelTest.class.getResourceAsStream(resource)) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}
