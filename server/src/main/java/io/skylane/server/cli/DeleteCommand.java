package io.skylane.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code <resource> delete ID [--cascade] [--if-match REV]}. */
@Command(name = "delete", sortOptions = false,
        description = "Delete one; refused (409) while something uses it, unless --cascade.")
final class DeleteCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Its id.")
    String id;

    @Option(names = "--cascade", description = "Delete what uses it too (a VPC's subnets and ports, ...).")
    boolean cascade;

    @Option(names = "--if-match", paramLabel = "REV", description = "Only if its revision is still REV.")
    Long ifMatch;

    private final ResourceSpec spec;

    DeleteCommand(ResourceSpec spec, CliEnv env) {
        super(env);
        this.spec = spec;
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        api.send("DELETE", spec.item(parentId(spec), id) + (cascade ? "?cascade=true" : ""), null, ifMatch);
        out.deleted(spec.singular().replace('_', ' '), id);
    }
}
