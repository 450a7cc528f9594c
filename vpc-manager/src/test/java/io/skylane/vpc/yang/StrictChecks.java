package io.skylane.vpc.yang;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.opendaylight.yangtools.yang.common.QName;
import org.opendaylight.yangtools.yang.data.codec.gson.JSONCodecFactory;
import org.opendaylight.yangtools.yang.model.api.CaseSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ChoiceSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ContainerSchemaNode;
import org.opendaylight.yangtools.yang.model.api.DataNodeContainer;
import org.opendaylight.yangtools.yang.model.api.DataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ElementCountConstraint;
import org.opendaylight.yangtools.yang.model.api.ElementCountConstraintAware;
import org.opendaylight.yangtools.yang.model.api.LeafListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.LeafSchemaNode;
import org.opendaylight.yangtools.yang.model.api.ListSchemaNode;
import org.opendaylight.yangtools.yang.model.api.MandatoryAware;
import org.opendaylight.yangtools.yang.model.api.TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.TypedDataSchemaNode;
import org.opendaylight.yangtools.yang.model.api.type.BooleanTypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Int16TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Int32TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Int8TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Uint16TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Uint32TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.Uint8TypeDefinition;
import org.opendaylight.yangtools.yang.model.api.type.UnionTypeDefinition;
import org.opendaylight.yangtools.yang.model.util.LeafrefResolver;

/**
 * Walks one list entry of an RFC 7951 document along the schema and names the path of every problem:
 * <ul>
 *   <li>each leaf value through yangtools' own JSON codec for its type (pattern, length, range, enum, union),
 *       which the whole-document parser also does, but without saying which field failed;</li>
 *   <li>what that parser (13.0.x) lets through: the JSON kind of each value (RFC 7951 section 6: a number for
 *       8..32-bit integers, a string for 64-bit ones and everything textual, true/false for booleans), an
 *       object for a container and an array for a list or leaf-list, mandatory leaves and choices, list keys,
 *       min- and max-elements, duplicate list keys or leaf-list values in configuration (the parser merges
 *       them silently), fields the schema does not know, data from two cases of a choice.</li>
 * </ul>
 */
final class StrictChecks {

    private static final LeafrefResolver NO_LEAFREFS = type -> {
        throw new UnsupportedOperationException("the intent model has no leafref: " + type);
    };

    private final JSONCodecFactory codecs;
    private final List<String> problems = new ArrayList<>();

    private StrictChecks(JSONCodecFactory codecs) {
        this.codecs = codecs;
    }

    /** The problems found in one list entry, each prefixed with its path; empty when there are none. */
    static List<String> check(ObjectNode entry, ListSchemaNode schema, JSONCodecFactory codecs, String path) {
        StrictChecks checks = new StrictChecks(codecs);
        checks.entry(entry, schema, path);
        return checks.problems;
    }

    private void entry(ObjectNode entry, ListSchemaNode schema, String path) {
        for (QName key : schema.getKeyDefinition()) {
            if (!entry.has(key.getLocalName())) {
                problems.add(path + ": missing list key " + key.getLocalName());
            }
        }
        object(entry, schema, path);
    }

    private void object(ObjectNode object, DataNodeContainer schema, String path) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            Optional<DataSchemaNode> child = Rfc7951Renderer.child(schema, field.getKey());
            String at = path + "/" + field.getKey();
            if (child.isEmpty()) {
                problems.add(at + ": not in the model");
            } else {
                value(field.getValue(), child.get(), at);
            }
        }
        mandatory(object, schema, path);
    }

    private void value(JsonNode value, DataSchemaNode schema, String path) {
        if (schema instanceof LeafSchemaNode) {
            scalar(value, (LeafSchemaNode) schema, path);
        } else if (schema instanceof ContainerSchemaNode) {
            if (value.isObject()) {
                object((ObjectNode) value, (ContainerSchemaNode) schema, path);
            } else {
                problems.add(path + ": a container is a JSON object, got " + value);
            }
        } else if (schema instanceof ListSchemaNode) {
            list(value, (ListSchemaNode) schema, path);
        } else if (schema instanceof LeafListSchemaNode) {
            leafList(value, (LeafListSchemaNode) schema, path);
        } else {
            problems.add(path + ": unexpected schema node " + schema.getClass().getSimpleName());
        }
    }

    private void list(JsonNode value, ListSchemaNode schema, String path) {
        if (!value.isArray()) {
            problems.add(path + ": a list is a JSON array, got " + value);
            return;
        }
        count(value.size(), schema, path);
        Set<List<JsonNode>> keys = new HashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode entry = value.get(i);
            String at = path + "[" + i + "]";
            if (!entry.isObject()) {
                problems.add(at + ": a list entry is a JSON object, got " + entry);
                continue;
            }
            entry((ObjectNode) entry, schema, at);
            List<JsonNode> key = new ArrayList<>();
            for (QName leaf : schema.getKeyDefinition()) {
                key.add(entry.get(leaf.getLocalName()));
            }
            if (!schema.getKeyDefinition().isEmpty() && !keys.add(key)) {
                problems.add(at + ": duplicate list key " + key);
            }
        }
    }

    private void leafList(JsonNode value, LeafListSchemaNode schema, String path) {
        if (!value.isArray()) {
            problems.add(path + ": a leaf-list is a JSON array, got " + value);
            return;
        }
        count(value.size(), schema, path);
        Set<JsonNode> seen = new HashSet<>();
        boolean config = schema.effectiveConfig().orElse(Boolean.TRUE);
        for (int i = 0; i < value.size(); i++) {
            scalar(value.get(i), schema, path + "[" + i + "]");
            if (config && !seen.add(value.get(i))) {
                problems.add(path + ": duplicate value " + value.get(i));
            }
        }
    }

    private void count(int size, ElementCountConstraintAware schema, String path) {
        Optional<ElementCountConstraint> constraint = schema.getElementCountConstraint();
        if (constraint.isEmpty()) {
            return;
        }
        Integer min = constraint.get().getMinElements();
        Integer max = constraint.get().getMaxElements();
        if (min != null && size < min) {
            problems.add(path + ": " + size + " elements, fewer than min-elements " + min);
        }
        if (max != null && size > max) {
            problems.add(path + ": " + size + " elements, more than max-elements " + max);
        }
    }

    /** Mandatory leaves and choices, min-elements of absent lists, inside absent non-presence containers too. */
    private void mandatory(ObjectNode object, DataNodeContainer schema, String path) {
        for (DataSchemaNode child : schema.getChildNodes()) {
            String name = child.getQName().getLocalName();
            if (child instanceof ChoiceSchemaNode) {
                choice(object, (ChoiceSchemaNode) child, path);
            } else if (object.has(name)) {
                continue;
            } else if (child instanceof MandatoryAware && ((MandatoryAware) child).isMandatory()) {
                problems.add(path + ": missing mandatory " + name);
            } else if (child instanceof ElementCountConstraintAware) {
                count(0, (ElementCountConstraintAware) child, path + "/" + name);
            } else if (child instanceof ContainerSchemaNode && !((ContainerSchemaNode) child).isPresenceContainer()) {
                mandatory(object.objectNode(), (ContainerSchemaNode) child, path + "/" + name);
            }
        }
    }

    private void choice(ObjectNode object, ChoiceSchemaNode choice, String path) {
        List<CaseSchemaNode> present = new ArrayList<>();
        for (CaseSchemaNode branch : choice.getCases()) {
            for (DataSchemaNode node : branch.getChildNodes()) {
                if (object.has(node.getQName().getLocalName())) {
                    present.add(branch);
                    break;
                }
            }
        }
        String name = choice.getQName().getLocalName();
        if (present.size() > 1) {
            List<String> fields = new ArrayList<>();
            for (CaseSchemaNode branch : present) {
                branch.getChildNodes().stream().map(node -> node.getQName().getLocalName())
                        .filter(object::has).forEach(fields::add);
            }
            problems.add(path + ": " + String.join(" and ", fields) + " cannot be together (choice " + name + ")");
        } else if (present.isEmpty() && choice.isMandatory()) {
            problems.add(path + ": mandatory choice " + name + " has no case");
        } else if (present.size() == 1) {
            mandatory(object, present.get(0), path);
        }
    }

    private void scalar(JsonNode value, TypedDataSchemaNode schema, String path) {
        TypeDefinition<?> type = schema.getType();
        if (value.isContainerNode()) {
            problems.add(path + ": a leaf is a single JSON value, got " + value);
        } else if (!kindFits(value, type)) {
            problems.add(path + ": " + value + " is not a JSON " + kind(type) + " (RFC 7951 section 6)");
        } else {
            try {
                codecs.codecFor(schema, NO_LEAFREFS).parseValue(value.asText());
            } catch (RuntimeException e) {
                problems.add(path + ": " + e.getMessage());
            }
        }
    }

    private static boolean kindFits(JsonNode value, TypeDefinition<?> type) {
        if (type instanceof UnionTypeDefinition) {
            for (TypeDefinition<?> member : ((UnionTypeDefinition) type).getTypes()) {
                if (kindFits(value, member)) {
                    return true;
                }
            }
            return false;
        }
        switch (kind(type)) {
            case "number":
                return value.isIntegralNumber();
            case "boolean":
                return value.isBoolean();
            default:
                return value.isTextual();
        }
    }

    private static String kind(TypeDefinition<?> type) {
        if (type instanceof Int8TypeDefinition || type instanceof Int16TypeDefinition
                || type instanceof Int32TypeDefinition || type instanceof Uint8TypeDefinition
                || type instanceof Uint16TypeDefinition || type instanceof Uint32TypeDefinition) {
            return "number";
        }
        if (type instanceof BooleanTypeDefinition) {
            return "boolean";
        }
        if (type instanceof UnionTypeDefinition) {
            return "value of the union's member types";
        }
        return "string";
    }
}
