package io.skylane.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.server.cli.Cli;
import io.skylane.server.cli.CliEnv;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line built only as far as the arguments need it (what {@code skylane} runs) parses,
 * runs and prints exactly as the whole command line does: help, usage errors, exit codes and a
 * call whose controller cannot be reached.
 */
class ClientCommandLineTest {

    /** Nothing listens on port 1: every call that gets as far as the network exits 3. */
    private static final CliEnv ENV = new CliEnv(Map.of("SKYLANE_URL", "http://127.0.0.1:1", "SKYLANE_TOKEN", "t"),
            Path.of("/nonexistent"));

    record Run(int exit, String out, String err) {
    }

    static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static final List<List<String>> CALLS = List.of(
            List.of("--help"),
            List.of("-h"),
            List.of("vpc"),
            List.of("vpc", "--help"),
            List.of("vpc", "lst"),
            List.of("vpc", "list"),
            List.of("vpc", "list", "-o", "JSON", "--limit", "5"),
            List.of("vpc", "list", "--bogus"),
            List.of("vpc", "show"),
            List.of("tenant", "token", "--help"),
            List.of("tenant", "token", "list", "a"),
            List.of("subnet", "create", "--help"),
            List.of("subnet", "create", "--vpc", "v", "--cidr", "10.0.0.0/24", "--gateway", "10.0.0.1", "--no-gateway"),
            List.of("port", "create", "--vpc", "v", "--binding", "d1:1", "--ip", "10.0.0.5"),
            List.of("port", "update", "p", "--up", "--if-match", "x"),
            List.of("security-group", "rule", "--help"),
            List.of("security-group", "rule", "create", "--group", "g", "--direction", "sideways"),
            List.of("security-group", "delete", "g", "--cascade"),
            List.of("security-group", "rule", "update", "r", "--name", "x"),
            List.of("security-group", "rule", "list", "--group", "g"),
            List.of("security-group", "update", "g", "--name", "x"),
            List.of("tenant", "create", "--help"),
            List.of("tenant", "token"),
            List.of("vpc", "update"),
            List.of("port", "list", "--url", "ftp://example"),
            List.of("load-balancer", "--help"),
            List.of("load-balancer", "status", "lb"),
            List.of("load-balancer", "status"),
            List.of("listener", "create", "--load-balancer", "lb", "--protocol", "tcp", "--port", "80"),
            List.of("pool", "update", "p", "--lb-algorithm", "SOURCE_IP"),
            List.of("member", "--help"),
            List.of("member", "create", "--help"),
            List.of("member", "list", "--pool", "p"),
            List.of("member", "show", "m"),
            List.of("health-monitor", "create", "--pool", "p", "--type", "TCP", "--delay", "x"),
            List.of("hypervisor", "--help"),
            List.of("hypervisor", "create", "--datapath-id", "d1"),
            List.of("hypervisor", "create", "--datapath-id", "d1", "--endpoint-ip", "10.0.0.1"),
            List.of("hypervisor", "update", "h", "--datapath-id", "d2"),
            List.of("hypervisor", "list", "--endpoint-ip", "10.0.0.1"),
            List.of("router", "--help"),
            List.of("router", "create", "--subnet", "s1", "--subnet", "s2,s3"),
            List.of("router", "update", "r", "--no-subnets"),
            List.of("router", "list", "--subnet", "s1"));

    @Test
    void everyCallRunsAsOnTheWholeCommandLine() {
        for (List<String> call : CALLS) {
            String[] args = call.toArray(new String[0]);
            Run whole = run(SkylaneCommand.commandLine(ENV), args);
            Run built = run(SkylaneCommand.commandLine(ENV, args), args);
            assertEquals(whole, built, String.join(" ", call));
        }
    }

    @Test
    void theCallsCoverHelpUsageErrorsAndUnreachable() {
        List<Integer> exits = CALLS.stream().map(c -> run(SkylaneCommand.commandLine(ENV), c.toArray(new String[0])).exit())
                .toList();
        assertTrue(exits.contains(0) && exits.contains(2) && exits.contains(3), exits.toString());
    }

    @Test
    void onlyClientCallsGetACommandLineOfTheirOwn() {
        assertTrue(Cli.forCall(ENV, "vpc", "list").isPresent());
        assertTrue(Cli.forCall(ENV, "security-group").isPresent());
        for (String[] other : new String[][] {{}, {"run"}, {"bench"}, {"help", "vpc"}, {"--version"}, {"vpcs"}}) {
            assertTrue(Cli.forCall(ENV, other).isEmpty(), String.join(" ", other));
        }
        // a client call's command line has that command only
        CommandLine cl = Cli.forCall(ENV, "port", "list").orElseThrow();
        assertEquals(List.of("port"), List.copyOf(cl.getSubcommands().keySet()));
        assertNotEquals(List.of("port"), List.copyOf(SkylaneCommand.commandLine(ENV).getSubcommands().keySet()));
    }
}
