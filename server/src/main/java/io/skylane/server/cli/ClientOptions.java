package io.skylane.server.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every client command takes: where the API is, the bearer token, the output format.
 * A mixin of each command (they go after the command: {@code skylane vpc list --output json}).
 */
public final class ClientOptions {

    static final String DEFAULT_URL = "http://127.0.0.1:8181";
    static final String URL_ENV = "SKYLANE_URL";
    static final String TOKEN_ENV = "SKYLANE_TOKEN";
    static final String ADMIN_TOKEN_ENV = "SKYLANE_ADMIN_TOKEN";
    /** Where a controller in development mode keeps its generated admin token, under the working directory. */
    static final Path ADMIN_TOKEN_FILE = Path.of("data", "admin-token");

    /** How answers are printed. */
    public enum Output { TABLE, JSON }

    @Option(names = "--url", paramLabel = "URL",
            description = "The controller's REST API (default: $SKYLANE_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token (default: $SKYLANE_TOKEN, else $SKYLANE_ADMIN_TOKEN, else ./data/admin-token "
                    + "when the URL is on this machine).")
    String token;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (the API's JSON as it answered; default: ${DEFAULT-VALUE}).")
    Output output = Output.TABLE;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    Output output() {
        return output;
    }

    /** The client for the URL and token these options and {@code env} give. */
    ApiClient connect(CliEnv env) {
        URI base = base(env);
        return new ApiClient(base, token(env, base));
    }

    private URI base(CliEnv env) {
        String u = url != null ? url.trim() : env.var(URL_ENV) != null ? env.var(URL_ENV) : DEFAULT_URL;
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            URI uri = new URI(u);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getQuery() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--url must be http(s)://HOST[:PORT], got \"" + u + "\"");
    }

    private String token(CliEnv env, URI base) {
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        if (env.var(TOKEN_ENV) != null) {
            return env.var(TOKEN_ENV);
        }
        if (env.var(ADMIN_TOKEN_ENV) != null) {
            return env.var(ADMIN_TOKEN_ENV);
        }
        Path file = env.workDir().resolve(ADMIN_TOKEN_FILE);
        if (loopback(base.getHost()) && Files.isRegularFile(file)) {
            try {
                String t = Files.readString(file, StandardCharsets.UTF_8).trim();
                return t.isEmpty() ? null : t;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static boolean loopback(String host) {
        if ("localhost".equalsIgnoreCase(host)) {
            return true;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a name: never resolved just to pick a token
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
