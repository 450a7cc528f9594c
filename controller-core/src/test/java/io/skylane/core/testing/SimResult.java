package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.PortNumber;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@link SimSwitch} did with one packet: the copies it sent out of ports, the copies it
 * sent to the controller, the copies it dropped and why, and the rules it hit. {@link #toString()}
 * prints all of it, one line per event, so that {@code assertTrue(r.isOutput(p), r::toString)}
 * explains a failure.
 */
public final class SimResult {

    /** A copy sent out of a port (a physical port, or LOCAL). */
    public record Output(PortNumber port, SimPacket packet) {
    }

    /** A copy sent to the controller, as a packet-in would carry it: the table and cookie of the rule. */
    public record Punt(SimPacket packet, int tableId, long cookie) {
    }

    /** A copy the switch dropped. */
    public record Drop(SimPacket packet, String reason) {
    }

    /** One table lookup: the rule that matched, or none (a table miss). */
    public record Visit(int tableId, Optional<FlowRule> rule) {
        public Visit {
            checkNotNull(rule, "rule");
        }

        @Override
        public String toString() {
            if (rule.isEmpty()) {
                return "table " + tableId + ": miss";
            }
            FlowRule r = rule.get();
            return "table " + tableId + ": prio " + r.priority() + " app " + r.appId() + " cookie 0x"
                + Long.toHexString(r.cookie()) + " " + RuleText.match(r.match()) + " -> "
                + RuleText.instructions(r.instructions());
        }
    }

    private final DeviceId device;
    private final SimPacket input;
    private final ImmutableList<Output> outputs;
    private final ImmutableList<Punt> punts;
    private final ImmutableList<Drop> drops;
    private final ImmutableList<Visit> trace;
    private final ImmutableList<String> log;

    SimResult(DeviceId device, SimPacket input, List<Output> outputs, List<Punt> punts, List<Drop> drops,
              List<Visit> trace, List<String> log) {
        this.device = device;
        this.input = input;
        this.outputs = ImmutableList.copyOf(outputs);
        this.punts = ImmutableList.copyOf(punts);
        this.drops = ImmutableList.copyOf(drops);
        this.trace = ImmutableList.copyOf(trace);
        this.log = ImmutableList.copyOf(log);
    }

    public DeviceId device() {
        return device;
    }

    public SimPacket input() {
        return input;
    }

    /** Copies sent out of ports, in the order the switch sent them. */
    public List<Output> outputs() {
        return outputs;
    }

    public List<Punt> punts() {
        return punts;
    }

    /**
     * Copies dropped: table misses, expired TTLs, outputs to a dead port or to the ingress port, a
     * group with no live bucket, and a pipeline that ended without any output.
     */
    public List<Drop> drops() {
        return drops;
    }

    /** Table lookups in the order they happened (all copies, groups included). */
    public List<Visit> trace() {
        return trace;
    }

    /** The ids of the tables looked up, in order. */
    public List<Integer> tables() {
        return trace.stream().map(Visit::tableId).toList();
    }

    /** The rules hit, in order. */
    public List<FlowRule> rulesHit() {
        return trace.stream().flatMap(v -> v.rule().stream()).toList();
    }

    /** Nothing left the switch: no output and no punt. */
    public boolean isDropped() {
        return outputs.isEmpty() && punts.isEmpty();
    }

    public boolean isPunted() {
        return !punts.isEmpty();
    }

    /** The ports copies went out of, in order, without repeats. */
    public Set<PortNumber> outPorts() {
        Set<PortNumber> ports = new LinkedHashSet<>();
        outputs.forEach(o -> ports.add(o.port()));
        return ports;
    }

    /** True when {@code packet} (exactly) went out of {@code port}. */
    public boolean isOutput(SimPacket packet, PortNumber port) {
        return outputs.contains(new Output(port, packet));
    }

    /** The copies sent out of {@code port}. */
    public List<SimPacket> packetsOn(PortNumber port) {
        return outputs.stream().filter(o -> o.port().equals(port)).map(Output::packet).toList();
    }

    /** The one copy sent out of {@code port}; throws (printing this result) unless there is exactly one. */
    public SimPacket packetOn(PortNumber port) {
        List<SimPacket> on = packetsOn(port);
        if (on.size() != 1) {
            throw new AssertionError(on.size() + " packets out of port " + port + ", expected 1\n" + this);
        }
        return on.get(0);
    }

    public SimPacket packetOn(long port) {
        return packetOn(PortNumber.of(port));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(device).append(" <- ").append(input);
        log.forEach(l -> sb.append("\n  ").append(l));
        return sb.toString();
    }
}
