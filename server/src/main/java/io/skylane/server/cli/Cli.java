package io.skylane.server.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Adds the client commands to the {@code skylane} command line. */
public final class Cli {

    /** Each client command by name, in the order the help lists them, built with the subcommands wanted. */
    private static final Map<String, BiFunction<CliEnv, Predicate<String>, CommandLine>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put(Resources.TENANT.command(), (env, wanted) -> {
            CommandLine tenant = ResourceCommands.group(Resources.TENANT, env, wanted);
            if (wanted.test("token")) {
                tenant.addSubcommand("token", TokenCommands.group(env));
            }
            return tenant;
        });
        GROUPS.put(Resources.VPC.command(), (env, wanted) -> ResourceCommands.group(Resources.VPC, env, wanted));
        GROUPS.put(Resources.SUBNET.command(), (env, wanted) -> ResourceCommands.group(Resources.SUBNET, env, wanted));
        GROUPS.put(Resources.PORT.command(), (env, wanted) -> ResourceCommands.group(Resources.PORT, env, wanted));
        GROUPS.put(Resources.SECURITY_GROUP.command(), (env, wanted) -> {
            CommandLine groups = ResourceCommands.group(Resources.SECURITY_GROUP, env, wanted);
            if (wanted.test(Resources.RULE.command())) {
                groups.addSubcommand(Resources.RULE.command(), ResourceCommands.group(Resources.RULE, env));
            }
            return groups;
        });
        GROUPS.put(LoadBalancerResources.LOAD_BALANCER.command(), (env, wanted) -> {
            CommandLine lbs = ResourceCommands.group(LoadBalancerResources.LOAD_BALANCER, env, wanted);
            if (wanted.test("status")) {
                lbs.addSubcommand("status", new CommandLine(new StatusCommand(env)));
            }
            return lbs;
        });
        for (ResourceSpec spec : List.of(LoadBalancerResources.LISTENER, LoadBalancerResources.POOL,
                LoadBalancerResources.MEMBER, LoadBalancerResources.HEALTH_MONITOR, Resources.ROUTER,
                Resources.HYPERVISOR)) {
            GROUPS.put(spec.command(), (env, wanted) -> ResourceCommands.group(spec, env, wanted));
        }
    }

    private Cli() {
    }

    /**
     * {@code tenant} (with {@code token}), {@code vpc}, {@code subnet}, {@code port}, {@code security-group}
     * (with {@code rule}), {@code load-balancer} (with {@code status}), {@code listener}, {@code pool},
     * {@code member}, {@code health-monitor}, {@code router}, {@code hypervisor}.
     */
    public static void install(CommandLine root, CliEnv env) {
        GROUPS.forEach((name, group) -> root.addSubcommand(name, group.apply(env, any -> true)));
    }

    /**
     * The client commands as the root's help lists them (name and description), without their
     * subcommands and options: what {@code skylane --help} shows, at a fraction of the cost.
     */
    public static void installSummaries(CommandLine root) {
        List<ResourceSpec> specs = new ArrayList<>(List.of(Resources.TENANT, Resources.VPC, Resources.SUBNET,
                Resources.PORT, Resources.SECURITY_GROUP));
        specs.addAll(LoadBalancerResources.ALL);
        specs.add(Resources.ROUTER);
        specs.add(Resources.HYPERVISOR);
        for (ResourceSpec spec : specs) {
            root.addSubcommand(spec.command(), GroupCommand.of(spec.command(), spec.description()));
        }
    }

    /**
     * For a client call ({@code vpc list ...}: the first argument names a client command), a
     * command line that holds only that command under a root named {@code skylane}, and of it only
     * the verb called when the second argument names one: it parses, runs and reports like the
     * whole one, but picocli builds the model of a few commands instead of some forty, which was
     * most of a call's start-up (docs/benchmarks.md). Empty for anything else (the controller's
     * commands, help, version, no arguments).
     */
    public static Optional<CommandLine> forCall(CliEnv env, String... args) {
        BiFunction<CliEnv, Predicate<String>, CommandLine> group = args.length == 0 ? null : GROUPS.get(args[0]);
        if (group == null) {
            return Optional.empty();
        }
        // only the verb called, when there is one; the whole group for anything else (its usage
        // and suggestions name every verb)
        CommandLine command = args.length > 1 ? group.apply(env, args[1]::equals) : null;
        if (command == null || command.getSubcommands().isEmpty()) {
            command = group.apply(env, any -> true);
        }
        CommandLine root = new CommandLine(new ClientRoot());
        root.addSubcommand(args[0], command);
        root.setCaseInsensitiveEnumValuesAllowed(true);
        return Optional.of(root);
    }

    /** The root of a client call: only ever passes the arguments on to its one subcommand. */
    @Command(name = "skylane")
    static final class ClientRoot implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("a client call always names its command");
        }
    }
}
