package io.skylane.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code vpc}, {@code security-group rule}): alone, a usage error. */
@Command(synopsisSubcommandLabel = "COMMAND")
final class GroupCommand implements Runnable {

    @Spec
    CommandSpec self;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(self.commandLine(), "a subcommand is required: one of "
                + String.join(", ", self.subcommands().keySet()));
    }

    /** A group named {@code name} with the given description. */
    static CommandLine of(String name, String description) {
        CommandLine cl = new CommandLine(new GroupCommand());
        cl.getCommandSpec().name(name).usageMessage().description(description);
        return cl;
    }
}
