package io.skylane.server.cli;

import java.util.function.Predicate;
import picocli.CommandLine;

/**
 * The command group of one resource type: create, list, show, update (if it can change), delete;
 * each verb of a nested resource also requires its parent's option ({@code --pool}).
 */
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
            CommandLine create = verb(new CreateCommand(spec, env), spec);
            Bodies.addOptions(create.getCommandSpec(), spec.fields(), true);
            group.addSubcommand("create", create);
        }
        if (wanted.test("list")) {
            CommandLine list = verb(new ListCommand(spec, env), spec);
            ListCommand.addShortcuts(list.getCommandSpec(), spec);
            group.addSubcommand("list", list);
        }
        if (wanted.test("show")) {
            group.addSubcommand("show", verb(new ShowCommand(spec, env), spec));
        }
        if (spec.updatable() && wanted.test("update")) {
            CommandLine update = verb(new UpdateCommand(spec, env), spec);
            Bodies.addOptions(update.getCommandSpec(), spec.updateFields(), false);
            group.addSubcommand("update", update);
        }
        if (wanted.test("delete")) {
            group.addSubcommand("delete", verb(new DeleteCommand(spec, env), spec));
        }
        return group;
    }

    /** The verb's command line, with the parent's option first among its own when the resource has one. */
    private static CommandLine verb(ClientCommand command, ResourceSpec spec) {
        CommandLine cl = new CommandLine(command);
        if (spec.parent() != null) {
            cl.getCommandSpec().addOption(spec.parent().spec());
        }
        return cl;
    }
}
