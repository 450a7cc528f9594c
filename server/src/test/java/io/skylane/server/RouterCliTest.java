package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skylane.server.SkylaneCliTest.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skylane router create|list|show|update|delete}, run in process against a real controller:
 * a tenant joins subnets of two VPCs with {@code --subnet}, replaces and clears the interfaces, lists
 * by subnet and deletes the router with {@code --cascade}; refusals name the field (docs/cli.md,
 * docs/api.md "Routers").
 */
class RouterCliTest {

    @TempDir
    static Path dir;
    private static SkylaneController controller;
    private static String url;
    private static Map<String, String> tenant;

    @BeforeAll
    static void start() throws Exception {
        controller = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        controller.start();
        url = "http://127.0.0.1:" + controller.apiPort();
        Run t = SkylaneCliTest.cli(Map.of("SKYLANE_URL", url, "SKYLANE_ADMIN_TOKEN", TestConfigs.ADMIN_TOKEN), dir,
                "tenant", "create", "--name", "acme", "-o", "json");
        assertEquals(0, t.exit(), t.toString());
        tenant = Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", t.json().path("token").path("secret").asText());
    }

    @AfterAll
    static void stop() {
        controller.close();
    }

    private static Run cli(String... args) {
        return SkylaneCliTest.cli(tenant, dir, args);
    }

    private static Run ok(Run r) {
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    private static JsonNode json(String type, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-o";
        all[args.length + 1] = "json";
        return ok(cli(all)).json().path(type);
    }

    private static String subnet(String cidr) throws Exception {
        String vpc = json("vpc", "vpc", "create").path("id").asText();
        return json("subnet", "subnet", "create", "--vpc", vpc, "--cidr", cidr).path("id").asText();
    }

    private static List<String> subnetIds(JsonNode router) {
        List<String> out = new ArrayList<>();
        router.path("subnet_ids").forEach(s -> out.add(s.asText()));
        return out;
    }

    @Test
    void aTenantJoinsTwoVpcsAndDeletesTheRouter() throws Exception {
        String web = subnet("10.0.1.0/24");
        String db = subnet("10.1.1.0/24");
        JsonNode r = json("router", "router", "create", "--name", "edge", "--subnet", web, "--subnet", db);
        String id = r.path("id").asText();
        assertEquals(List.of(web, db), subnetIds(r));

        Run list = ok(cli("router", "list"));
        assertTrue(list.out().startsWith("ID "), list.out());
        assertTrue(list.out().contains("SUBNETS"), list.out());
        assertTrue(list.out().contains(id + "  edge  " + web + ", " + db), list.out());
        assertTrue(ok(cli("router", "list", "--subnet", db)).out().contains(id));
        String other = subnet("10.2.1.0/24");
        assertEquals(1, ok(cli("router", "list", "--subnet", other)).out().split("\n").length, "header only");

        Run shown = ok(cli("router", "show", id));
        assertTrue(shown.out().matches("(?s).*\nsubnet_ids +" + web + ", " + db + "\n.*"), shown.out());

        JsonNode replaced = json("router", "router", "update", id, "--subnet", db + "," + other, "--if-match", "1");
        assertEquals(List.of(db, other), subnetIds(replaced), "--subnet replaces them all");
        Run stale = cli("router", "update", id, "--no-subnets", "--if-match", "1");
        assertEquals(1, stale.exit(), stale.toString());
        assertTrue(stale.err().startsWith("skylane: 412 precondition_failed: "), stale.err());

        Run inUse = cli("subnet", "delete", db);
        assertEquals(1, inUse.exit(), inUse.toString());
        assertTrue(inUse.err().startsWith("skylane: 409 conflict: ") && inUse.err().contains("router " + id),
                inUse.err());
        Run withInterfaces = cli("router", "delete", id);
        assertEquals(1, withInterfaces.exit(), withInterfaces.toString());
        assertTrue(withInterfaces.err().startsWith("skylane: 409 conflict: "), withInterfaces.err());
        ok(cli("router", "delete", id, "--cascade"));
        Run gone = cli("router", "show", id);
        assertTrue(gone.err().contains("404 not_found"), gone.err());
        ok(cli("subnet", "delete", db));
    }

    @Test
    void noSubnetsClearsTheInterfaces() throws Exception {
        String s = subnet("10.3.1.0/24");
        String id = json("router", "router", "create", "--subnet", s).path("id").asText();
        assertEquals(List.of(), subnetIds(json("router", "router", "update", id, "--no-subnets")));
        assertEquals(List.of(s), subnetIds(json("router", "router", "update", id, "--subnet", s)));
        assertEquals(List.of(), subnetIds(json("router", "router", "update", id, "--subnet", "")),
                "an empty value clears them too");
        ok(cli("router", "delete", id));
    }

    @Test
    void refusalsNameTheField() throws Exception {
        String s = subnet("10.4.1.0/24");
        String taken = json("router", "router", "create", "--subnet", s).path("id").asText();
        Run twice = cli("router", "create", "--subnet", s);
        assertEquals(1, twice.exit(), twice.toString());
        assertTrue(twice.err().startsWith("skylane: 409 conflict: ") && twice.err().contains(taken)
                && twice.err().endsWith(" (field: subnet_ids[0])\n"), twice.err());
        Run unknown = cli("router", "create", "--subnet", "6f1c2a3e-0000-4000-8000-000000000000");
        assertTrue(unknown.err().startsWith("skylane: 400 bad_request: subnet_ids[0]: no subnet"), unknown.err());
        Run notUuid = cli("router", "create", "--subnet", "web");
        assertTrue(notUuid.err().startsWith("skylane: 400 bad_request: subnet_ids[0]: "), notUuid.err());
    }

    @Test
    void usage() {
        Run help = cli("router", "--help");
        assertEquals(0, help.exit(), help.toString());
        for (String verb : new String[] {"create", "list", "show", "update", "delete"}) {
            assertTrue(help.out().contains(verb), help.out());
        }
        Run create = cli("router", "create", "--help");
        assertTrue(create.out().contains("--subnet=SUBNET_ID") && create.out().contains("--no-subnets"), create.out());
        Run top = SkylaneCliTest.cli(Map.of(), dir, "--help");
        assertTrue(top.out().matches("(?s).*\n +router +Routers: they join subnets.*"), top.out());
    }
}
