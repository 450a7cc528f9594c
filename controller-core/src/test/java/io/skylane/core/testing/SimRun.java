package io.skylane.core.testing;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** What one {@link SimSwitch#process} call has done so far; becomes a {@link SimResult}. */
final class SimRun {

    private static final int MAX_GROUP_DEPTH = 8;

    private final DeviceId device;
    private final SimPacket input;
    private final List<SimResult.Output> outputs = new ArrayList<>();
    private final List<SimResult.Punt> punts = new ArrayList<>();
    private final List<SimResult.Drop> drops = new ArrayList<>();
    private final List<SimResult.Visit> trace = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    /** Copies a ct action sent back into the pipeline, processed after the current pass. */
    private final Deque<Recirc> recircs = new ArrayDeque<>();
    private int groupDepth;
    /** Recirculations before the current pipeline pass; its action set. */
    private int passDepth;
    private ActionSet passSet = new ActionSet();
    /** ct actions with a recirculation table run so far (scheduled or refused at the limit). */
    private int forks;
    private int table;
    private long cookie;

    SimRun(DeviceId device, SimPacket input) {
        this.device = device;
        this.input = input;
    }

    void visit(int tableId, FlowRule rule) {
        SimResult.Visit v = new SimResult.Visit(tableId, Optional.ofNullable(rule));
        trace.add(v);
        table = tableId;
        cookie = rule == null ? 0 : rule.cookie();
        log(v.toString());
    }

    void output(PortNumber port, SimPacket p) {
        outputs.add(new SimResult.Output(port, p));
        log("output " + port + ": " + p);
    }

    void punt(SimPacket p) {
        punts.add(new SimResult.Punt(p, table, cookie));
        log("to controller (table " + table + "): " + p);
    }

    void drop(SimPacket p, String reason) {
        drops.add(new SimResult.Drop(p, reason));
        log("drop: " + reason + ": " + p);
    }

    void log(String line) {
        log.add("  ".repeat(groupDepth) + line);
    }

    /** Outputs and punts so far. */
    int emitted() {
        return outputs.size() + punts.size();
    }

    /** False when groups are chained too deep. */
    boolean enterGroup() {
        return ++groupDepth <= MAX_GROUP_DEPTH;
    }

    void leaveGroup() {
        groupDepth--;
    }

    /** A copy to process again from {@code table}, with the action set it had, {@code depth} recirculations deep. */
    record Recirc(SimPacket packet, int table, ActionSet set, int depth) {
    }

    /** Starts a pipeline pass {@code depth} recirculations deep, with this action set. */
    void startPass(int depth, ActionSet set) {
        passDepth = depth;
        passSet = set;
    }

    int passDepth() {
        return passDepth;
    }

    ActionSet passSet() {
        return passSet;
    }

    void recirculate(SimPacket p, int tableId) {
        forks++;
        recircs.add(new Recirc(p, tableId, passSet.copy(), passDepth + 1));
        log("recirculate to table " + tableId + ": " + p);
    }

    /** A ct fork refused at the recirculation limit (dropped, with the reason). */
    void recirculationRefused(SimPacket p, String reason) {
        forks++;
        drop(p, reason);
    }

    int forks() {
        return forks;
    }

    /** The next copy to process again, or null. */
    Recirc nextRecirc() {
        return recircs.poll();
    }

    SimResult result() {
        return new SimResult(device, input, outputs, punts, drops, trace, log);
    }
}
