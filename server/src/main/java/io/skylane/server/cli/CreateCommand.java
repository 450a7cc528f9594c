package io.skylane.server.cli;

import picocli.CommandLine.Command;

/** {@code <resource> create [field options]}; the options come from the resource's spec. */
@Command(name = "create", sortOptions = false,
        description = "Create one and show it.")
final class CreateCommand extends ClientCommand {

    private final ResourceSpec spec;

    CreateCommand(ResourceSpec spec, CliEnv env) {
        super(env);
        this.spec = spec;
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        out.one(api.send("POST", spec.collection(parentId(spec)), Bodies.read(self, spec.fields(), spec.singular()), null),
                spec.singular(), spec.cells());
    }
}
