package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * openstacksdk (Debian's python3-openstacksdk, installed by lab/install.sh) run as orchestrators
 * run it: a Python scenario from {@code src/test/resources/openstacksdk/} that connects with
 * {@code openstack.connect(cloud=NAME)} to the clouds of a {@code clouds.yaml} (written by
 * {@link OpenStackCli}) and prints one JSON object of what it saw.
 */
final class OpenStackSdk {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 120;

    private final Path cloudsYaml;
    private final Path scripts;

    OpenStackSdk(Path cloudsYaml) {
        if (!Files.isExecutable(LabSupport.PYTHON)) {
            fail(LabSupport.PYTHON + " is missing");
        }
        this.cloudsYaml = cloudsYaml;
        this.scripts = scriptsDir();
    }

    private static Path scriptsDir() {
        URL helper = OpenStackSdk.class.getResource("/openstacksdk/sdkcheck.py");
        if (helper == null) {
            throw new IllegalStateException("openstacksdk/sdkcheck.py is not on the test classpath");
        }
        try {
            return Path.of(helper.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails with the fix when openstacksdk does not import under the system Python. */
    void requireSdk() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(LabSupport.PYTHON.toString(), "-c", "import openstack")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("openstacksdk does not import under " + LabSupport.PYTHON
                    + ": run 'sudo lab/install.sh' (installs python3-openstacksdk)");
        }
    }

    /** Runs {@code SCRIPT CLOUDS...}, which must succeed; the JSON it printed. */
    JsonNode run(String script, String... clouds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LabSupport.PYTHON.toString(), scripts.resolve(script).toString()));
        command.addAll(List.of(clouds));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_") || k.startsWith("PYTHON"));
        pb.environment().put("OS_CLIENT_CONFIG_FILE", cloudsYaml.toString());
        Path out = Files.createTempFile(cloudsYaml.getParent(), "sdk-out", ".txt");
        Path err = Files.createTempFile(cloudsYaml.getParent(), "sdk-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(script + " did not finish in " + TIMEOUT_SECONDS + " s; stderr:\n" + Files.readString(err));
            }
            String printed = Files.readString(out);
            if (p.exitValue() != 0) {
                fail(script + " exited with " + p.exitValue() + ":\n" + Files.readString(err) + printed);
            }
            try {
                return JSON.readTree(printed);
            } catch (IOException e) {
                throw new AssertionError(script + " printed no JSON: " + printed + "\nstderr: " + Files.readString(err), e);
            }
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
