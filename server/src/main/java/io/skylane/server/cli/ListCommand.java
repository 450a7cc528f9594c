package io.skylane.server.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code <resource> list}: the resources the token may see, filtered by any field. */
@Command(name = "list", sortOptions = false,
        description = "List them (a table: one row each; json: the API's answer).")
final class ListCommand extends ClientCommand {

    @Option(names = "--filter", paramLabel = "FIELD=VALUE",
            description = "Only those whose field equals the value (for list fields: contains it); repeatable.")
    List<String> filters = List.of();

    @Option(names = "--limit", paramLabel = "N", description = "At most N (1..1000; default: the API's, 1000).")
    Integer limit;

    @Option(names = "--marker", paramLabel = "ID", description = "Start after this id (the next page).")
    String marker;

    private final ResourceSpec spec;

    ListCommand(ResourceSpec spec, CliEnv env) {
        super(env);
        this.spec = spec;
    }

    /** Adds the spec's shortcuts ({@code --vpc ID} for {@code --filter vpc_id=ID}). */
    static void addShortcuts(picocli.CommandLine.Model.CommandSpec cmd, ResourceSpec spec) {
        spec.listShortcuts().forEach((option, field) -> cmd.addOption(OptionSpec.builder(option).type(String.class)
                .paramLabel("ID").description("Same as --filter " + field + "=ID.").build()));
    }

    @Override
    void run(ApiClient api, Printer out) throws ApiError, Unreachable {
        StringBuilder q = new StringBuilder();
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("--filter takes FIELD=VALUE, got \"" + f + "\"");
            }
            param(q, f.substring(0, eq), f.substring(eq + 1));
        }
        for (Map.Entry<String, String> s : spec.listShortcuts().entrySet()) {
            if (given(s.getKey())) {
                param(q, s.getValue(), self.findOption(s.getKey()).getValue());
            }
        }
        if (limit != null) {
            param(q, "limit", limit.toString());
        }
        if (marker != null) {
            param(q, "marker", marker);
        }
        out.list(api.get(spec.collection(parentId(spec)) + q), spec.plural(), spec.columns());
    }

    private static void param(StringBuilder q, String key, String value) {
        q.append(q.length() == 0 ? '?' : '&').append(ApiClient.query(key)).append('=').append(ApiClient.query(value));
    }
}
