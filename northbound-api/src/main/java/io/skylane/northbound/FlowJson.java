package io.skylane.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.AppId;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupBucket;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.flow.Match;
import io.skylane.core.flow.Nat;
import io.skylane.core.net.PortNumber;
import java.util.List;
import java.util.Locale;

/**
 * JSON views of flow rules and groups. Field names follow the OpenFlow match field names in lower
 * case ({@code in_port}, {@code eth_dst}, {@code ipv4_src}); cookies are hex strings. Match fields
 * are written by {@link FlowFields}, the table {@link FlowRuleParser} reads them back with, so a
 * rendered rule can be sent to the static flow API as it is.
 */
final class FlowJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FlowJson() {
    }

    static ObjectNode rule(FlowRule r) {
        ObjectNode n = F.objectNode();
        n.put("table", r.tableId());
        n.put("priority", r.priority());
        n.put("cookie", hex(r.cookie()));
        n.put("app_id", AppId.idOf(r.cookie()));
        n.set("match", match(r.match()));
        ArrayNode ins = n.putArray("instructions");
        r.instructions().forEach(i -> ins.add(instruction(i)));
        n.put("idle_timeout", r.idleTimeout());
        n.put("hard_timeout", r.hardTimeout());
        n.put("notify_removal", r.notifyRemoval());
        return n;
    }

    static ObjectNode entry(FlowEntry e) {
        ObjectNode n = rule(e.rule());
        n.put("packets", e.packets());
        n.put("bytes", e.bytes());
        n.put("duration_seconds", e.durationSeconds());
        return n;
    }

    static ArrayNode rules(List<FlowRule> rules) {
        ArrayNode a = F.arrayNode();
        rules.forEach(r -> a.add(rule(r)));
        return a;
    }

    static ArrayNode entries(List<FlowEntry> entries) {
        ArrayNode a = F.arrayNode();
        entries.forEach(e -> a.add(entry(e)));
        return a;
    }

    static ObjectNode match(Match m) {
        ObjectNode n = F.objectNode();
        m.criteria().forEach(c -> putCriterion(n, c));
        return n;
    }

    private static void putCriterion(ObjectNode n, Criterion c) {
        FlowFields.render(n, c);
    }

    static ObjectNode instruction(Instruction i) {
        ObjectNode n = F.objectNode();
        if (i instanceof Instruction.ApplyActions a) {
            n.put("type", "apply_actions");
            n.set("actions", actions(a.actions()));
        } else if (i instanceof Instruction.WriteActions a) {
            n.put("type", "write_actions");
            n.set("actions", actions(a.actions()));
        } else if (i instanceof Instruction.ClearActions) {
            n.put("type", "clear_actions");
        } else if (i instanceof Instruction.WriteMetadata w) {
            n.put("type", "write_metadata");
            n.put("metadata", hex(w.value()));
            n.put("mask", hex(w.mask()));
        } else if (i instanceof Instruction.GotoTable g) {
            n.put("type", "goto_table");
            n.put("table", g.tableId());
        } else if (i instanceof Instruction.Meter m) {
            n.put("type", "meter");
            n.put("meter_id", m.meterId());
        }
        return n;
    }

    static ArrayNode actions(List<Action> actions) {
        ArrayNode a = F.arrayNode();
        for (Action act : actions) {
            ObjectNode n = a.addObject();
            if (act instanceof Action.Output o) {
                n.put("type", "output");
                putPort(n, "port", o.port());
                if (o.port().equals(PortNumber.CONTROLLER)) {
                    n.put("max_len", o.maxLen());
                }
            } else if (act instanceof Action.SetField s) {
                n.put("type", "set_field");
                putCriterion(n, s.value());
            } else if (act instanceof Action.PushVlan p) {
                n.put("type", "push_vlan");
                n.put("eth_type", hex(p.ethType()));
            } else if (act instanceof Action.PopVlan) {
                n.put("type", "pop_vlan");
            } else if (act instanceof Action.PushMpls p) {
                n.put("type", "push_mpls");
                n.put("eth_type", hex(p.ethType()));
            } else if (act instanceof Action.PopMpls p) {
                n.put("type", "pop_mpls");
                n.put("eth_type", hex(p.ethType()));
            } else if (act instanceof Action.DecNwTtl) {
                n.put("type", "dec_nw_ttl");
            } else if (act instanceof Action.Group g) {
                n.put("type", "group");
                n.put("group_id", Integer.toUnsignedLong(g.groupId()));
            } else if (act instanceof Action.Ct ct) {
                n.put("type", "ct");
                n.put("commit", ct.commit());
                n.put("zone", ct.zone());
                if (ct.recircTable().isPresent()) {
                    n.put("table", ct.recircTable().getAsInt());
                }
                ct.nat().ifPresent(nat -> n.set("nat", nat(nat)));
            } else if (act instanceof Action.Multipath m) {
                n.put("type", "multipath");
                n.put("fields", m.fields().ovsName());
                n.put("basis", m.basis());
                n.put("algorithm", m.algorithm().ovsName());
                n.put("n_links", m.nLinks());
                n.put("arg", m.arg());
                n.put("dst", "metadata[" + m.dstOffset() + ".." + (m.dstOffset() + m.dstBits() - 1) + "]");
            } else if (act instanceof Action.Conjunction c) {
                n.put("type", "conjunction");
                n.put("id", c.id());
                n.put("clause", c.clause());
                n.put("n_clauses", c.nClauses());
            }
        }
        return a;
    }

    /**
     * {@code {"type": "existing"}}, or {@code {"type": "dst", "address": "10.0.0.21", "port": 8080}}
     * with OVS's range syntax for ranges ({@code "10.0.0.21-10.0.0.23"}, {@code "1024-65279"}).
     */
    static ObjectNode nat(Nat nat) {
        ObjectNode n = F.objectNode();
        n.put("type", nat.type().name().toLowerCase(Locale.ROOT));
        if (nat.translates()) {
            n.put("address", nat.addressText());
            if (nat.minPort() != nat.maxPort()) {
                n.put("port", nat.portText());
            } else if (nat.hasPorts()) {
                n.put("port", nat.minPort());
            }
        }
        return n;
    }

    static ObjectNode group(GroupDescription g) {
        ObjectNode n = F.objectNode();
        n.put("group_id", Integer.toUnsignedLong(g.groupId()));
        n.put("type", g.type().name().toLowerCase(Locale.ROOT));
        n.put("app_id", g.appId());
        ArrayNode buckets = n.putArray("buckets");
        for (GroupBucket b : g.buckets()) {
            ObjectNode bn = buckets.addObject();
            bn.put("weight", b.weight());
            if (!b.watchPort().equals(PortNumber.ANY)) {
                putPort(bn, "watch_port", b.watchPort());
            }
            bn.set("actions", actions(b.actions()));
        }
        return n;
    }

    static ArrayNode groups(List<GroupDescription> groups) {
        ArrayNode a = F.arrayNode();
        groups.forEach(g -> a.add(group(g)));
        return a;
    }

    private static void putPort(ObjectNode n, String name, PortNumber p) {
        FlowFields.renderPort(n, name, p);
    }

    private static String hex(long v) {
        return FlowFields.hex(v);
    }
}
