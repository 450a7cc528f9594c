package io.skylane.server.cli;

import picocli.CommandLine;

/** The command group of one resource type: create, list, show, update (if it can change), delete. */
final class ResourceCommands {

    private ResourceCommands() {
    }

    static CommandLine group(ResourceSpec spec, CliEnv env) {
        CommandLine group = GroupCommand.of(spec.command(), spec.description());
        CommandLine create = new CommandLine(new CreateCommand(spec, env));
        Bodies.addOptions(create.getCommandSpec(), spec.fields(), true);
        group.addSubcommand("create", create);
        CommandLine list = new CommandLine(new ListCommand(spec, env));
        ListCommand.addShortcuts(list.getCommandSpec(), spec);
        group.addSubcommand("list", list);
        group.addSubcommand("show", new CommandLine(new ShowCommand(spec, env)));
        if (spec.updatable()) {
            CommandLine update = new CommandLine(new UpdateCommand(spec, env));
            Bodies.addOptions(update.getCommandSpec(), spec.updateFields(), false);
            group.addSubcommand("update", update);
        }
        group.addSubcommand("delete", new CommandLine(new DeleteCommand(spec, env)));
        return group;
    }
}
