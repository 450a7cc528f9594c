package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.skylane.topology.fwd.LearningSwitch;
import io.skylane.topology.fwd.PathForwarding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wired controller starts on free ports, answers, and stops cleanly. */
class SkylaneControllerTest {

    @TempDir
    Path dir;

    @Test
    void startsServesAndStops() throws Exception {
        SkylaneController c = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data")), "test");
        try {
            c.start();
            assertTrue(Files.isDirectory(dir.resolve("data")));
            assertEquals(0, c.topology().current().version(), "no switch yet");
            assertTrue(c.hosts().hosts().isEmpty());
            assertSame(c.topology().current(), c.paths().computer().snapshot(), "paths over the real topology");
            assertSame(SkylaneController.PATH_WEIGHER, c.paths().computer().weigher());
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.apiPort() + "/v1/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"status\":\"ok\""), r.body());
            assertEquals(200, get(c, "/v1/topology").statusCode());
            assertTrue(get(c, "/v1/topology").body().contains("\"devices\":0"), "the real topology is wired");
            assertEquals("[]", get(c, "/v1/links").body());
            assertEquals("[]", get(c, "/v1/hosts").body());
            assertEquals(404, get(c, "/v1/paths?src=1&dst=2").statusCode(), "no switch yet");
            String stats = get(c, "/v1/stats").body();
            for (String part : new String[] {"\"flows\"", "\"packets\"", "\"discovery\"", "\"topology\"",
                    "\"hosts\"", "\"forwarding\"", "\"vpc\""}) {
                assertTrue(stats.contains(part), "every part's counters: " + stats);
            }
            new ObjectMapper().readTree(stats).get("counters").fields().forEachRemaining(part ->
                    part.getValue().fieldNames().forEachRemaining(name -> assertTrue(name.matches("[a-z][a-z0-9_]*"),
                            part.getKey() + "." + name + " is not snake_case")));
            InetSocketAddress of = c.openflow().boundAddresses().get(0);
            try (java.net.Socket s = new java.net.Socket(of.getAddress(), of.getPort())) {
                assertTrue(s.isConnected());
            }
        } finally {
            c.close();
            c.close();
        }
    }

    private static HttpResponse<String> get(SkylaneController c, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.apiPort() + path))
                        .header("Authorization", "Bearer " + TestConfigs.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathForwardingIsTheDefaultAndTheModeChoosesTheApp() {
        assertEquals(Optional.of(PathForwarding.class), forwardingApp(ServerConfig.ForwardingMode.PATH));
        assertEquals(Optional.of(LearningSwitch.class), forwardingApp(ServerConfig.ForwardingMode.L2_LEARNING));
        assertEquals(Optional.empty(), forwardingApp(ServerConfig.ForwardingMode.NONE));
        assertEquals(ServerConfig.ForwardingMode.PATH, TestConfigs.loopback(0, 0, dir).forwarding().mode());
    }

    private Optional<Class<?>> forwardingApp(ServerConfig.ForwardingMode mode) {
        try (SkylaneController c = new SkylaneController(TestConfigs.loopback(0, 0, dir.resolve("data"), mode),
                "test")) {
            c.start();
            return c.forwarding().map(Object::getClass);
        }
    }

    @Test
    void aBusyPortFailsTheStartAndReleasesEverything() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            SkylaneController c = new SkylaneController(TestConfigs.loopback(busy.getLocalPort(), 0, dir.resolve("data")), "test");
            RuntimeException e = assertThrows(RuntimeException.class, c::start);
            assertTrue(e.getMessage().contains(Integer.toString(busy.getLocalPort())), e.getMessage());
            c.close();
        }
    }
}
