package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * openstacksdk drives a controller as orchestrators do (Terraform's and Ansible's providers,
 * Kubernetes' cloud provider: {@code openstack.connect(cloud=...)} and a {@code clouds.yaml}),
 * covering what the {@code openstack} command does not (docs/openstack.md, "Tests"): paging by the
 * server's {@code *_links}, sorting and {@code fields}, conditional updates, the tag mixin and tag
 * filters, {@code find_*}/{@code get_*}, the SDK's exception classes with the server's message,
 * ports, security groups, routers, a load balancer waited for until ACTIVE, and Keystone's tokens.
 * Each scenario is a Python script (src/test/resources/openstacksdk) in its own tenant, printing
 * JSON that this class asserts on. Needs no Open vSwitch.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OpenStackSdkIT {

    private static ControllerProcess controller;
    private static OpenStackCli clouds;
    private static OpenStackSdk sdk;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(LabSupport.isRoot(), "the lab's tests need root (lab/install.sh): skipped");
        LabSupport.requireServerJar();
        controller = ControllerProcess.start("OpenStackSdkIT");
        clouds = new OpenStackCli(Files.createTempDirectory(LabSupport.workDir(), "openstacksdk-"), controller.apiPort())
                .passwordCloud("admin", "admin", ControllerProcess.ADMIN_TOKEN, "admin");
        sdk = new OpenStackSdk(clouds.cloudsYaml());
        sdk.requireSdk();
    }

    @AfterAll
    static void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    /** A new tenant, as the clouds NAME (its token) and NAME-password (its name and token secret). */
    private static void tenant(String name) throws IOException, InterruptedException {
        JsonNode t = controller.rest().post("/v1/tenants", "{\"tenant\": {\"name\": \"" + name + "\"}}");
        String secret = t.at("/token/secret").asText();
        clouds.tokenCloud(name, secret, t.at("/tenant/id").asText()).passwordCloud(name + "-password", name, secret, name);
    }

    @Test
    void networksPageSortFilterUpdateConditionallyTagAndFailAsTheSdkExpects() throws Exception {
        tenant("nets");
        tenant("nets-other");
        JsonNode out = sdk.run("networks.py", "nets", "nets-other", "admin");

        List<String> made = List.of("page-0", "page-1", "page-2", "page-3", "page-4");
        assertEquals(made, texts(out.get("made")));
        assertEquals(made, sorted(out.get("paged")), "every network once, walking pages of 2");
        List<String> pages = texts(out.get("paged_requests"));
        assertEquals("/networks?limit=2", pages.get(0));
        String base = "http://127.0.0.1:" + controller.apiPort() + "/networking/v2.0/networks?";
        for (String next : pages.subList(1, 3)) {
            assertTrue(next.startsWith(base) && next.contains("limit=2") && next.contains("marker="),
                    "the second and third pages are the server's networks_links: " + pages);
        }
        assertEquals(List.of("page-1", "page-3"), sorted(out.get("paged_filtered")));
        texts(out.get("paged_filtered_requests")).forEach(u -> assertTrue(u.contains("description=odd"), u));
        assertEquals(List.of("sg-2", "sg-1", "sg-0", "default"), texts(out.get("groups_sorted")));
        List<String> sortedPages = texts(out.get("groups_sorted_requests"));
        assertTrue(sortedPages.size() >= 2 && sortedPages.get(1).contains("sort_key=name")
                && sortedPages.get(1).contains("sort_dir=desc"), "the next link keeps the sort: " + sortedPages);
        assertEquals(4, out.at("/groups_fields/count").asInt());
        assertTrue(out.at("/groups_fields/ids").asBoolean());
        assertEquals(List.of("None"), texts(out.at("/groups_fields/descriptions")), "only the fields asked for");

        assertEquals("page-0b", out.at("/if_revision_current/name").asText());
        assertEquals(out.at("/if_revision_current/was").asInt() + 1, out.at("/if_revision_current/revision").asInt());
        assertError(out.get("if_revision_stale"), "PreconditionFailedException", 412, "revision_number");
        assertEquals("page-0b", out.get("after_stale").asText(), "the stale update changed nothing");

        assertEquals(List.of("blue", "green"), texts(out.get("tags_set")));
        assertEquals(List.of("green", "red"), texts(out.get("tags_changed")));
        assertTrue(out.get("check_tag_present").asBoolean());
        assertError(out.get("check_tag_absent"), "ResourceNotFound", 404, "Tag blue could not be found");
        assertEquals(List.of("page-1"), texts(out.get("tags_all")));
        assertEquals(List.of("page-1", "page-2"), texts(out.get("tags_any")));
        assertEquals(List.of("page-0b", "page-2", "page-3", "page-4"), texts(out.get("not_tags")));
        assertEquals(List.of("page-0b", "page-3", "page-4"), texts(out.get("not_any_tags")));

        assertTrue(out.get("find_by_name").asBoolean());
        assertEquals("page-3", out.get("find_by_id").asText());
        assertTrue(out.get("find_missing").asBoolean());
        assertError(out.get("get_theirs"), "ResourceNotFound", 404, "could not be found");
        assertTrue(out.get("find_theirs").asBoolean(), "another project's network is not found");
        assertEquals("ResourceNotFound", out.at("/find_theirs_strict/class").asText());
        assertTrue(out.get("admin_sees_theirs").asBoolean());

        assertError(out.get("bad_cidr"), "BadRequestException", 400, "host bits");
        assertError(out.get("overlap"), "ConflictException", 409, "overlaps");
        assertError(out.get("shared"), "BadRequestException", 400, "never shared");
        assertError(out.get("subnet_in_use"), "ConflictException", 409, "delete them first");
        assertFalse(out.at("/subnet_in_use/message").asText().contains("cascade"), "Neutron has no cascade");
        assertError(out.get("network_in_use"), "ConflictException", 409, "in use");
        assertTrue(out.get("deleted").asBoolean() && out.get("subnet_gone").asBoolean());
    }

    @Test
    void portsCarryFixedIpsPairsBindingsAndGroupsAndAreFoundByFixedIp() throws Exception {
        tenant("ports");
        JsonNode out = sdk.run("ports.py", "ports");

        assertTrue(out.at("/rule_by_group/remote_group_id").asBoolean());
        assertEquals(8000, out.at("/rule_by_group/min").asInt());
        assertEquals(8080, out.at("/rule_by_group/max").asInt());
        assertEquals("tcp", out.at("/rule_by_group/protocol").asText());
        assertEquals("10.70.0.0/16", out.at("/rule_by_prefix/remote_ip_prefix").asText());
        assertEquals(4, out.get("group_rules").asInt(), "Neutron's two egress rules and the two made");
        assertEquals(4, out.get("rules_of_group").asInt());
        assertError(out.get("rule_twice"), "ConflictException", 409, "already has this rule");

        JsonNode port = out.get("port");
        assertEquals("10.70.0.10", port.at("/fixed_ips/0/ip_address").asText());
        assertEquals("10.70.0.100", port.at("/allowed_address_pairs/0/ip_address").asText());
        assertEquals("fa:16:3e:00:00:01", port.at("/allowed_address_pairs/0/mac_address").asText());
        assertEquals(port.get("mac_address").asText(), port.at("/allowed_address_pairs/1/mac_address").asText(),
                "a pair without a MAC takes the port's");
        assertEquals("00000000000000d1", port.at("/binding_profile/dpid").asText());
        assertEquals(3, port.at("/binding_profile/port").asInt());
        assertEquals("ovs", port.get("binding_vif_type").asText());
        assertTrue(port.get("security_groups").asBoolean() && port.get("port_security").asBoolean());
        assertEquals("DOWN", port.get("status").asText(), "no switch holds its rules");
        assertEquals("compute:nova", port.get("device_owner").asText());

        assertEquals(List.of("vm-1-eth0"), texts(out.get("by_device")));
        assertEquals(List.of("vm-1-eth0"), texts(out.get("by_fixed_ip")));
        assertEquals(List.of("vm-1-eth0"), texts(out.get("by_subnet_and_ip")));
        assertEquals(List.of("spare-0", "spare-1", "spare-2", "vm-1-eth0"), texts(out.get("paged")));
        assertTrue(out.get("paged_requests").size() >= 2, out.get("paged_requests").toString());
        assertEquals(List.of("spare-0", "spare-1", "spare-2", "vm-1-eth0"), texts(out.at("/fields/names")));
        assertEquals(List.of("None"), texts(out.at("/fields/macs")));

        assertError(out.get("insecure_with_groups"), "ConflictException", 409, "security groups");
        assertFalse(out.at("/insecure/port_security").asBoolean());
        assertEquals(0, out.at("/insecure/groups").size());
        assertTrue(out.get("learned").isObject() && out.get("learned").isEmpty());
        assertError(out.get("address_in_use"), "ConflictException", 409, "already used");
        assertError(out.get("outside_subnet"), "BadRequestException", 400, "outside subnet");
        assertError(out.get("host_id"), "BadRequestException", 400, "is no registered hypervisor");
        assertError(out.get("group_in_use"), "ConflictException", 409, "remove it from them first");
        assertTrue(out.get("group_deleted").asBoolean() && out.get("network_deleted").asBoolean());
    }

    @Test
    void routersGetInterfacesBySubnetShownAsPortsOfTheRouter() throws Exception {
        tenant("routing");
        tenant("routing-other");
        JsonNode out = sdk.run("routers.py", "routing", "routing-other");

        assertEquals("ACTIVE", out.at("/router/status").asText());
        assertTrue(out.at("/router/external_gateway_info").isNull());
        out.get("added").forEach(a -> assertTrue(a.get("subnet_id").asBoolean() && a.get("network_id").asBoolean()
                && a.get("port_id").asBoolean(), a.toString()));
        JsonNode interfaces = out.get("interfaces");
        assertEquals(2, interfaces.size());
        assertEquals("10.80.0.1", interfaces.at("/0/ip_address").asText(), "the subnet's gateway");
        assertEquals("front", interfaces.at("/0/network").asText());
        assertEquals("10.81.0.1", interfaces.at("/1/ip_address").asText());
        interfaces.forEach(i -> {
            assertEquals("network:router_interface", i.get("device_owner").asText());
            assertTrue(i.get("is_added_port").asBoolean(), "the port_id add_router_interface answered");
        });
        assertTrue(out.get("interface_shown").asBoolean());

        assertError(out.get("delete_with_interfaces"), "ConflictException", 409, "still has ports");
        assertError(out.get("subnet_twice"), "BadRequestException", 400, "already has a port on subnet");
        assertError(out.get("their_subnet"), "ResourceNotFound", 404, "could not be found");
        assertError(out.get("their_router"), "ResourceNotFound", 404, "could not be found");
        assertError(out.get("interface_port_delete"), "ConflictException", 409, "network:router_interface");
        assertError(out.get("subnet_on_router_delete"), "ConflictException", 409, "router remove subnet");

        assertEquals(List.of("r1", "spare-0", "spare-1"), texts(out.get("paged")), "pages of one router");
        assertTrue(out.get("find_by_name").asBoolean());
        assertEquals(List.of("10.81.0.1"), texts(out.get("after_remove_by_subnet")));
        assertEquals(0, out.get("after_remove_by_port").size());
        assertError(out.get("remove_absent"), "ResourceNotFound", 404, "has no interface on subnet");
        assertTrue(out.get("deleted").asBoolean());
    }

    @Test
    void aLoadBalancerIsWaitedForUntilActiveAndDeletedWithCascade() throws Exception {
        tenant("lb");
        JsonNode out = sdk.run("load_balancers.py", "lb");

        assertTrue(out.at("/created/vip_network_id").asBoolean());
        assertTrue(out.at("/created/vip_address").asText().startsWith("10.90.0."), out.toString());
        assertEquals("Octavia", out.at("/vip_port/device_owner").asText(), "vip_port_id is a Neutron port");
        assertTrue(out.at("/vip_port/is_the_vip").asBoolean(), out.toString());
        assertEquals("ACTIVE", out.at("/active/provisioning_status").asText());
        assertEquals("ACTIVE", out.get("after_changes").asText());
        assertTrue(out.at("/listener/default_pool").asBoolean(), "the pool made on the listener is its default");
        assertEquals("SOURCE_IP_PORT", out.at("/pool/lb_algorithm").asText());
        assertEquals("[[\"10.90.0.21\",8080,1],[\"10.90.0.22\",8080,2]]", out.get("members").toString());
        assertEquals("[true]", out.at("/health_monitor/pools").toString());
        assertEquals(List.of("web-lb"), texts(out.get("listed")));
        assertError(out.get("bad_algorithm"), "BadRequestException", 400, "lb_algorithm");
        assertEquals("web-lb-2", out.at("/updated/name").asText());
        assertEquals("renamed", out.at("/updated/description").asText());
        assertEquals("ACTIVE", out.at("/updated/provisioning_status").asText(), "a rename is waited for as any change");
        assertEquals("http-2", out.at("/updated/listener").asText());
        assertEquals("[2,5]", out.at("/updated/weights").toString());
        assertEquals(501, out.at("/statistics/status").asInt(), "not collected per load balancer: " + out.get("statistics"));
        assertEquals(1, out.at("/status_tree/listeners").asInt());
        assertEquals(2, out.at("/status_tree/members").asInt());
        assertTrue(out.at("/status_tree/health_monitor").asBoolean());
        assertError(out.get("network_in_use"), "ConflictException", 409, "load_balancer");
        assertEquals("{\"health_monitors\":0,\"listeners\":0,\"load_balancers\":0,\"pools\":0}",
                out.get("deleted").toString(), "the cascade took everything");
        assertEquals(0, controller.rest().get("/v1/load-balancers").get("load_balancers").size());
    }

    @Test
    void keystoneTokensAreIssuedValidatedRevokedAndThenRefused() throws Exception {
        tenant("ident");
        JsonNode out = sdk.run("keystone.py", "ident", "ident-password", "admin");

        assertTrue(out.get("token_is_keystones").asBoolean());
        assertTrue(out.get("same_project").asBoolean(), "token and password clouds are the same project");
        assertTrue(out.at("/access/project_id").asBoolean());
        assertEquals(List.of("member", "reader"), texts(out.at("/access/roles")));
        assertEquals(List.of("identity", "load-balancer", "network"), texts(out.at("/access/catalog")));
        assertEquals("{\"token_by_project_name\":true,\"unversioned_auth_url\":true,\"v3password_domain_ids\":true}",
                out.get("variants").toString(), "an auth_url without /v3, domain ids, a token scoped by project name");
        assertEquals("ident", out.get("project").asText());
        assertEquals("ident", out.get("user").asText());
        assertEquals(List.of("ident"), texts(out.get("projects")));
        assertTrue(texts(out.get("admin_projects")).containsAll(List.of("admin", "ident")));
        assertEquals(200, out.at("/validated/status").asInt());
        assertTrue(out.at("/validated/project").asBoolean());
        assertTrue(out.get("token_works").asBoolean());
        assertEquals(204, out.get("revoked").asInt());
        assertTrue(out.at("/revoked_refused/message").asText().contains("401"), out.get("revoked_refused").toString());
        assertEquals(404, out.get("revoked_validation").asInt());
        assertTrue(out.at("/wrong_password/message").asText().contains("401"), out.get("wrong_password").toString());
    }

    private static void assertError(JsonNode e, String sdkClass, int status, String inMessage) {
        assertEquals(sdkClass, e.path("class").asText(), e.toString());
        assertEquals(status, e.path("status").asInt(), e.toString());
        assertTrue(e.path("message").asText().contains(inMessage), "the server's message: " + e);
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> sorted(JsonNode list) {
        return texts(list).stream().sorted().toList();
    }
}
