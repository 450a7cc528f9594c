package io.skylane.server;

import io.skylane.vpc.intent.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the admin's bearer token comes from: the environment variable {@code SKYLANE_ADMIN_TOKEN},
 * else {@code api.admin_token}; else, in development mode only, the token kept in
 * {@code <data_dir>/admin-token}, generated (and logged) on first start. Production mode has no
 * built-in or generated token: without one the controller does not start.
 */
final class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);
    static final String ENV = "SKYLANE_ADMIN_TOKEN";
    static final String FILE = "admin-token";

    private AdminToken() {
    }

    static String resolve(ServerConfig config, Map<String, String> env) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (fromEnv.trim().length() < 16) {
                throw new ConfigLoader.ConfigException(ENV + " must have at least 16 characters");
            }
            return fromEnv.trim();
        }
        if (config.api().adminToken() != null) {
            return config.api().adminToken();
        }
        if (ServerConfig.Api.PRODUCTION.equals(config.api().mode())) {
            throw new ConfigLoader.ConfigException("api.mode is production but no admin token is configured: set "
                    + ENV + " or api.admin_token");
        }
        Path file = config.dataDir().resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (kept.length() >= 16) {
                    log.info("development mode: admin token from {}", file.toAbsolutePath());
                    return kept;
                }
            }
            String token = Tokens.newSecret(new SecureRandom());
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                log.debug("cannot restrict {} to its owner", file);
            }
            log.warn("development mode: generated admin token {} (kept in {}); set {} or api.admin_token, "
                    + "and api.mode: production, for a real deployment", token, file.toAbsolutePath(), ENV);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the admin token in " + file, e);
        }
    }
}
