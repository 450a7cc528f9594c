package io.skylane.server.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the client reads from its surroundings: environment variables ({@code SKYLANE_URL},
 * {@code SKYLANE_TOKEN}, {@code SKYLANE_ADMIN_TOKEN}) and the working directory, where a controller
 * in development mode keeps {@code data/admin-token}. Tests pass their own.
 */
public record CliEnv(Map<String, String> vars, Path workDir) {

    public CliEnv {
        vars = Map.copyOf(vars);
    }

    /** The process's environment and working directory. */
    public static CliEnv system() {
        return new CliEnv(System.getenv(), Path.of(""));
    }

    /** The variable's value, or null when it is unset or blank. */
    String var(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
