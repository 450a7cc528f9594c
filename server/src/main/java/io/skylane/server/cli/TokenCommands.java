package io.skylane.server.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tenant token create|list|delete}: a tenant's API tokens (admin only). */
final class TokenCommands {

    private static final List<Column> COLUMNS = List.of(Column.of("ID", "id"), Column.of("DESCRIPTION", "description"),
            Column.of("CREATED", "created_at"));

    private TokenCommands() {
    }

    static CommandLine group(CliEnv env) {
        CommandLine group = GroupCommand.of("token", "A tenant's API tokens (admin only).");
        group.addSubcommand("create", new CommandLine(new Create(env)));
        group.addSubcommand("list", new CommandLine(new ListTokens(env)));
        group.addSubcommand("delete", new CommandLine(new Delete(env)));
        return group;
    }

    private static String tokens(String tenant) {
        return Resources.TENANT.item(tenant) + "/tokens";
    }

    @Command(name = "create", sortOptions = false,
            description = "Issue another token; its secret is shown only this once.")
    static final class Create extends ClientCommand {

        @Parameters(index = "0", paramLabel = "TENANT_ID", description = "The tenant.")
        String tenant;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        Create(CliEnv env) {
            super(env);
        }

        @Override
        void run(ApiClient api, Printer out) throws ApiError, Unreachable {
            com.fasterxml.jackson.databind.node.ObjectNode body = null;
            if (description != null) {
                body = FieldOption.F.objectNode();
                body.putObject("token").put("description", description);
            }
            out.one(api.send("POST", tokens(tenant), body, null), "token");
        }
    }

    @Command(name = "list", sortOptions = false,
            description = "List a tenant's tokens (never their secrets).")
    static final class ListTokens extends ClientCommand {

        @Parameters(index = "0", paramLabel = "TENANT_ID", description = "The tenant.")
        String tenant;

        ListTokens(CliEnv env) {
            super(env);
        }

        @Override
        void run(ApiClient api, Printer out) throws ApiError, Unreachable {
            out.list(api.get(tokens(tenant)), "tokens", COLUMNS);
        }
    }

    @Command(name = "delete", sortOptions = false,
            description = "Revoke a token at once.")
    static final class Delete extends ClientCommand {

        @Parameters(index = "0", paramLabel = "TENANT_ID", description = "The tenant.")
        String tenant;

        @Parameters(index = "1", paramLabel = "TOKEN_ID", description = "The token.")
        String token;

        Delete(CliEnv env) {
            super(env);
        }

        @Override
        void run(ApiClient api, Printer out) throws ApiError, Unreachable {
            api.send("DELETE", tokens(tenant) + "/" + ApiClient.segment(token), null, null);
            out.deleted("token", token);
        }
    }
}
