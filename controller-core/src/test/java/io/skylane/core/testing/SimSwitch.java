package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedSet;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.Criterion;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A fake OpenFlow 1.3 switch for pipeline tests: it holds one device's flow rules and groups (the
 * controller's own model, as an app emits them) and says what the switch would do with a packet.
 *
 * <p>Semantics, as Open vSwitch implements OpenFlow 1.3: the pipeline starts in table 0; in each
 * table the highest-priority matching rule wins (two matching rules of equal priority that do different
 * things are a test error, since the switch's choice is undefined); instructions run in the specification's order
 * (meter, apply-actions, clear-actions, write-actions, write-metadata, goto-table); apply-actions
 * change the packet at once and an output there sends a copy at that point; write-actions fill the
 * {@link ActionSet}, executed when a rule without goto-table ends the pipeline; a table miss drops
 * the packet (and its action set). Meters never drop. Groups: ALL runs every bucket on a copy,
 * INDIRECT its bucket, FAST_FAILOVER its first live bucket (watch port live, watch group live),
 * SELECT one live bucket of non-zero weight picked by a hash of the packet's addresses and ports (not
 * Open vSwitch's hash: assert only that some bucket was taken) or, with {@link SelectMode#EVERY_BUCKET},
 * every such bucket on a copy. Bucket actions run as a list, in order, as Open vSwitch does.
 *
 * <p>A rule or bucket that references a group the switch does not have is rejected at build time,
 * as the switch rejects the flow-mod. Setting a field the packet does not have (vlan_vid on an
 * untagged packet), popping a tag that is not there, or outputting to NORMAL, or to TABLE outside a
 * packet-out, is a test error ({@link IllegalStateException}). Output to the ingress port by number
 * (use IN_PORT), to a port that is not live, or dec_ttl of a TTL of 0 or 1 drops that copy, recorded
 * in the result with the reason. {@link #packetOut} runs a PACKET_OUT (in_port CONTROLLER; its
 * {@code output:TABLE} starts the pipeline at table 0).
 *
 * <p>Connection tracking (Open vSwitch's {@code ct} action), see {@link Conntrack}: the switch keeps
 * committed connections per zone across {@link #process} calls. {@code ct(zone=z,table=t)} hands a
 * copy with ct_state ({@code +trk} and {@code +new}, {@code +est}, {@code +rpl}, {@code +snat},
 * {@code +dnat}) and ct_zone=z to table t, processed after the current pass; {@code ct(commit,zone=z)}
 * commits the connection; {@code nat} translates the packet, for the recirculated copy and for the rest
 * of the current pass, which goes on with an untracked packet (ct fields 0). A packet recirculated more than
 * {@link #MAX_RECIRCULATIONS} times is dropped. ct on a non-IPv4 packet is a test error.
 *
 * <p>{@code multipath} writes a link number into metadata bits, see {@link MultipathHash} (modulo_n
 * only; not Open vSwitch's hash). Conjunctive matches ({@code conjunction} actions, {@code conj_id})
 * work as in Open vSwitch, see {@link SimTable}.
 */
public final class SimSwitch {

    /** How a SELECT group picks its bucket. */
    public enum SelectMode {
        /** One bucket per packet, by a hash of the packet: what one flow sees. */
        HASH,
        /** Every live bucket of non-zero weight, each on a copy: every path some flow may take. */
        EVERY_BUCKET
    }

    /** Recirculations of one packet (ct actions with a table, one after another) before it is dropped. */
    public static final int MAX_RECIRCULATIONS = 8;

    private final DeviceId device;
    /** Rules by table. */
    private final ImmutableMap<Integer, SimTable> tables;
    private final SimGroups groups;
    /** Empty when the ports were not given: every port is then live. */
    private final Optional<ImmutableSortedSet<PortNumber>> livePorts;
    /** The only mutable state: committed connections persist across packets, as on a real switch. */
    private final Conntrack conntrack;
    /** As built, for {@link #withRules}. */
    private final List<GroupDescription> groupDescriptions;
    private final SelectMode selectMode;

    private SimSwitch(Builder b) {
        this.device = b.device;
        TreeMap<Integer, List<FlowRule>> t = new TreeMap<>();
        for (FlowRule r : b.rules.values()) {
            t.computeIfAbsent(r.tableId(), k -> new ArrayList<>()).add(r);
        }
        ImmutableMap.Builder<Integer, SimTable> tb = ImmutableMap.builder();
        t.forEach((id, rules) -> tb.put(id, new SimTable(b.device, id, rules)));
        this.tables = tb.build();
        this.livePorts = b.livePorts == null ? Optional.empty() : Optional.of(ImmutableSortedSet.copyOf(b.livePorts));
        this.groups = new SimGroups(device, b.groups.values(), this::isLive, b.selectMode);
        b.rules.values().forEach(r -> r.instructions().forEach(i -> groups.check(actionsOf(i), "rule " + r)));
        this.conntrack = b.conntrack != null ? b.conntrack : new Conntrack();
        this.groupDescriptions = List.copyOf(b.groups.values());
        this.selectMode = b.selectMode;
    }

    public static Builder builder(DeviceId device) {
        return new Builder(device);
    }

    /** A switch with these rules and groups whose live ports are {@code livePorts}. */
    public static SimSwitch of(DeviceId device, Collection<FlowRule> rules, Collection<GroupDescription> groups,
                               Collection<PortNumber> livePorts) {
        return builder(device).rules(rules).groups(groups).livePorts(livePorts).build();
    }

    public DeviceId device() {
        return device;
    }

    /** True for a live port: any port when the switch was built without a port list. */
    public boolean isLive(PortNumber port) {
        return livePorts.map(s -> s.contains(port)).orElse(true);
    }

    /** Runs the packet through the pipeline; the packet's in_port must be set ({@link SimPacket#at}). */
    public SimResult process(SimPacket in) {
        checkNotNull(in, "packet");
        checkArgument(in.inPort().isPhysical() || in.inPort().equals(PortNumber.LOCAL),
                "the packet has no in_port: use SimPacket.at(port) (packetOut for in_port CONTROLLER)");
        checkArgument(isLive(in.inPort()), "packet enters %s at port %s, which is not live", device, in.inPort());
        SimRun run = new SimRun(device, in);
        pipeline(in, 0, new ActionSet(), 0, run);
        return finish(run);
    }

    /**
     * Runs a PACKET_OUT from the controller: the packet, with in_port CONTROLLER, through
     * {@code actions} in order, as apply-actions would; {@code output:TABLE} sends a copy through
     * the pipeline from table 0 (with in_port CONTROLLER, which rules can match), the other actions
     * work as in a rule. Conntrack state is the switch's, as for {@link #process}.
     */
    public SimResult packetOut(SimPacket packet, List<Action> actions) {
        checkNotNull(packet, "packet");
        SimPacket p = packet.at(PortNumber.CONTROLLER);
        SimRun run = new SimRun(device, p);
        run.log("packet-out: " + RuleText.actions(List.copyOf(actions)));
        for (Action a : actions) {
            if (a instanceof Action.Output o && o.port().equals(PortNumber.TABLE)) {
                pipeline(p, 0, new ActionSet(), 0, run);
            } else {
                p = execute(a, p, run);
                if (p == null) {
                    break;
                }
            }
        }
        return finish(run);
    }

    /** A PACKET_OUT with in_port CONTROLLER and the actions {@code [output:TABLE]}: the pipeline from table 0. */
    public SimResult packetOut(SimPacket packet) {
        return packetOut(packet, List.of(Action.output(PortNumber.TABLE)));
    }

    /** Processes the copies that ct actions recirculated, then returns the result. */
    private SimResult finish(SimRun run) {
        for (SimRun.Recirc r = run.nextRecirc(); r != null; r = run.nextRecirc()) {
            run.log("recirculated (" + r.depth() + ") from table " + r.table() + ": " + r.packet());
            pipeline(r.packet(), r.table(), r.set(), r.depth(), run);
        }
        return run.result();
    }

    /** Committed connections in conntrack zone {@code zone}. */
    public int connections(int zone) {
        return conntrack.size(zone);
    }

    /** Committed connections in all zones. */
    public int connections() {
        return conntrack.size();
    }

    /**
     * This switch with {@code rules} in place of its rules (same groups, live ports and select mode)
     * and the same conntrack table, shared from now on: what a controller's flow-mods do to a running
     * switch, whose established connections survive a change of the rules.
     */
    public SimSwitch withRules(Collection<FlowRule> rules) {
        Builder b = builder(device).groups(groupDescriptions).selectMode(selectMode).rules(rules);
        livePorts.ifPresent(b::livePorts);
        b.conntrack = conntrack;
        return b.build();
    }

    /** Forgets every committed connection (a switch restart, or a fresh scenario). */
    public void flushConntrack() {
        conntrack.clear();
    }

    /** Runs the packet through the pipeline as received on {@code inPort}. */
    public SimResult process(long inPort, SimPacket in) {
        return process(in.at(inPort));
    }

    // ---- pipeline ----------------------------------------------------------------------------

    private void pipeline(SimPacket packet, int firstTable, ActionSet set, int depth, SimRun run) {
        SimPacket p = packet;
        int emittedBefore = run.emitted();
        int forksBefore = run.forks();
        run.startPass(depth, set);
        int table = firstTable;
        while (true) {
            FlowRule rule = lookup(table, p, run);
            run.visit(table, rule);
            if (rule == null) {
                run.drop(p, "table miss in table " + table);
                return;
            }
            Integer next = null;
            for (Instruction i : rule.instructions()) {
                if (i instanceof Instruction.ApplyActions) {
                    p = applyList(((Instruction.ApplyActions) i).actions(), p, run);
                    if (p == null) {
                        return;
                    }
                } else if (i instanceof Instruction.ClearActions) {
                    set.clear();
                } else if (i instanceof Instruction.WriteActions) {
                    ((Instruction.WriteActions) i).actions().forEach(set::write);
                } else if (i instanceof Instruction.WriteMetadata) {
                    Instruction.WriteMetadata m = (Instruction.WriteMetadata) i;
                    p = p.withMetadata((p.metadata() & ~m.mask()) | (m.value() & m.mask()));
                } else if (i instanceof Instruction.GotoTable) {
                    next = ((Instruction.GotoTable) i).tableId();
                    checkState(next > table, "goto from table %s back to table %s", table, next);
                }
                // Meter: rate limits are not simulated.
            }
            if (next == null) {
                if (!set.forwards()) {
                    // A pass that handed the packet to conntrack (ct with a table) goes on in its recirculation.
                    if (run.emitted() == emittedBefore && run.forks() == forksBefore) {
                        run.drop(p, "pipeline ended in table " + table + " with no output"
                                + (set.inExecutionOrder().isEmpty() ? "" : " (action set " + set + ")"));
                    }
                    return;
                }
                run.log("action set " + set);
                applyList(set.inExecutionOrder(), p, run);
                return;
            }
            table = next;
        }
    }

    /** The rule of the table the packet hits, or null ({@link SimTable}: conjunctive matches included). */
    private FlowRule lookup(int table, SimPacket p, SimRun run) {
        SimTable t = tables.get(table);
        return t == null ? null : t.lookup(p, run::log);
    }

    static boolean matches(FlowRule r, SimPacket p) {
        for (Criterion c : r.match().criteria()) {
            if (!matches(c, p)) {
                return false;
            }
        }
        return true;
    }

    static boolean matches(Criterion c, SimPacket p) {
        if (c instanceof Criterion.Vlan) {
            Criterion.Vlan v = (Criterion.Vlan) c;
            return v.vlan().isNone() ? p.vlans().isEmpty() : p.vlanId().equals(v.vlan());
        }
        if (!p.has(c.type())) {
            return false;
        }
        long value = p.get(c.type());
        if (c instanceof Criterion.InPort) {
            return value == ((Criterion.InPort) c).port().value();
        } else if (c instanceof Criterion.MacField) {
            Criterion.MacField m = (Criterion.MacField) c;
            return (value & m.mask().value()) == m.mac().value();
        } else if (c instanceof Criterion.Ip4Field) {
            Criterion.Ip4Field f = (Criterion.Ip4Field) c;
            return f.prefix().contains(io.skylane.core.net.Ip4Address.of((int) value));
        }
        Criterion.NumberField n = (Criterion.NumberField) c;
        return (value & n.mask()) == n.value();
    }

    // ---- actions -----------------------------------------------------------------------------

    /** Runs actions in order; returns the packet as changed, or null when it was dropped. */
    private SimPacket applyList(List<Action> actions, SimPacket packet, SimRun run) {
        SimPacket p = packet;
        for (Action a : actions) {
            p = execute(a, p, run);
            if (p == null) {
                return null;
            }
        }
        return p;
    }

    private SimPacket execute(Action a, SimPacket p, SimRun run) {
        if (a instanceof Action.Output) {
            output(((Action.Output) a).port(), p, run);
            return p;
        } else if (a instanceof Action.Group) {
            groups.execute(((Action.Group) a).groupId(), p, run, this::applyList);
            return p;
        } else if (a instanceof Action.SetField) {
            return PacketEdits.setField(((Action.SetField) a).value(), p);
        } else if (a instanceof Action.PushVlan) {
            return PacketEdits.pushVlan(((Action.PushVlan) a).ethType(), p);
        } else if (a instanceof Action.PopVlan) {
            return PacketEdits.popVlan(p);
        } else if (a instanceof Action.PushMpls) {
            return PacketEdits.pushMpls(((Action.PushMpls) a).ethType(), p);
        } else if (a instanceof Action.PopMpls) {
            return PacketEdits.popMpls(((Action.PopMpls) a).ethType(), p);
        } else if (a instanceof Action.Ct) {
            return ct((Action.Ct) a, p, run);
        } else if (a instanceof Action.Multipath m) {
            long link = MultipathHash.link(m, p);
            run.log(m + ": link " + link);
            return MultipathHash.write(m, link, p);
        } else if (a instanceof Action.DecNwTtl) {
            if (!p.isIpv4()) {
                return p; // Open vSwitch leaves non-IP packets alone
            }
            if (p.ttl() <= 1) {
                run.drop(p, "IP TTL " + p.ttl() + " expired at dec_ttl");
                return null;
            }
            return p.withTtl(p.ttl() - 1);
        }
        throw new IllegalStateException("action not simulated: " + a);
    }

    /**
     * ct: looks the packet up in the zone, commits its connection if asked, applies NAT (see
     * {@link Conntrack}), and with a table recirculates a copy carrying ct_state and ct_zone,
     * processed from that table (with the action set of this pass) once this pass has ended. As in
     * Open vSwitch's translation, the current pass goes on with the packet as NAT left it but
     * untracked: the ct fields are only visible after the recirculation.
     */
    private SimPacket ct(Action.Ct ct, SimPacket p, SimRun run) {
        checkState(p.isIpv4(), "%s on a packet that is not IPv4 (the rule must match IP): %s", ct, p);
        Conntrack.Outcome o = conntrack.execute(ct, p);
        run.log(ct + ": " + SimPacket.ctStateText(o.state()) + (o.committed() ? ", committed" : "")
                + (o.packet().equals(p) ? "" : ", translated to " + o.packet()));
        if (ct.recircTable().isPresent()) {
            SimPacket tracked = o.packet().withCt(o.state(), ct.zone());
            if (run.passDepth() >= MAX_RECIRCULATIONS) {
                run.recirculationRefused(tracked, "recirculated " + run.passDepth() + " times, the limit ("
                        + ct + " once more)");
            } else {
                run.recirculate(tracked, ct.recircTable().getAsInt());
            }
        }
        return o.packet().withCt(0, 0);
    }

    private void output(PortNumber port, SimPacket p, SimRun run) {
        if (port.equals(PortNumber.CONTROLLER)) {
            run.punt(p);
        } else if (port.equals(PortNumber.IN_PORT)) {
            if (p.inPort().equals(PortNumber.CONTROLLER)) {
                run.drop(p, "output:IN_PORT of a packet-out (in_port CONTROLLER): no port to send it out of");
            } else {
                run.output(p.inPort(), p);
            }
        } else if (port.equals(PortNumber.FLOOD) || port.equals(PortNumber.ALL)) {
            checkState(livePorts.isPresent(), "%s to FLOOD/ALL: build the switch with its live ports", device);
            livePorts.get().stream().filter(x -> x.isPhysical() && !x.equals(p.inPort()))
                    .forEach(x -> run.output(x, p));
        } else if (port.equals(PortNumber.LOCAL)) {
            run.output(port, p);
        } else if (port.equals(PortNumber.TABLE)) {
            throw new IllegalStateException("output:TABLE outside a packet-out (OpenFlow allows it only there: "
                    + "use SimSwitch.packetOut)");
        } else if (!port.isPhysical()) {
            throw new IllegalStateException("output to " + port + " is not simulated");
        } else if (port.equals(p.inPort())) {
            run.drop(p, "output to the ingress port " + port + " by number (the switch drops it: use IN_PORT)");
        } else if (!isLive(port)) {
            run.drop(p, "output to port " + port + ", which is down or absent");
        } else {
            run.output(port, p);
        }
    }

    // ---- validation --------------------------------------------------------------------------

    private static List<Action> actionsOf(Instruction i) {
        if (i instanceof Instruction.ApplyActions) {
            return ((Instruction.ApplyActions) i).actions();
        } else if (i instanceof Instruction.WriteActions) {
            return ((Instruction.WriteActions) i).actions();
        }
        return List.of();
    }

    @Override
    public String toString() {
        return "SimSwitch{" + device + ", " + tables.values().stream().mapToInt(SimTable::size).sum() + " rules in tables "
                + tables.keySet() + ", groups " + groups.ids() + ", live ports "
                + livePorts.map(Object::toString).orElse("(all)") + "}";
    }

    /** Collects rules, groups and ports; {@link #build()} checks them. */
    public static final class Builder {
        private final DeviceId device;
        private final Map<FlowKey, FlowRule> rules = new HashMap<>();
        private final Map<Integer, GroupDescription> groups = new HashMap<>();
        private Set<PortNumber> livePorts;
        private SelectMode selectMode = SelectMode.HASH;
        /** Null: a new, empty table; {@link #withRules} shares its switch's. */
        private Conntrack conntrack;

        private Builder(DeviceId device) {
            this.device = checkNotNull(device, "device");
        }

        /** Adds a rule of this device; a second rule with the same table, priority and match is an error. */
        public Builder rule(FlowRule r) {
            checkArgument(r.deviceId().equals(device), "rule of %s given to %s: %s", r.deviceId(), device, r);
            checkArgument(rules.putIfAbsent(r.key(), r) == null, "two rules with the same key: %s", r);
            return this;
        }

        public Builder rules(Collection<FlowRule> list) {
            list.forEach(this::rule);
            return this;
        }

        public Builder group(GroupDescription g) {
            checkArgument(g.deviceId().equals(device), "group of %s given to %s", g.deviceId(), device);
            checkArgument(groups.putIfAbsent(g.groupId(), g) == null, "group 0x%s given twice",
                    Integer.toHexString(g.groupId()));
            return this;
        }

        public Builder groups(Collection<GroupDescription> list) {
            list.forEach(this::group);
            return this;
        }

        /**
         * The ports that are up; outputs to other ports are dropped, FLOOD and ALL use these, and
         * fast-failover buckets watch them. Without this call every port is live and FLOOD is an error.
         */
        public Builder livePorts(Collection<PortNumber> ports) {
            livePorts = new HashSet<>(ports);
            return this;
        }

        public Builder livePorts(long... ports) {
            List<PortNumber> list = new ArrayList<>();
            for (long p : ports) {
                list.add(PortNumber.of(p));
            }
            return livePorts(list);
        }

        public Builder selectMode(SelectMode mode) {
            this.selectMode = checkNotNull(mode, "mode");
            return this;
        }

        public SimSwitch build() {
            return new SimSwitch(this);
        }
    }
}
