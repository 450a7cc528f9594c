package io.skylane.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** Request bodies from the {@link FieldOption}s of {@code create} and {@code update}. */
final class Bodies {

    private Bodies() {
    }

    /** Adds the options of {@code fields} to the command. */
    static void addOptions(CommandSpec cmd, List<FieldOption> fields, boolean creating) {
        fields.forEach(f -> cmd.addOption(f.option(creating)));
    }

    /**
     * The body the given options make, enveloped as {@code {"<singular>": {...}}}. Two options that
     * set the same field ({@code --gateway} and {@code --no-gateway}) are a usage error.
     */
    static ObjectNode read(CommandSpec cmd, List<FieldOption> fields, String singular) {
        ParseResult parsed = cmd.commandLine().getParseResult();
        ObjectNode body = FieldOption.F.objectNode();
        Map<String, String> setBy = new HashMap<>();
        for (FieldOption f : fields) {
            OptionSpec o = cmd.findOption(f.name());
            if (!parsed.hasMatchedOption(o)) {
                continue;
            }
            ObjectNode part = FieldOption.F.objectNode();
            f.writer().write(part, f.arity() == FieldOption.Arity.FLAG ? Boolean.TRUE : o.getValue());
            for (Iterator<String> it = part.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                String other = setBy.putIfAbsent(field, f.name());
                if (other != null) {
                    throw new IllegalArgumentException(other + " and " + f.name() + " both set " + field);
                }
            }
            body.setAll(part);
        }
        ObjectNode out = FieldOption.F.objectNode();
        out.set(singular, body);
        return out;
    }
}
