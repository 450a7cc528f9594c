package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One option of {@code create} or {@code update} and how its value goes into the request body.
 * A writer that cannot read its value throws {@link IllegalArgumentException} (a usage error).
 */
record FieldOption(String name, String label, String description, Arity arity, boolean split, boolean createOnly,
        boolean required, Writer writer) {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** How many values the option takes: one, one per occurrence (repeatable), or none (a flag). */
    enum Arity { ONE, MANY, FLAG }

    /** Puts the option's value (a String, a List of String, or true for a flag) into the body. */
    interface Writer {
        void write(ObjectNode body, Object value);
    }

    /** {@code --name TEXT}: the string field. */
    static FieldOption text(String name, String field, String label, String description) {
        return new FieldOption(name, label, description, Arity.ONE, false, false, false,
                (body, v) -> body.put(field, (String) v));
    }

    /** {@code --port 80}: the integer field; a value that is not a number is a usage error. */
    static FieldOption integer(String name, String field, String label, String description) {
        return new FieldOption(name, label, description, Arity.ONE, false, false, false,
                (body, v) -> body.put(field, number(name, (String) v)));
    }

    /** {@code --protocol tcp}: the string field in upper case, as the API's enumerations are written. */
    static FieldOption upper(String name, String field, String label, String description) {
        return new FieldOption(name, label, description, Arity.ONE, false, false, false,
                (body, v) -> body.put(field, ((String) v).trim().toUpperCase(Locale.ROOT)));
    }

    /** {@code --dns A,B --dns C}: a list of strings; an empty value gives an empty list. */
    static FieldOption strings(String name, String field, String label, String description) {
        return new FieldOption(name, label, description, Arity.MANY, true, false, false, (body, v) -> {
            ArrayNode a = body.putArray(field);
            strings(v).stream().filter(s -> !s.isEmpty()).forEach(a::add);
        });
    }

    /** A repeatable option whose every value becomes an object of the list {@code field}. */
    static FieldOption objects(String name, String field, String label, String description,
            Function<String, ObjectNode> parse) {
        return new FieldOption(name, label, description, Arity.MANY, false, false, false, (body, v) -> {
            ArrayNode a = body.putArray(field);
            strings(v).forEach(s -> a.add(parse.apply(s)));
        });
    }

    /** {@code --external-id k=v} (repeatable): the object {@code field}. */
    static FieldOption map(String name, String field, String label, String description) {
        return new FieldOption(name, label, description, Arity.MANY, false, false, false, (body, v) -> {
            ObjectNode o = body.putObject(field);
            for (String s : strings(v)) {
                int eq = s.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException(name + " takes KEY=VALUE, got \"" + s + "\"");
                }
                o.put(s.substring(0, eq), s.substring(eq + 1));
            }
        });
    }

    /** A flag that sets {@code field} to {@code value}. */
    static FieldOption constant(String name, String field, JsonNode value, String description) {
        return new FieldOption(name, null, description, Arity.FLAG, false, false, false,
                (body, v) -> body.set(field, value));
    }

    /** An option with its own writer. */
    static FieldOption custom(String name, String label, String description, Writer writer) {
        return new FieldOption(name, label, description, Arity.ONE, false, false, false, writer);
    }

    FieldOption onlyOnCreate() {
        return new FieldOption(name, label, description, arity, split, true, required, writer);
    }

    /** Required on create (and so create-only). */
    FieldOption requiredOnCreate() {
        return new FieldOption(name, label, description, arity, split, true, true, writer);
    }

    /** Required on create; unlike {@link #requiredOnCreate()}, {@code update} takes it too (a pool's algorithm). */
    FieldOption requiredToCreate() {
        return new FieldOption(name, label, description, arity, split, createOnly, true, writer);
    }

    /** The picocli option; required only when creating. */
    OptionSpec option(boolean creating) {
        OptionSpec.Builder b = OptionSpec.builder(name).description(description).required(creating && required);
        switch (arity) {
            case ONE:
                b.type(String.class).arity("1").paramLabel(label);
                break;
            case MANY:
                b.type(List.class).auxiliaryTypes(String.class).arity("1").paramLabel(label);
                if (split) {
                    b.splitRegex(",");
                }
                break;
            default:
                b.type(boolean.class).arity("0");
                break;
        }
        return b.build();
    }

    /**
     * {@code k=v,k=v} as an object of strings; a value without {@code =} is given to the key
     * {@code bare} picks for it.
     */
    static ObjectNode pairs(String option, String s, Function<String, String> bare) {
        ObjectNode o = F.objectNode();
        for (String part : s.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? bare.apply(part.trim()) : part.substring(0, eq).trim();
            String value = eq < 0 ? part.trim() : part.substring(eq + 1).trim();
            if (key.isEmpty() || o.has(key)) {
                throw new IllegalArgumentException(option + ": cannot read \"" + s + "\"");
            }
            o.put(key, value);
        }
        return o;
    }

    /** A number for {@code option}, or a usage error. */
    static int number(String option, String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": \"" + s + "\" is not a number");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return (List<String>) v;
    }
}
