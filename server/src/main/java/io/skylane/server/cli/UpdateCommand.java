package io.skylane.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code <resource> update ID [field options] [--if-match REV]}: changes only the given fields. */
@Command(name = "update", sortOptions = false,
        description = "Change the given fields of one and show it.")
final class UpdateCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "Its id.")
    String id;

    @Option(names = "--if-match", paramLabel = "REV",
            description = "Only if its revision is still REV (else 412 precondition_failed).")
    Long ifMatch;

    private final ResourceSpec spec;

    UpdateCommand(ResourceSpec spec, CliEnv env) {
        super(env);
        this.spec = spec;
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        ObjectNode body = Bodies.read(self, spec.updateFields(), spec.singular());
        if (body.get(spec.singular()).isEmpty()) {
            throw new IllegalArgumentException("nothing to change: give at least one field option");
        }
        out.one(api.send("PUT", spec.item(parentId(spec), id), body, ifMatch), spec.singular(), spec.cells());
    }
}
