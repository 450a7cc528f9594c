package io.skylane.vpc.yang;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.stream.JsonReader;
import io.skylane.vpc.model.YangModules;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.ServiceLoader;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactory;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactorySupplier;
import org.opendaylight.yangtools.yang.data.codec.gson.JsonParserStream;
import org.opendaylight.yangtools.yang.data.impl.schema.ImmutableNormalizedNodeStreamWriter;
import org.opendaylight.yangtools.yang.data.impl.schema.NormalizationResultHolder;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.EffectiveModelContext;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.source.SourceIdentifier;
import org.opendaylight.yangtools.yang.model.spi.source.StringYangTextSource;
import org.opendaylight.yangtools.yang.parser.api.YangParser;
import org.opendaylight.yangtools.yang.parser.api.YangParserException;
import org.opendaylight.yangtools.yang.parser.api.YangParserFactory;

/**
 * The intent model's YANG modules ({@link YangModules}), parsed with OpenDaylight yangtools, and a check that
 * a resource as the API returns it conforms to them.
 *
 * <p>{@link #validate} renders the resource as RFC 7951 JSON (see {@link #toRfc7951}), walks it along the
 * schema ({@link StrictChecks}: each value through yangtools' codec for its type, plus what the yangtools
 * parser does not check: JSON kinds, mandatory leaves, element counts, duplicates), then parses the whole
 * document with the yangtools JSON parser into a NormalizedNode (unknown fields, values, list keys, choices).
 * Not checked: {@code must} and {@code when} (none in the modules), {@code unique} across resources,
 * references between resources.
 *
 * <p>Test code: to use it from another module's tests, depend on vpc-manager's test-jar and on yangtools'
 * {@code yang-parser-impl}, {@code yang-data-impl} and {@code yang-data-codec-gson} in test scope.
 */
public final class YangModel {

    private final EffectiveModelContext context;

    private YangModel(EffectiveModelContext context) {
        this.context = context;
    }

    /** Parsed on first use (class initialization is thread safe). */
    private static final class Shared {
        static final YangModel MODEL = new YangModel(parse(YangModules.names()));
    }

    /** All modules of {@link YangModules}, parsed once and shared (the model is immutable). */
    public static YangModel get() {
        return Shared.MODEL;
    }

    /** Parses the named modules from the classpath; throws if one does not parse or misses an import. */
    public static EffectiveModelContext parse(List<String> moduleNames) {
        YangParser parser = ServiceLoader.load(YangParserFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no yangtools YangParserFactory on the classpath"))
                .createParser();
        try {
            for (String name : moduleNames) {
                String text = YangModules.text(name)
                        .orElseThrow(() -> new IllegalArgumentException("no YANG module " + name));
                parser.addSource(new StringYangTextSource(new SourceIdentifier(name), text));
            }
            return parser.buildEffectiveModel();
        } catch (IOException | YangParserException e) {
            throw new IllegalStateException("YANG modules " + moduleNames + " do not parse: " + e.getMessage(), e);
        }
    }

    public EffectiveModelContext context() {
        return context;
    }

    /**
     * Checks one resource, in the API's JSON shape, against a top-level list of a module, e.g.
     * {@code validate("skylane-vpc", "port", port)}.
     *
     * @throws AssertionError naming the field and the rule when it does not conform
     * @throws IllegalArgumentException when the module has no such top-level list
     */
    public void validate(String module, String topLevelList, JsonNode resource) {
        ObjectNode document = toRfc7951(module, topLevelList, resource);
        String json = document.toString();
        String where = module + ":" + topLevelList + " " + resource.path("id").asText("(no id)");
        ObjectNode entry = (ObjectNode) document.path(module + ":" + topLevelList).path(0);
        List<String> problems = StrictChecks.check(entry, list(module, topLevelList), codecs(), topLevelList);
        if (!problems.isEmpty()) {
            throw new AssertionError(where + " does not conform to the YANG model: " + String.join("; ", problems)
                    + "\n  RFC 7951: " + json);
        }
        try {
            parseData(json);
        } catch (RuntimeException e) {
            throw new AssertionError(where + " does not conform to the YANG model: " + describe(e)
                    + "\n  RFC 7951: " + json, e);
        }
    }

    /**
     * The RFC 7951 document for one resource in the API's JSON shape:
     * {@code {"<module>:<list>": [<entry>]}}, nulls and empty arrays dropped, {@code external_ids} as a list
     * of {@code {"key", "value"}}, 64-bit integers as strings.
     */
    public ObjectNode toRfc7951(String module, String topLevelList, JsonNode resource) {
        ListSchemaNode list = list(module, topLevelList);
        if (!resource.isObject()) {
            throw new AssertionError(module + ":" + topLevelList + ": a resource is a JSON object, got " + resource);
        }
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.putArray(module + ":" + topLevelList)
                .add(Rfc7951Renderer.renderObject((ObjectNode) resource, list, topLevelList));
        return document;
    }

    private ListSchemaNode list(String module, String topLevelList) {
        org.opendaylight.yangtools.yang.model.api.Module yang = context.findModules(module).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no YANG module " + module));
        DataSchemaNode node = yang.dataChildByName(QName.create(yang.getQNameModule(), topLevelList));
        checkArgument(node instanceof ListSchemaNode, "%s has no top-level list %s", module, topLevelList);
        return (ListSchemaNode) node;
    }

    private JSONCodecFactory codecs() {
        return JSONCodecFactorySupplier.RFC7951.getShared(context);
    }

    private void parseData(String json) {
        NormalizationResultHolder result = new NormalizationResultHolder();
        try (JsonParserStream parser = JsonParserStream.create(ImmutableNormalizedNodeStreamWriter.from(result),
                codecs())) {
            parser.parse(new JsonReader(new StringReader(json)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The messages along a yangtools failure's causes (they come wrapped in gson exceptions), outermost first. */
    static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            Throwable cause = t.getCause();
            boolean wrapsCause = cause != null && message != null && cause.getMessage() != null
                    && message.contains(cause.getMessage());
            if (message != null && !wrapsCause) {
                out.append(out.length() == 0 ? "" : ": ").append(message);
            }
        }
        return out.length() == 0 ? e.getClass().getName() : out.toString();
    }
}
