package io.skylane.server.cli;

import picocli.CommandLine;

/** Adds the client commands to the {@code skylane} command line. */
public final class Cli {

    private Cli() {
    }

    /** {@code tenant} (with {@code token}), {@code vpc}, {@code subnet}, {@code port}, {@code security-group} (with {@code rule}). */
    public static void install(CommandLine root, CliEnv env) {
        CommandLine tenant = ResourceCommands.group(Resources.TENANT, env);
        tenant.addSubcommand("token", TokenCommands.group(env));
        root.addSubcommand(Resources.TENANT.command(), tenant);
        root.addSubcommand(Resources.VPC.command(), ResourceCommands.group(Resources.VPC, env));
        root.addSubcommand(Resources.SUBNET.command(), ResourceCommands.group(Resources.SUBNET, env));
        root.addSubcommand(Resources.PORT.command(), ResourceCommands.group(Resources.PORT, env));
        CommandLine groups = ResourceCommands.group(Resources.SECURITY_GROUP, env);
        groups.addSubcommand(Resources.RULE.command(), ResourceCommands.group(Resources.RULE, env));
        root.addSubcommand(Resources.SECURITY_GROUP.command(), groups);
    }
}
