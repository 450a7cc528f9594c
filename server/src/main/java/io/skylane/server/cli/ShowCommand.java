package io.skylane.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code <resource> show ID}. */
@Command(name = "show", sortOptions = false,
        description = "Show one (a table: every field; json: the API's answer).")
final class ShowCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Its id.")
    String id;

    private final ResourceSpec spec;

    ShowCommand(ResourceSpec spec, CliEnv env) {
        super(env);
        this.spec = spec;
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        out.one(api.get(spec.item(parentId(spec), id)), spec.singular(), spec.cells());
    }
}
