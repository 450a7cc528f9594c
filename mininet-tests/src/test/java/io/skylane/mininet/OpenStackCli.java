package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openstack} command (Debian's python3-openstackclient, installed by
 * lab/install.sh) run as an operator runs it: nothing but a {@code clouds.yaml} naming the
 * controller's Keystone ({@code /identity/v3}) and a credential, {@code --os-cloud NAME}.
 */
final class OpenStackCli {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path OPENSTACK = Path.of("/usr/bin/openstack");

    /** What one call printed and returned. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private final Path cloudsYaml;
    private final Map<String, String> clouds = new LinkedHashMap<>();
    private final String authUrl;

    OpenStackCli(Path dir, int apiPort) {
        if (!Files.isExecutable(OPENSTACK)) {
            fail(OPENSTACK + " is missing: run 'sudo lab/install.sh' (installs python3-openstackclient)");
        }
        this.cloudsYaml = dir.resolve("clouds.yaml");
        this.authUrl = "http://127.0.0.1:" + apiPort + "/identity/v3";
    }

    /** A cloud authenticating with a tenant token's secret (auth_type token) in its project. */
    OpenStackCli tokenCloud(String name, String secret, String projectId) throws IOException {
        clouds.put(name, "    auth_type: token\n    auth:\n      auth_url: " + authUrl + "\n      token: " + secret
                + "\n      project_id: " + projectId + "\n");
        return write();
    }

    /** A cloud authenticating with a user and password (a tenant's name and token secret, or admin). */
    OpenStackCli passwordCloud(String name, String user, String password, String project) throws IOException {
        clouds.put(name, "    auth_type: password\n    auth:\n      auth_url: " + authUrl + "\n      username: " + user
                + "\n      password: " + password + "\n      project_name: " + project
                + "\n      user_domain_name: Default\n      project_domain_name: Default\n");
        return write();
    }

    private OpenStackCli write() throws IOException {
        StringBuilder b = new StringBuilder("clouds:\n");
        clouds.forEach((n, body) -> b.append("  ").append(n).append(":\n").append(body));
        Files.writeString(cloudsYaml, b.toString(), StandardCharsets.UTF_8);
        return this;
    }

    /** The {@code clouds.yaml} written (for other clients of the same clouds: {@link OpenStackSdk}). */
    Path cloudsYaml() {
        return cloudsYaml;
    }

    /** {@code openstack --os-cloud CLOUD ARGS...}. */
    Result run(String cloud, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSTACK.toString(), "--os-cloud", cloud));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** {@code openstack ARGS...} with no cloud (arguments carry the credential). */
    Result bare(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(OPENSTACK.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    /** The same, which must succeed; its JSON output ({@code -f json} is added). */
    JsonNode json(String cloud, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", "json"));
        Result r = run(cloud, all.toArray(String[]::new));
        assertEquals(0, r.exit(), "openstack " + String.join(" ", args) + " failed: " + r.err());
        return r.json();
    }

    /** The same, which must succeed and print nothing in particular. */
    void ok(String cloud, String... args) throws IOException, InterruptedException {
        Result r = run(cloud, args);
        assertEquals(0, r.exit(), "openstack " + String.join(" ", args) + " failed: " + r.err());
    }

    private Result exec(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_") && !k.equals("OS_CLIENT_CONFIG_FILE"));
        Path out = Files.createTempFile(cloudsYaml.getParent(), "os-out", ".txt");
        Path err = Files.createTempFile(cloudsYaml.getParent(), "os-err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("openstack " + command + " did not finish in 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
