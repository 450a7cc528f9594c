package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.EthType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A flow rule an app wants on a switch. Two rules with the same {@link #key()} (device, table,
 * priority, match) are the same OpenFlow flow: the newer one replaces the older one.
 *
 * <p>A value: equal when every component is equal, hashed as a record of the components would be.
 * Not a record because a cloud's compile holds millions of rules (issue #15): the table, priority
 * and removal flag are packed in one int, and the cookie and timeouts are held in a {@link Tail}
 * that every permanent rule of an app shares, so that a rule is 32 bytes (a record of the same
 * components: 56).
 *
 * <p>Components: {@code deviceId} the switch; {@code tableId} 0..254; {@code priority} 0..65535;
 * {@code match} what the rule matches; {@code instructions} in OpenFlow execution order, at most
 * one of each kind, empty means drop (a {@link Action.Ct ct} action needs the match to be on IPv4 or
 * IPv6; {@link Action.Conjunction conjunction} actions go alone, in one apply-actions); {@code
 * cookie} the owner app id in the top 16 bits (see {@link AppId#cookie(long)}; the flow rule service
 * accepts a rule only from the app its cookie names); {@code idleTimeout} seconds without a hit
 * before the switch removes the rule, 0 for never; {@code hardTimeout} seconds before the switch
 * removes the rule, 0 for never; {@code notifyRemoval} ask the switch for FLOW_REMOVED when it
 * removes the rule.
 */
public final class FlowRule {

    private static final int NOTIFY = 1 << 24;

    /** The cookie and timeouts, shared by the permanent rules of each app (see {@link #tail}). */
    private record Tail(long cookie, int idleTimeout, int hardTimeout) {
    }

    /** The tails of permanent rules whose cookie is an app's (low 48 bits zero): at most one per app id. */
    private static final ConcurrentHashMap<Long, Tail> APP_TAILS = new ConcurrentHashMap<>();
    /** The app tail handed out last (any thread's: a tail is immutable, a stale one only misses). */
    private static volatile Tail lastAppTail = new Tail(0, 0, 0);

    private final DeviceId deviceId;
    private final Match match;
    private final List<Instruction> instructions;
    private final Tail tail;
    /** tableId in bits 0-7, priority in bits 8-23, notifyRemoval in bit 24. */
    private final int bits;

    public FlowRule(DeviceId deviceId, int tableId, int priority, Match match, List<Instruction> instructions,
                    long cookie, int idleTimeout, int hardTimeout, boolean notifyRemoval) {
        checkNotNull(deviceId, "deviceId");
        checkArgument(tableId >= 0 && tableId <= 254, "table id must be 0..254");
        checkArgument(priority >= 0 && priority <= 0xffff, "priority must be 0..65535");
        checkNotNull(match, "match");
        checkNotNull(instructions, "instructions");
        checkArgument(idleTimeout >= 0 && idleTimeout <= 0xffff, "idle timeout must be 0..65535");
        checkArgument(hardTimeout >= 0 && hardTimeout <= 0xffff, "hard timeout must be 0..65535");
        List<Instruction> ordered = canonical(instructions, tableId);
        checkConntrack(match, ordered);
        checkConjunction(ordered);
        this.deviceId = deviceId;
        this.match = match;
        this.instructions = ordered;
        this.tail = tail(cookie, idleTimeout, hardTimeout);
        this.bits = tableId | priority << 8 | (notifyRemoval ? NOTIFY : 0);
    }

    private static Tail tail(long cookie, int idleTimeout, int hardTimeout) {
        if (idleTimeout != 0 || hardTimeout != 0 || (cookie & ~AppId.appMask()) != 0) {
            return new Tail(cookie, idleTimeout, hardTimeout); // transient or per-rule cookie: its own
        }
        Tail t = lastAppTail; // most rules built in a row are one app's: no boxing, no lookup
        if (t.cookie() == cookie) {
            return t;
        }
        t = APP_TAILS.computeIfAbsent(cookie, c -> new Tail(c, 0, 0));
        lastAppTail = t;
        return t;
    }

    /** The switch. */
    public DeviceId deviceId() {
        return deviceId;
    }

    /** 0..254. */
    public int tableId() {
        return bits & 0xff;
    }

    /** 0..65535. */
    public int priority() {
        return (bits >>> 8) & 0xffff;
    }

    /** What the rule matches. */
    public Match match() {
        return match;
    }

    /** In OpenFlow execution order (immutable). */
    public List<Instruction> instructions() {
        return instructions;
    }

    /** The owner app's id in the top 16 bits. */
    public long cookie() {
        return tail.cookie();
    }

    /** Seconds without a hit before the switch removes the rule, 0 for never. */
    public int idleTimeout() {
        return tail.idleTimeout();
    }

    /** Seconds before the switch removes the rule, 0 for never. */
    public int hardTimeout() {
        return tail.hardTimeout();
    }

    /** Whether the switch is asked for FLOW_REMOVED when it removes the rule. */
    public boolean notifyRemoval() {
        return (bits & NOTIFY) != 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The OpenFlow identity of the rule on its switch. */
    public FlowKey key() {
        return new FlowKey(deviceId, tableId(), priority(), match);
    }

    /** The id of the app that owns the rule (top 16 bits of the cookie). */
    public int appId() {
        return AppId.idOf(cookie());
    }

    /** True for rules the switch expires by itself (reactive rules). */
    public boolean isTransient() {
        return idleTimeout() > 0 || hardTimeout() > 0;
    }

    /** The actions of the apply-actions instruction, or an empty list. */
    public List<Action> applyActions() {
        for (Instruction i : instructions) {
            if (i instanceof Instruction.ApplyActions a) {
                return a.actions();
            }
        }
        return List.of();
    }

    public Builder toBuilder() {
        return new Builder().device(deviceId).table(tableId()).priority(priority()).match(match)
                .instructions(instructions).cookie(cookie()).idleTimeout(idleTimeout()).hardTimeout(hardTimeout())
                .notifyRemoval(notifyRemoval());
    }

    private static List<Instruction> canonical(List<Instruction> given, int tableId) {
        if (given.size() == 1 && !(given.get(0) instanceof Instruction.GotoTable)) {
            return ImmutableList.copyOf(given);
        }
        List<Instruction> sorted = new ArrayList<>(given);
        sorted.sort(Comparator.comparingInt(Instruction::order));
        for (int i = 1; i < sorted.size(); i++) {
            checkArgument(sorted.get(i).order() != sorted.get(i - 1).order(), "instruction kind given twice");
        }
        for (Instruction i : sorted) {
            if (i instanceof Instruction.GotoTable g) {
                checkArgument(g.tableId() > tableId, "goto table must point to a later table");
            }
        }
        if (given instanceof ImmutableList<Instruction> list && list.equals(sorted)) {
            return list; // already canonical: rules built from one shared list keep sharing it
        }
        return ImmutableList.copyOf(sorted);
    }

    /** Open vSwitch refuses a ct action (OFPBAC_MATCH_INCONSISTENT) unless the rule matches IPv4 or IPv6. */
    private static void checkConntrack(Match match, List<Instruction> instructions) {
        for (int j = 0; j < instructions.size(); j++) { // indexed: no iterator per rule (millions of rules)
            Instruction i = instructions.get(j);
            List<Action> actions = i instanceof Instruction.ApplyActions a ? a.actions()
                    : i instanceof Instruction.WriteActions w ? w.actions() : List.of();
            for (int k = 0; k < actions.size(); k++) {
                if (actions.get(k) instanceof Action.Ct) {
                    checkArgument(match.get(Criterion.Type.ETH_TYPE).filter(c -> c instanceof Criterion.NumberField n
                                    && !n.isMasked() && (n.value() == EthType.IPV4 || n.value() == EthType.IPV6))
                                    .isPresent(), "the ct action needs a match on eth_type 0x0800 or 0x86dd");
                    return;
                }
            }
        }
    }

    /**
     * Open vSwitch refuses a rule with {@link Action.Conjunction conjunction} actions beside any
     * other action or instruction ("conjunction actions may be used along with note but not any
     * other kind of action"), and in an action set (OFPBAC_BAD_TYPE).
     */
    private static void checkConjunction(List<Instruction> instructions) {
        boolean conjunction = false;
        boolean other = false;
        for (int n = 0; n < instructions.size(); n++) {
            Instruction i = instructions.get(n);
            if (i instanceof Instruction.ApplyActions a) {
                List<Action> actions = a.actions();
                for (int k = 0; k < actions.size(); k++) {
                    if (actions.get(k) instanceof Action.Conjunction) {
                        conjunction = true;
                    } else {
                        other = true;
                    }
                }
            } else if (i instanceof Instruction.WriteActions w) {
                checkArgument(w.actions().stream().noneMatch(x -> x instanceof Action.Conjunction),
                        "conjunction actions cannot go in an action set");
                other = true;
            } else {
                other = true;
            }
        }
        checkArgument(!conjunction || !other,
                "conjunction actions go alone: no other action or instruction beside them (Open vSwitch refuses it)");
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof FlowRule r && bits == r.bits && deviceId.equals(r.deviceId) && match.equals(r.match)
                && (tail == r.tail || tail.equals(r.tail)) && instructions.equals(r.instructions);
    }

    /** As a record of the components (deviceId, tableId, ..., notifyRemoval) hashes. */
    @Override
    public int hashCode() {
        int h = deviceId.hashCode();
        h = 31 * h + Integer.hashCode(tableId());
        h = 31 * h + Integer.hashCode(priority());
        h = 31 * h + match.hashCode();
        h = 31 * h + instructions.hashCode();
        h = 31 * h + Long.hashCode(cookie());
        h = 31 * h + Integer.hashCode(idleTimeout());
        h = 31 * h + Integer.hashCode(hardTimeout());
        return 31 * h + Boolean.hashCode(notifyRemoval());
    }

    @Override
    public String toString() {
        return "FlowRule{" + deviceId + " table=" + tableId() + " prio=" + priority() + " " + match + " -> "
                + instructions + " cookie=0x" + Long.toHexString(cookie())
                + (idleTimeout() > 0 ? " idle=" + idleTimeout() : "")
                + (hardTimeout() > 0 ? " hard=" + hardTimeout() : "")
                + "}";
    }

    /** Builds a rule; {@link #build()} validates. */
    public static final class Builder {
        private DeviceId deviceId;
        private int tableId;
        private Integer priority;
        private Match match = Match.ALL;
        private final List<Instruction> instructions = new ArrayList<>();
        private Long cookie;
        private int idleTimeout;
        private int hardTimeout;
        private boolean notifyRemoval;

        private Builder() {
        }

        public Builder device(DeviceId id) {
            this.deviceId = id;
            return this;
        }

        public Builder table(int id) {
            this.tableId = id;
            return this;
        }

        public Builder priority(int p) {
            this.priority = p;
            return this;
        }

        public Builder match(Match m) {
            this.match = m;
            return this;
        }

        /** Adds an instruction. */
        public Builder instruction(Instruction i) {
            instructions.add(checkNotNull(i, "instruction"));
            return this;
        }

        /** Replaces the instructions. */
        public Builder instructions(List<Instruction> list) {
            instructions.clear();
            list.forEach(this::instruction);
            return this;
        }

        /** Shorthand for an apply-actions instruction. */
        public Builder apply(Action... actions) {
            return instruction(Instruction.apply(actions));
        }

        public Builder gotoTable(int table) {
            return instruction(Instruction.gotoTable(table));
        }

        public Builder cookie(long c) {
            this.cookie = c;
            return this;
        }

        /** Sets the cookie to the app's id with zero low bits. */
        public Builder app(AppId app) {
            this.cookie = app.cookie();
            return this;
        }

        public Builder idleTimeout(int seconds) {
            this.idleTimeout = seconds;
            return this;
        }

        public Builder hardTimeout(int seconds) {
            this.hardTimeout = seconds;
            return this;
        }

        public Builder notifyRemoval(boolean b) {
            this.notifyRemoval = b;
            return this;
        }

        public FlowRule build() {
            checkState(deviceId != null, "device is required");
            checkState(priority != null, "priority is required");
            checkState(cookie != null, "app (cookie) is required");
            return new FlowRule(deviceId, tableId, priority, match, instructions, cookie, idleTimeout, hardTimeout,
                    notifyRemoval);
        }
    }
}
