package io.skylane.server.cli;

import java.util.function.Predicate;
import picocli.CommandLine;

/** The command group of one resource type: create, list, show, update (if it can change), delete. */
final class ResourceCommands {

    private ResourceCommands() {
    }

    static CommandLine group(ResourceSpec spec, CliEnv env) {
        return group(spec, env, verb -> true);
    }

    /** The group with only the verbs {@code wanted} accepts. */
    static CommandLine group(ResourceSpec spec, CliEnv env, Predicate<String> wanted) {
        CommandLine group = GroupCommand.of(spec.command(), spec.description());
        if (wanted.test("create")) {
            CommandLine create = new CommandLine(new CreateCommand(spec, env));
            Bodies.addOptions(create.getCommandSpec(), spec.fields(), true);
            group.addSubcommand("create", create);
        }
        if (wanted.test("list")) {
            CommandLine list = new CommandLine(new ListCommand(spec, env));
            ListCommand.addShortcuts(list.getCommandSpec(), spec);
            group.addSubcommand("list", list);
        }
        if (wanted.test("show")) {
            group.addSubcommand("show", new CommandLine(new ShowCommand(spec, env)));
        }
        if (spec.updatable() && wanted.test("update")) {
            CommandLine update = new CommandLine(new UpdateCommand(spec, env));
            Bodies.addOptions(update.getCommandSpec(), spec.updateFields(), false);
            group.addSubcommand("update", update);
        }
        if (wanted.test("delete")) {
            group.addSubcommand("delete", new CommandLine(new DeleteCommand(spec, env)));
        }
        return group;
    }
}
