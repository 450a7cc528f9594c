package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenTest {

    @TempDir
    Path dir;

    private ServerConfig config(String mode, String token) {
        ServerConfig d = TestConfigs.loopback(0, 0, dir);
        ServerConfig.Api api = new ServerConfig.Api("127.0.0.1", 0, mode, token, null);
        return new ServerConfig(d.openflow(), api, d.flows(), d.forwarding(), d.learning(), d.discovery(), d.hosts(),
                d.intent(), d.network(), dir);
    }

    @Test
    void theEnvironmentWinsOverTheConfiguration() {
        assertEquals("from-the-environment-123", AdminToken.resolve(config("production", "from-the-configuration-1"),
                Map.of(AdminToken.ENV, "from-the-environment-123")));
        assertEquals("from-the-configuration-1", AdminToken.resolve(config("production", "from-the-configuration-1"),
                Map.of()));
        assertThrows(ConfigLoader.ConfigException.class,
                () -> AdminToken.resolve(config("development", null), Map.of(AdminToken.ENV, "short")));
    }

    @Test
    void productionHasNoBuiltInToken() {
        ConfigLoader.ConfigException e = assertThrows(ConfigLoader.ConfigException.class,
                () -> AdminToken.resolve(config("production", null), Map.of()));
        assertTrue(e.getMessage().contains(AdminToken.ENV), e.getMessage());
        assertTrue(Files.notExists(dir.resolve(AdminToken.FILE)));
    }

    @Test
    void developmentGeneratesOneTokenAndKeepsIt() throws Exception {
        String first = AdminToken.resolve(config("development", null), Map.of());
        assertTrue(first.length() >= 32, first);
        assertEquals(first, Files.readString(dir.resolve(AdminToken.FILE)).trim());
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(dir.resolve(AdminToken.FILE)));
        assertEquals(first, AdminToken.resolve(config("development", null), Map.of()), "kept across restarts");
    }
}
