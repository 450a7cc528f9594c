package io.skylane.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** One column of a list table: its header and how a resource fills it. */
record Column(String header, Function<JsonNode, String> value) {

    /** The field {@code key} of the resource. */
    static Column of(String header, String key) {
        return new Column(header, o -> Values.field(o, key));
    }

    static Column of(String header, Function<JsonNode, String> value) {
        return new Column(header, value);
    }
}
