package io.skylane.core.testing;

import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.ArrayList;
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
    private int groupDepth;
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

    SimResult result() {
        return new SimResult(device, input, outputs, punts, drops, trace, log);
    }
}
