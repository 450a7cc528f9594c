package io.skylane.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.skylane.server.cli.CliEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The API client's class-data sharing archive, made by the build: {@code mvn package} runs
 * {@code java -cp skylane-server.jar io.skylane.server.CliCdsArchive target/skylane-cli.jsa}, and
 * {@code ./skylane} starts client calls with {@code -XX:SharedArchiveFile} on it when it is there
 * and newer than the jar (docs/cli.md). The archive holds the classes a client call loads, already
 * parsed and verified, so a call starts faster; without it everything works as before.
 *
 * <p>{@link #main} starts a second JVM (this Java, the client's flags, this jar as the class path,
 * exactly as the script will) that runs {@link #train} and writes the archive at exit, to a
 * temporary file that is renamed only once that JVM succeeded: the JVM does not survive a truncated
 * archive. Any failure leaves no archive and a note, never a failed build.
 *
 * <p>The training run makes typical client calls (lists, a show, a create, an update, a delete, an
 * error answer, an unreachable controller, help) against canned answers from an HTTP server in the
 * same process: picocli's model of the commands, Jackson, the HTTP client and the printers all
 * load. It checks nothing.
 */
public final class CliCdsArchive {

    /** The flags of a client call (the {@code skylane} script's defaults). */
    static final List<String> CLIENT_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");
    private static final String TRAIN = "--train";

    private static final String ID = "315f01b5-d41c-4738-8bdd-7c72d5020806";
    private static final String TENANT = "f7f16abd-500b-4505-bf4e-6f200625d3b9";
    private static final String MISSING = "00000000-0000-0000-0000-000000000000";

    private CliCdsArchive() {
    }

    /** {@code <archive>}: makes the archive; {@code --train}: the training run itself. */
    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals(TRAIN)) {
            train();
        } else if (args.length == 1) {
            make(Path.of(args[0]).toAbsolutePath());
        } else {
            System.err.println("usage: CliCdsArchive <archive file>");
            System.exit(2);
        }
    }

    private static void make(Path archive) throws InterruptedException {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(archive);
            Files.deleteIfExists(tmp);
            Path jar = Path.of(CliCdsArchive.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(CLIENT_FLAGS);
            command.addAll(List.of("-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-cp", jar.toString(), CliCdsArchive.class.getName(), TRAIN));
            Process p = new ProcessBuilder(command).inheritIO().start();
            int exit = p.waitFor();
            if (exit != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                System.err.println("skylane: no class-data archive for the client (training exited " + exit
                        + "); client calls start slower but work");
                Files.deleteIfExists(tmp);
                return;
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("skylane: class-data archive for the client: " + archive + " (" + Files.size(archive)
                    + " bytes)");
        } catch (IOException | URISyntaxException | RuntimeException e) {
            System.err.println("skylane: no class-data archive for the client (" + e + "); client calls start slower "
                    + "but work");
        }
    }

    /** The training run: typical calls against canned answers. */
    static void train() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", CliCdsArchive::answer);
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            CliEnv env = new CliEnv(Map.of("SKYLANE_URL", url, "SKYLANE_TOKEN", "training"), Path.of(""));
            for (String command : List.of("tenant", "vpc", "subnet", "port", "security-group")) {
                run(env, command, "list");
            }
            run(env, "port", "list", "--vpc", ID, "-o", "json");
            run(env, "subnet", "show", ID);
            run(env, "port", "create", "--vpc", ID, "--ip", "subnet_id=" + ID + ",ip_address=10.0.0.5",
                    "--binding", "00000000000000d1:1");
            run(env, "vpc", "update", ID, "--name", "web", "--if-match", "1");
            run(env, "security-group", "rule", "list");
            run(env, "subnet", "delete", ID);
            run(env, "vpc", "show", MISSING);
            run(new CliEnv(Map.of("SKYLANE_URL", "http://127.0.0.1:1"), Path.of("")), "tenant", "list");
            run(env, "vpc", "lst");
            run(env, "--help");
            run(env, "port", "create", "--help");
        } finally {
            server.stop(0);
        }
    }

    private static void run(CliEnv env, String... args) {
        CommandLine cl = SkylaneCommand.commandLine(env, args);
        cl.setOut(new PrintWriter(Writer.nullWriter()));
        cl.setErr(new PrintWriter(Writer.nullWriter()));
        cl.execute(args);
    }

    /** 404 for the missing id, 204 for a delete, otherwise the resource (or two of them) the path names. */
    private static void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String[] parts = path.split("/");
        boolean one = isId(parts[parts.length - 1]);
        String plural = parts[parts.length - (one ? 2 : 1)].replace('-', '_');
        String singular = plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
        int status;
        String body;
        if (path.endsWith(MISSING)) {
            status = 404;
            body = "{\"error\":{\"type\":\"not_found\",\"message\":\"" + singular + " " + MISSING + " not found\","
                    + "\"field\":null}}";
        } else if (x.getRequestMethod().equals("DELETE")) {
            status = 204;
            body = "";
        } else if (x.getRequestMethod().equals("GET") && !one) {
            status = 200;
            body = "{\"" + plural + "\":[" + resource() + "," + resource() + "],\"" + plural + "_links\":[]}";
        } else {
            status = x.getRequestMethod().equals("POST") ? 201 : 200;
            body = "{\"" + singular + "\":" + resource() + "}";
        }
        x.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean isId(String segment) {
        return segment.equals(ID) || segment.equals(MISSING);
    }

    /** The fields of every kind of resource at once: each printer finds its columns. */
    private static String resource() {
        return "{\"id\":\"" + ID + "\",\"name\":\"web\",\"description\":\"\",\"tenant_id\":\"" + TENANT + "\","
                + "\"vpc_id\":\"" + ID + "\",\"segment_id\":3,\"ip_version\":4,\"cidr\":\"10.0.0.0/24\","
                + "\"gateway_ip\":\"10.0.0.1\",\"allocation_pools\":[{\"start\":\"10.0.0.2\",\"end\":\"10.0.0.254\"}],"
                + "\"dns_nameservers\":[],\"enable_dhcp\":true,\"fixed_ips\":[{\"subnet_id\":\"" + ID
                + "\",\"ip_address\":\"10.0.0.5\"}],\"mac_address\":\"fa:16:3e:f4:e7:e8\",\"security_groups\":[\"" + ID
                + "\"],\"port_security_enabled\":true,\"allowed_address_pairs\":[],\"binding\":{\"dpid\":"
                + "\"00000000000000d1\",\"port\":1},\"admin_state_up\":true,\"status\":\"ACTIVE\",\"tags\":[],"
                + "\"external_ids\":{},\"created_at\":\"2026-01-01T00:00:00Z\",\"updated_at\":\"2026-01-01T00:00:00Z\","
                + "\"revision\":1,\"rules\":[],\"direction\":\"ingress\",\"ethertype\":\"IPv4\",\"protocol\":\"tcp\","
                + "\"port_range_min\":22,\"port_range_max\":22,\"remote_ip_prefix\":\"0.0.0.0/0\"}";
    }
}
