package io.skylane.vpc.yang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.model.api.ContainerSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.DecimalTypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Int64TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Uint64TypeDefinition;

/**
 * Turns a resource in the API's JSON shape into its RFC 7951 form, guided by the schema:
 * <ul>
 *   <li>{@code null} fields and empty arrays are dropped (RFC 7951 has no null: the leaf is absent);</li>
 *   <li>a list keyed by {@code key} with a {@code value} leaf ({@code external_ids}), written by the API as a
 *       JSON object, becomes an array of {@code {"key", "value"}};</li>
 *   <li>int64, uint64 and decimal64 numbers become JSON strings (RFC 7951 section 6.1); the API must write
 *       them as numbers.</li>
 * </ul>
 * Fields the schema does not know are copied unchanged, for the YANG parser to reject.
 */
final class Rfc7951Renderer {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Rfc7951Renderer() {
    }

    static ObjectNode renderObject(ObjectNode resource, DataNodeContainer schema, String path) {
        ObjectNode out = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : resource.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull() || isEmptyArray(value)) {
                continue;
            }
            Optional<DataSchemaNode> child = child(schema, name);
            JsonNode rendered = child.isPresent() ? renderValue(value, child.get(), path + "/" + name) : value;
            if (rendered != null) {
                out.set(name, rendered);
            }
        }
        return out;
    }

    /** The data tree child of that local name (looking through choices and cases), if any. */
    static Optional<DataSchemaNode> child(DataNodeContainer schema, String localName) {
        if (!(schema instanceof DataSchemaNode)) {
            return Optional.empty();
        }
        QName parent = ((DataSchemaNode) schema).getQName();
        try {
            return schema.findDataTreeChild(QName.create(parent, localName));
        } catch (IllegalArgumentException notAnIdentifier) {
            return Optional.empty();
        }
    }

    /** The rendered value, or null when it is to be left out (an empty map). */
    private static JsonNode renderValue(JsonNode value, DataSchemaNode schema, String path) {
        if (schema instanceof ListSchemaNode) {
            ListSchemaNode list = (ListSchemaNode) schema;
            if (value.isObject() && isKeyValueList(list)) {
                return value.isEmpty() ? null : keyValueArray((ObjectNode) value, list, path);
            }
            if (value.isArray()) {
                ArrayNode out = JSON.arrayNode();
                for (int i = 0; i < value.size(); i++) {
                    JsonNode entry = value.get(i);
                    out.add(entry.isObject() ? renderObject((ObjectNode) entry, list, path + "[" + i + "]") : entry);
                }
                return out;
            }
            return value;
        }
        if (schema instanceof LeafListSchemaNode) {
            if (!value.isArray()) {
                return value;
            }
            TypeDefinition<?> type = ((LeafListSchemaNode) schema).getType();
            ArrayNode out = JSON.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                out.add(scalar(value.get(i), type, path + "[" + i + "]"));
            }
            return out;
        }
        if (schema instanceof ContainerSchemaNode) {
            return value.isObject() ? renderObject((ObjectNode) value, (ContainerSchemaNode) schema, path) : value;
        }
        if (schema instanceof LeafSchemaNode) {
            return scalar(value, ((LeafSchemaNode) schema).getType(), path);
        }
        return value;
    }

    private static JsonNode scalar(JsonNode value, TypeDefinition<?> type, String path) {
        if (!is64Bit(type)) {
            return value;
        }
        if (!value.isNumber()) {
            throw new AssertionError(path + ": the API writes 64-bit numbers as JSON numbers, got " + value);
        }
        return TextNode.valueOf(value.isIntegralNumber() ? value.bigIntegerValue().toString()
                : value.decimalValue().toPlainString());
    }

    static boolean is64Bit(TypeDefinition<?> type) {
        return type instanceof Int64TypeDefinition || type instanceof Uint64TypeDefinition
                || type instanceof DecimalTypeDefinition;
    }

    private static boolean isKeyValueList(ListSchemaNode list) {
        List<QName> key = list.getKeyDefinition();
        return key.size() == 1 && key.get(0).getLocalName().equals("key")
                && child(list, "value").isPresent() && list.getChildNodes().size() == 2;
    }

    private static ArrayNode keyValueArray(ObjectNode map, ListSchemaNode list, String path) {
        DataSchemaNode valueSchema = child(list, "value").orElseThrow();
        ArrayNode out = JSON.arrayNode();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            ObjectNode pair = out.addObject();
            pair.put("key", entry.getKey());
            if (!entry.getValue().isNull()) {
                pair.set("value", renderValue(entry.getValue(), valueSchema, path + "/" + entry.getKey()));
            }
        }
        return out;
    }

    private static boolean isEmptyArray(JsonNode value) {
        return value.isArray() && value.isEmpty();
    }
}
