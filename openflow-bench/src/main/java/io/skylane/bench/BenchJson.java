package io.skylane.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Map;

/**
 * The load generator's JSON, with Jackson (as the REST API): the {@code --json} document, the
 * bodies it sends to the REST API and the answers it reads. The document is pretty-printed with
 * two-space indentation; numbers keep the form the documented results use: an integral value
 * without a fraction, any other rounded to three decimals, and NaN or an infinity (nothing was
 * measured) as {@code null}.
 */
final class BenchJson {

    /** Reads answers, builds request bodies; writes measured doubles as described above. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("skylane-bench-numbers").addSerializer(Double.class, new Measured()))
            .build();

    private static final ObjectWriter DOCUMENT = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private BenchJson() {
    }

    /** The document (maps, lists, strings, numbers, booleans, nulls), pretty-printed, ending with a newline. */
    static String document(Map<String, Object> document) {
        try {
            return DOCUMENT.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the result document holds a value JSON cannot write: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Parses an answer of the REST API.
     *
     * @throws JsonProcessingException if it is not JSON
     */
    static JsonNode read(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** A measured double: NaN and infinities as null, integral values as integers, others to three decimals. */
    private static final class Measured extends StdSerializer<Double> {

        Measured() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double d = value;
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                gen.writeNull();
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                gen.writeNumber((long) d);
            } else {
                gen.writeNumber(Double.toString(Math.round(d * 1000.0) / 1000.0));
            }
        }
    }
}
