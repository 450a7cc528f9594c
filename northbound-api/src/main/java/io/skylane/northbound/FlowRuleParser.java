package io.skylane.northbound;

import static io.skylane.northbound.JsonInput.array;
import static io.skylane.northbound.JsonInput.at;
import static io.skylane.northbound.JsonInput.bad;
import static io.skylane.northbound.JsonInput.bool;
import static io.skylane.northbound.JsonInput.integer;
import static io.skylane.northbound.JsonInput.object;
import static io.skylane.northbound.JsonInput.onlyKeys;
import static io.skylane.northbound.JsonInput.required;
import static io.skylane.northbound.JsonInput.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import io.skylane.core.net.ProtocolVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Reads static flow rules from request JSON, in the shape {@link FlowJson} renders them, for one
 * device and one app. The whole request is checked before anything is returned: the first bad
 * field (unknown key, wrong type, bad value, OpenFlow prerequisite, goto to an earlier table, a
 * rule the device's OpenFlow version cannot express, two rules with the same key) throws a 400
 * {@link ApiException} naming its path, {@code flows[3].match.ipv4_dst}.
 *
 * <p>Instructions and actions are read through tables: JSON type, allowed keys, whether OpenFlow
 * 1.0 has it, and a reader.
 */
final class FlowRuleParser {

    private static final Set<String> RULE_KEYS = Set.of("table", "priority", "match", "instructions", "actions",
            "idle_timeout", "hard_timeout", "cookie", "notify_removal");
    /** What GET renders and a request may carry back: ignored. */
    private static final Set<String> READ_ONLY = Set.of("app_id", "packets", "bytes", "duration_seconds");
    private static final long COOKIE_LOW_BITS = (1L << 48) - 1;
    private static final long OF10_MAX_PORT = 0xfeffL;
    private static final long FIRST_RESERVED_PORT = PortNumber.IN_PORT.value();

    /**
     * One kind of instruction or action.
     *
     * @param keys   the keys its JSON object may have ({@code type} included), null if its reader checks
     * @param of10   true if an OpenFlow 1.0 switch has it
     * @param reader reads the object at a path
     */
    private record Kind<T>(Set<String> keys, boolean of10, BiFunction<ObjectNode, String, T> reader) {
    }

    private final DeviceId device;
    private final boolean of10;
    private final AppId app;
    private final Map<String, Kind<Instruction>> instructionKinds;
    private final Map<String, Kind<Action>> actionKinds;

    /**
     * @param device  the device the rules are for
     * @param version its OpenFlow version: an OpenFlow 1.0 device gets only what 1.0 can express
     * @param app     the app that owns the rules (its id goes in the cookie)
     */
    FlowRuleParser(DeviceId device, ProtocolVersion version, AppId app) {
        this.device = device;
        this.of10 = !version.isMultiTable();
        this.app = app;
        this.instructionKinds = Map.of(
                "apply_actions", new Kind<>(Set.of("type", "actions"), true, (o, p) ->
                        new Instruction.ApplyActions(actions(required(o, p, "actions"), at(p, "actions")))),
                "write_actions", new Kind<>(Set.of("type", "actions"), false, (o, p) ->
                        new Instruction.WriteActions(actions(required(o, p, "actions"), at(p, "actions")))),
                "clear_actions", new Kind<>(Set.of("type"), false, (o, p) -> new Instruction.ClearActions()),
                "write_metadata", new Kind<>(Set.of("type", "metadata", "mask"), false, FlowRuleParser::writeMetadata),
                "goto_table", new Kind<>(Set.of("type", "table"), false, (o, p) -> new Instruction.GotoTable(
                        (int) integer(required(o, p, "table"), at(p, "table"), 1, 254))),
                "meter", new Kind<>(Set.of("type", "meter_id"), false, (o, p) -> new Instruction.Meter(
                        integer(required(o, p, "meter_id"), at(p, "meter_id"), 1, 0xffff0000L))));
        this.actionKinds = Map.ofEntries(
                Map.entry("output", new Kind<Action>(Set.of("type", "port", "max_len"), true, this::output)),
                Map.entry("set_field", new Kind<Action>(null, true, this::setField)),
                Map.entry("push_vlan", new Kind<Action>(Set.of("type", "eth_type"), false, (o, p) ->
                        check(at(p, "eth_type"), () -> new Action.PushVlan(ethType(o, p))))),
                Map.entry("pop_vlan", new Kind<Action>(Set.of("type"), true, (o, p) -> new Action.PopVlan())),
                Map.entry("push_mpls", new Kind<Action>(Set.of("type", "eth_type"), false, (o, p) ->
                        check(at(p, "eth_type"), () -> new Action.PushMpls(ethType(o, p))))),
                Map.entry("pop_mpls", new Kind<Action>(Set.of("type", "eth_type"), false, (o, p) ->
                        check(at(p, "eth_type"), () -> new Action.PopMpls(ethType(o, p))))),
                Map.entry("dec_nw_ttl", new Kind<Action>(Set.of("type"), false, (o, p) -> new Action.DecNwTtl())),
                Map.entry("group", new Kind<Action>(Set.of("type", "group_id"), false, (o, p) -> new Action.Group(
                        (int) integer(required(o, p, "group_id"), at(p, "group_id"), 0, 0xffffff00L)))),
                Map.entry("ct", new Kind<Action>(Set.of("type", "commit", "zone", "table", "nat"), false,
                        FlowRuleParser::ct)),
                Map.entry("multipath", new Kind<Action>(Set.of("type", "fields", "basis", "algorithm", "n_links",
                        "arg", "dst"), false, FlowRuleParser::multipath)),
                Map.entry("conjunction", new Kind<Action>(Set.of("type", "id", "clause", "n_clauses"), false,
                        FlowRuleParser::conjunction)));
    }

    /**
     * The fields of one rule as the request gives them, before any check: each the value of its
     * key, Java null when the key is absent (a JSON null is a {@code NullNode}).
     */
    record RuleInput(JsonNode table, JsonNode priority, JsonNode match, JsonNode instructions, JsonNode actions,
                     JsonNode idleTimeout, JsonNode hardTimeout, JsonNode cookie, JsonNode notifyRemoval) {
    }

    /** A number 0..12 for each key a rule takes (the read-only keys GET renders included), -1 for others. */
    static int ruleKeyIndex(String key) {
        return switch (key) {
            case "table" -> 0;
            case "priority" -> 1;
            case "match" -> 2;
            case "instructions" -> 3;
            case "actions" -> 4;
            case "idle_timeout" -> 5;
            case "hard_timeout" -> 6;
            case "cookie" -> 7;
            case "notify_removal" -> 8;
            case "app_id" -> 9;
            case "packets" -> 10;
            case "bytes" -> 11;
            case "duration_seconds" -> 12;
            default -> -1;
        };
    }

    /** Reads one rule. */
    FlowRule rule(JsonNode node, String path) {
        ObjectNode o = object(node, path);
        onlyKeys(o, path, RULE_KEYS, READ_ONLY);
        return rule(new RuleInput(o.get("table"), o.get("priority"), o.get("match"), o.get("instructions"),
                o.get("actions"), o.get("idle_timeout"), o.get("hard_timeout"), o.get("cookie"),
                o.get("notify_removal")), path);
    }

    /** Reads one rule from its fields (whose keys are known to be a rule's). */
    FlowRule rule(RuleInput in, String path) {
        int table = in.table() != null ? (int) number(in.table(), path, "table", 0, 254) : 0;
        if (of10 && table != 0) {
            throw bad(at(path, "table"), "an OpenFlow 1.0 switch has only table 0");
        }
        if (in.priority() == null || in.priority().isNull()) {
            throw bad(at(path, "priority"), "is required");
        }
        int priority = (int) number(in.priority(), path, "priority", 0, 0xffff);
        Match match = in.match() != null ? match(in.match(), at(path, "match")) : Match.ALL;
        List<Instruction> instructions = instructions(in.instructions(), in.actions(), path, table);
        zeroTimeout(in.idleTimeout(), path, "idle_timeout");
        zeroTimeout(in.hardTimeout(), path, "hard_timeout");
        long cookie = cookie(in.cookie(), path);
        boolean notify = in.notifyRemoval() != null
                && JsonInput.bool(in.notifyRemoval(), at(path, "notify_removal"));
        return check(path, () -> FlowRule.builder().device(device).table(table).priority(priority).match(match)
                .instructions(instructions).cookie(cookie).notifyRemoval(notify).build());
    }

    /**
     * An integer in {@code min..max} under {@code key} of the object at {@code path}; the path of
     * the field is spelled out only when it is refused.
     */
    private static long number(JsonNode v, String path, String key, long min, long max) {
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= min && v.longValue() <= max) {
            return v.longValue();
        }
        return integer(v, at(path, key), min, max);
    }

    // ---- match ------------------------------------------------------------------------------

    private Match match(JsonNode node, String path) {
        ObjectNode o = object(node, path);
        List<Criterion> criteria = new ArrayList<>(o.size());
        for (Map.Entry<String, JsonNode> e : o.properties()) {
            String fieldPath = at(path, e.getKey());
            FlowFields.Field f = FlowFields.named(e.getKey())
                    .orElseThrow(() -> bad(fieldPath, "unknown match field"));
            Criterion c = FlowFields.parse(f, e.getValue(), fieldPath);
            if (of10) {
                checkOf10(f, c, fieldPath);
            }
            criteria.add(c);
        }
        criteria.sort(Comparator.comparing(Criterion::type));
        Match.Builder b = Match.builder();
        criteria.forEach(b::add);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw prerequisiteError(criteria, path);
        }
    }

    /**
     * Finds the field whose prerequisite is missing. OpenFlow's prerequisites always come earlier
     * in OXM order, so the first prefix (in that order) that does not build names the field.
     */
    private static ApiException prerequisiteError(List<Criterion> sorted, String path) {
        Match.Builder b = Match.builder();
        for (Criterion c : sorted) {
            b.add(c);
            try {
                b.build();
            } catch (IllegalArgumentException e) {
                return bad(at(path, FlowFields.of(c.type()).name()), e.getMessage());
            }
        }
        return bad(path, "inconsistent match");
    }

    private void checkOf10(FlowFields.Field f, Criterion c, String path) {
        if (!f.of10Match()) {
            throw bad(path, "an OpenFlow 1.0 switch cannot match " + f.name());
        }
        if (c.isMasked() && !(c instanceof Criterion.Ip4Field)) {
            throw bad(path, "an OpenFlow 1.0 switch cannot mask " + f.name());
        }
        if (c instanceof Criterion.InPort p) {
            checkPort(p.port(), path);
        }
    }

    private void checkPort(PortNumber p, String path) {
        if (of10 && p.value() > OF10_MAX_PORT && p.value() < FIRST_RESERVED_PORT) {
            throw bad(path, "an OpenFlow 1.0 switch has ports 1.." + OF10_MAX_PORT + " and the reserved ones");
        }
    }

    // ---- instructions -----------------------------------------------------------------------

    private List<Instruction> instructions(JsonNode ins, JsonNode acts, String path, int table) {
        if (ins != null && acts != null) {
            throw bad(at(path, "actions"), "give either actions (one apply_actions) or instructions, not both");
        }
        if (acts != null) {
            return List.of(new Instruction.ApplyActions(actions(acts, at(path, "actions"))));
        }
        if (ins == null) {
            return List.of();
        }
        String listPath = at(path, "instructions");
        ArrayNode list = array(ins, listPath);
        List<Instruction> out = new ArrayList<>(list.size());
        Set<String> given = new HashSet<>();
        for (int j = 0; j < list.size(); j++) {
            String ip = at(listPath, j);
            ObjectNode io = object(list.get(j), ip);
            String type = text(required(io, ip, "type"), at(ip, "type"));
            Kind<Instruction> kind = instructionKinds.get(type);
            if (kind == null) {
                throw bad(at(ip, "type"), "unknown instruction type \"" + type
                        + "\" (apply_actions, write_actions, clear_actions, write_metadata, goto_table, meter)");
            }
            if (of10 && !kind.of10()) {
                throw bad(ip, "an OpenFlow 1.0 switch has no " + type + " instruction (apply_actions only)");
            }
            onlyKeys(io, ip, kind.keys(), Set.of());
            if (!given.add(type)) {
                throw bad(ip, type + " given twice");
            }
            Instruction i = kind.reader().apply(io, ip);
            if (i instanceof Instruction.GotoTable g && g.tableId() <= table) {
                throw bad(at(ip, "table"), "goto_table must point to a later table than " + table);
            }
            out.add(i);
        }
        return out;
    }

    private static Instruction writeMetadata(ObjectNode o, String path) {
        long value = FlowFields.hexOrInteger(required(o, path, "metadata"), at(path, "metadata"), -1L);
        long mask = o.has("mask") ? FlowFields.hexOrInteger(o.get("mask"), at(path, "mask"), -1L) : -1L;
        if (mask == 0) {
            throw bad(at(path, "mask"), "a zero mask writes nothing");
        }
        return new Instruction.WriteMetadata(value, mask);
    }

    // ---- actions ----------------------------------------------------------------------------

    private List<Action> actions(JsonNode node, String path) {
        ArrayNode list = array(node, path);
        List<Action> out = new ArrayList<>(list.size());
        for (int k = 0; k < list.size(); k++) {
            out.add(action(list.get(k), at(path, k)));
        }
        return out;
    }

    private Action action(JsonNode node, String path) {
        ObjectNode o = object(node, path);
        JsonNode given = o.get("type");
        String type = given != null && given.isTextual() ? given.textValue()
                : text(required(o, path, "type"), at(path, "type"));
        Kind<Action> kind = actionKinds.get(type);
        if (kind == null) {
            throw bad(at(path, "type"), "unknown action type \"" + type
                    + "\" (output, set_field, push_vlan, pop_vlan, push_mpls, pop_mpls, dec_nw_ttl, group, ct, multipath)");
        }
        if (of10 && !kind.of10()) {
            throw bad(path, "an OpenFlow 1.0 switch has no " + type + " action");
        }
        if (kind.keys() != null) {
            onlyKeys(o, path, kind.keys(), Set.of());
        }
        return kind.reader().apply(o, path);
    }

    private Action output(ObjectNode o, String path) {
        JsonNode given = o.get("port");
        if (o.size() == 2 && given != null && given.canConvertToInt() && given.isIntegralNumber()
                && given.intValue() >= 1 && (!of10 || given.intValue() <= OF10_MAX_PORT)) {
            // the common case, a physical port without max_len: nothing to refuse, no path to spell
            return new Action.Output(PortNumber.of(given.intValue()), 0);
        }
        String portPath = at(path, "port");
        PortNumber port = FlowFields.parsePort(required(o, path, "port"), portPath);
        checkPort(port, portPath);
        int maxLen = port.equals(PortNumber.CONTROLLER) ? Action.CONTROLLER_MAX_LEN_NO_BUFFER : 0;
        if (o.has("max_len")) {
            if (!port.equals(PortNumber.CONTROLLER)) {
                throw bad(at(path, "max_len"), "applies to the CONTROLLER port only");
            }
            maxLen = (int) integer(o.get("max_len"), at(path, "max_len"), 0, 0xffff);
        }
        int len = maxLen;
        return check(portPath, () -> new Action.Output(port, len));
    }

    private Action setField(ObjectNode o, String path) {
        text(required(o, path, "type"), at(path, "type"));
        if (o.size() != 2) {
            throw bad(path, "set_field takes exactly one field besides type, got " + (o.size() - 1));
        }
        Iterator<String> names = o.fieldNames();
        String name = names.next();
        if (name.equals("type")) {
            name = names.next();
        }
        String fieldPath = at(path, name);
        String fieldName = name;
        FlowFields.Field f = FlowFields.named(name).orElseThrow(() -> bad(fieldPath, "unknown field"));
        if (f.settable() == FlowFields.Settable.NO) {
            throw bad(fieldPath, fieldName + " cannot be rewritten with set_field");
        }
        if (of10 && f.settable() != FlowFields.Settable.ANY) {
            throw bad(fieldPath, "an OpenFlow 1.0 switch cannot rewrite " + fieldName);
        }
        Criterion c = FlowFields.parse(f, o.get(name), fieldPath);
        return check(fieldPath, () -> new Action.SetField(c));
    }

    private static Action ct(ObjectNode o, String path) {
        boolean commit = o.has("commit") && bool(o.get("commit"), at(path, "commit"));
        int zone = (int) integer(required(o, path, "zone"), at(path, "zone"), 0, 0xffff);
        OptionalInt table = o.has("table") ? OptionalInt.of((int) integer(o.get("table"), at(path, "table"), 0, 254))
                : OptionalInt.empty();
        Optional<Nat> nat = o.has("nat") ? Optional.of(FlowActionFields.nat(o.get("nat"), at(path, "nat")))
                : Optional.empty();
        return check(at(path, "nat"), () -> new Action.Ct(commit, zone, table, nat));
    }

    private static Action multipath(ObjectNode o, String path) {
        Action.Multipath.HashFields fields = FlowActionFields.named(required(o, path, "fields"), at(path, "fields"),
                Action.Multipath.HashFields.values(), Action.Multipath.HashFields::ovsName);
        Action.Multipath.Algorithm algorithm = FlowActionFields.named(required(o, path, "algorithm"),
                at(path, "algorithm"), Action.Multipath.Algorithm.values(), Action.Multipath.Algorithm::ovsName);
        int basis = o.has("basis") ? (int) integer(o.get("basis"), at(path, "basis"), 0, 0xffff) : 0;
        int nLinks = (int) integer(required(o, path, "n_links"), at(path, "n_links"), 1, 0x10000);
        long arg = o.has("arg") ? integer(o.get("arg"), at(path, "arg"), 0, 0xffffffffL) : 0;
        int[] bits = FlowActionFields.metadataBits(required(o, path, "dst"), at(path, "dst"));
        return check(at(path, "n_links"), () -> new Action.Multipath(fields, basis, algorithm, nLinks, arg, bits[0],
                bits[1]));
    }

    private static Action conjunction(ObjectNode o, String path) {
        long id = integer(required(o, path, "id"), at(path, "id"), 0, 0xffffffffL);
        int n = (int) integer(required(o, path, "n_clauses"), at(path, "n_clauses"), 2, 64);
        int clause = (int) integer(required(o, path, "clause"), at(path, "clause"), 1, 64);
        return check(at(path, "clause"), () -> new Action.Conjunction(id, clause, n));
    }

    private static int ethType(ObjectNode o, String path) {
        return (int) FlowFields.hexOrInteger(required(o, path, "eth_type"), at(path, "eth_type"), 0xffff);
    }

    // ---- rule fields ------------------------------------------------------------------------

    private static void zeroTimeout(JsonNode v, String path, String key) {
        if (v != null && number(v, path, key, 0, 0xffff) != 0) {
            throw bad(at(path, key), "must be 0: static rules are persistent desired state, they do not time out");
        }
    }

    private long cookie(JsonNode given, String path) {
        if (given == null) {
            return app.cookie();
        }
        String cp = at(path, "cookie");
        long v = FlowFields.hexOrInteger(given, cp, -1L);
        long owner = v >>> 48;
        if (owner != 0 && owner != app.id()) {
            throw bad(cp, "the top 16 bits name app " + owner + ", static rules belong to app " + app.id()
                    + " (" + app.name() + "): give the low 48 bits only");
        }
        return app.cookie(v & COOKIE_LOW_BITS);
    }

    /** Runs a core constructor; its IllegalArgumentException becomes a 400 naming {@code path}. */
    private static <T> T check(String path, Supplier<T> s) {
        try {
            return s.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw bad(path, e.getMessage());
        }
    }
}
