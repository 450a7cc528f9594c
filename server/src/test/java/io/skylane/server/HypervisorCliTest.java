package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.server.SkylaneCliTest.Run;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skylane hypervisor create|list|show|update|delete}, run in process against a real
 * controller: the admin registers a hypervisor, moves its endpoint and deletes it; a tenant is
 * refused (docs/cli.md, docs/api.md "Hypervisors").
 */
class HypervisorCliTest {

    @TempDir
    static Path dir;
    private static SkylaneController controller;
    private static String url;

    @BeforeAll
    static void start() {
        controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        controller.start();
        url = "http://127.0.0.1:" + controller.apiPort();
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    private static Run admin(String... args) {
        return SkylaneCliTest.cli(Map.of("SKYLANE_URL", url, "SKYLANE_ADMIN_TOKEN", TestConfigs.ADMIN_TOKEN), dir, args);
    }

    private static Run ok(Run r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    private static JsonNode created(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "hypervisor";
        all[1] = "create";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "-o";
        all[args.length + 3] = "json";
        return ok(admin(all)).json().path("hypervisor");
    }

    @Test
    void theAdminRegistersMovesAndDeletesAHypervisor() throws Exception {
        JsonNode hv = created("--datapath-id", "a1", "--endpoint-ip", "172.31.199.1", "--name", "hv1",
                "--tags", "az1", "--external-id", "ovs-system-id=4f1c");
        String id = hv.path("id").asText();
        assertEquals("00000000000000a1", hv.path("datapath_id").asText(), "short hex is zero-padded");
        assertEquals("172.31.199.1", hv.path("endpoint_ip").asText());
        assertFalse(hv.has("tenant_id"), hv.toString());

        Run list = ok(admin("hypervisor", "list"));
        assertTrue(list.out().startsWith("ID "), list.out());
        assertTrue(list.out().contains("DATAPATH ID"), list.out());
        assertTrue(list.out().matches("(?s).*" + id + " +hv1 +00000000000000a1 +172\\.31\\.199\\.1\n.*"), list.out());
        Run byEndpoint = ok(admin("hypervisor", "list", "--endpoint-ip", "172.31.199.1"));
        assertTrue(byEndpoint.out().contains(id), byEndpoint.out());
        assertEquals(1, ok(admin("hypervisor", "list", "--datapath-id", "00000000000000ff")).out().split("\n").length,
                "header only");

        Run shown = ok(admin("hypervisor", "show", id));
        assertTrue(shown.out().matches("(?s).*\nendpoint_ip +172\\.31\\.199\\.1\n.*"), shown.out());
        assertTrue(shown.out().matches("(?s).*\ndatapath_id +00000000000000a1\n.*"), shown.out());

        JsonNode moved = ok(admin("hypervisor", "update", id, "--endpoint-ip", "172.31.199.11", "--if-match", "1",
                "-o", "json")).json().path("hypervisor");
        assertEquals("172.31.199.11", moved.path("endpoint_ip").asText());
        assertEquals("00000000000000a1", moved.path("datapath_id").asText());
        assertEquals(2, moved.path("revision").asInt());
        Run stale = admin("hypervisor", "update", id, "--name", "x", "--if-match", "1");
        assertEquals(1, stale.exit(), stale.toString());
        assertTrue(stale.err().startsWith("skylane: 412 precondition_failed: "), stale.err());

        ok(admin("hypervisor", "delete", id));
        Run gone = admin("hypervisor", "show", id);
        assertEquals(1, gone.exit(), gone.toString());
        assertTrue(gone.err().contains("404 not_found"), gone.err());
    }

    @Test
    void aTenantIsRefused() throws Exception {
        String id = created("--datapath-id", "b1", "--endpoint-ip", "172.31.199.2").path("id").asText();
        String token = ok(admin("tenant", "create", "--name", "acme", "-o", "json")).json().path("token").path("secret")
                .asText();
        Map<String, String> env = Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", token);
        for (String[] call : new String[][] {{"hypervisor", "list"}, {"hypervisor", "show", id},
                {"hypervisor", "create", "--datapath-id", "b2", "--endpoint-ip", "172.31.199.3"},
                {"hypervisor", "update", id, "--endpoint-ip", "172.31.199.4"}, {"hypervisor", "delete", id}}) {
            Run r = SkylaneCliTest.cli(env, dir, call);
            assertEquals(1, r.exit(), String.join(" ", call) + "\n" + r);
            assertTrue(r.err().startsWith("skylane: 403 forbidden: "), r.err());
        }
        ok(admin("hypervisor", "show", id));
    }

    @Test
    void conflictsAndBadFieldsNameTheField() throws Exception {
        created("--datapath-id", "c1", "--endpoint-ip", "172.31.199.5");
        Run dpid = admin("hypervisor", "create", "--datapath-id", "00000000000000c1", "--endpoint-ip", "172.31.199.6");
        assertEquals(1, dpid.exit(), dpid.toString());
        assertTrue(dpid.err().startsWith("skylane: 409 conflict: ") && dpid.err().endsWith(" (field: datapath_id)\n"),
                dpid.err());
        Run endpoint = admin("hypervisor", "create", "--datapath-id", "c2", "--endpoint-ip", "172.31.199.5");
        assertTrue(endpoint.err().endsWith(" (field: endpoint_ip)\n"), endpoint.err());
        Run loopback = admin("hypervisor", "create", "--datapath-id", "c2", "--endpoint-ip", "127.0.0.1");
        assertEquals(1, loopback.exit(), loopback.toString());
        assertTrue(loopback.err().startsWith("skylane: 400 bad_request: endpoint_ip: "), loopback.err());
        Run notHex = admin("hypervisor", "create", "--datapath-id", "xyz", "--endpoint-ip", "172.31.199.7");
        assertTrue(notHex.err().endsWith(" (field: datapath_id)\n"), notHex.err());
    }

    @Test
    void usageErrorsExitWith2() {
        Run missing = admin("hypervisor", "create", "--datapath-id", "d1");
        assertEquals(2, missing.exit(), missing.toString());
        assertTrue(missing.err().contains("--endpoint-ip"), missing.err());
        Run immutable = admin("hypervisor", "update", "x", "--datapath-id", "d2");
        assertEquals(2, immutable.exit(), "update has no --datapath-id: " + immutable);
        Run tenant = admin("hypervisor", "create", "--datapath-id", "d1", "--endpoint-ip", "10.0.0.1", "--tenant", "t");
        assertEquals(2, tenant.exit(), "a hypervisor has no tenant: " + tenant);
        Run help = admin("hypervisor", "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String verb : new String[] {"create", "list", "show", "update", "delete"}) {
            assertTrue(help.out().contains(verb), help.out());
        }
        Run top = SkylaneCliTest.cli(Map.of(), dir, "--help");
        assertTrue(top.out().matches("(?s).*\n +hypervisor +Hypervisors \\(admin only\\).*"), top.out());
    }
}
