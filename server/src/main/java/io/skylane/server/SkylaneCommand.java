package io.skylane.server;

import io.skylane.server.cli.Cli;
import io.skylane.server.cli.CliEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code skylane} command line: the controller ({@code run}, {@code bench}) and the API client (docs/cli.md). */
@Command(name = "skylane", mixinStandardHelpOptions = true, versionProvider = SkylaneCommand.Version.class,
        description = {"Skylane, an OpenFlow SDN controller for cloud tenants.",
            "run starts the controller; tenant, vpc, subnet, port, security-group, load-balancer, listener,"
                + " pool, member, health-monitor, router and hypervisor call its REST API."},
        subcommands = {SkylaneCommand.Run.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class SkylaneCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(CliEnv.system(), args).execute(args));
    }

    /**
     * The command line for these arguments, built only as far as they need it: a client call gets
     * only its own command ({@link Cli#forCall}), {@code --help} the client commands' names and
     * descriptions ({@link Cli#installSummaries}); anything else the whole command line. Each
     * parses, runs and prints as the whole one does (docs/benchmarks.md: start-up of the client).
     */
    public static CommandLine commandLine(CliEnv env, String... args) {
        Optional<CommandLine> call = Cli.forCall(env, args);
        if (call.isPresent()) {
            return call.get();
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            CommandLine cl = new CommandLine(new SkylaneCommand());
            Cli.installSummaries(cl);
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            return cl;
        }
        return commandLine(env);
    }

    /** The whole command line; the client commands read {@code env}. */
    public static CommandLine commandLine(CliEnv env) {
        CommandLine cl = new CommandLine(new SkylaneCommand());
        Cli.install(cl, env);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (try: skylane run, or skylane help)");
    }

    /** {@code skylane run}: starts the controller and runs until SIGTERM or Ctrl-C. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Start the controller (OpenFlow on 6653, REST on 8181 unless configured otherwise).")
    static final class Run implements Callable<Integer> {

        @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration overlaying the defaults.")
        Path config;

        @Option(names = "--openflow-port", paramLabel = "PORT",
                description = "OpenFlow listener port(s); repeat or comma-separate for several (default 6653).",
                split = ",")
        List<Integer> openflowPorts;

        @Option(names = "--openflow-address", paramLabel = "ADDR", description = "Address for OpenFlow (default 0.0.0.0).")
        String openflowAddress;

        @Option(names = "--api-port", paramLabel = "PORT", description = "REST API port (default 8181).")
        Integer apiPort;

        @Option(names = "--api-address", paramLabel = "ADDR", description = "Address for the REST API (default 0.0.0.0).")
        String apiAddress;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the controller keeps its state (default ./data).")
        Path dataDir;

        @Option(names = "--clear-tables-on-connect", negatable = true,
                description = "Delete every flow and group of a switch when it connects (default: keep, then audit).")
        Boolean clearTables;

        @Override
        public Integer call() throws Exception {
            ServerConfig cfg;
            try {
                cfg = Flags.apply(new ConfigLoader().load(config), this);
            } catch (ConfigLoader.ConfigException e) {
                System.err.println("skylane: " + e.getMessage());
                return 2;
            }
            SkylaneController controller = new SkylaneController(cfg, Version.text());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }, "skylane-shutdown"));
            try {
                controller.start();
            } catch (RuntimeException e) {
                System.err.println("skylane: cannot start: " + e.getMessage());
                controller.close();
                return 1;
            }
            stopped.await();
            return 0;
        }
    }

    /** Applies command-line flags over the loaded configuration. */
    static final class Flags {
        private Flags() {
        }

        static ServerConfig apply(ServerConfig c, Run r) {
            ServerConfig.OpenFlow of = c.openflow();
            of = new ServerConfig.OpenFlow(
                    r.openflowAddress != null ? r.openflowAddress : of.address(),
                    r.openflowPorts != null && !r.openflowPorts.isEmpty() ? List.copyOf(r.openflowPorts) : of.ports(),
                    of.handshakeTimeoutMs(), of.echoIntervalMs(), of.readTimeoutMs(), of.requestTimeoutMs(),
                    of.maxFrameLength(), r.clearTables != null ? r.clearTables : of.clearTablesOnConnect(),
                    of.ioThreads());
            ServerConfig.Api api = c.api().withAddress(
                    r.apiAddress != null ? r.apiAddress : c.api().address(),
                    r.apiPort != null ? r.apiPort : c.api().port());
            return ConfigLoader.validate(new ServerConfig(of, api, c.flows(), c.forwarding(), c.learning(), c.discovery(),
                    c.hosts(), c.intent(), c.network(), r.dataDir != null ? r.dataDir : c.dataDir()));
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        static String text() {
            String v = SkylaneCommand.class.getPackage().getImplementationVersion();
            return v != null ? v : "dev";
        }

        @Override
        public String[] getVersion() {
            return new String[] {"skylane " + text()};
        }
    }
}
