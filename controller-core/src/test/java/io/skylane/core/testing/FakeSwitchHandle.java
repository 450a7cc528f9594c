package io.skylane.core.testing;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.skylane.core.flow.Action;
import io.skylane.core.flow.FlowEntry;
import io.skylane.core.flow.FlowKey;
import io.skylane.core.flow.FlowRule;
import io.skylane.core.flow.GroupDescription;
import io.skylane.core.flow.Instruction;
import io.skylane.core.net.DeviceId;
import io.skylane.core.net.ProtocolVersion;
import io.skylane.core.packet.OutboundPacket;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.PortStatistics;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchHandle;
import io.skylane.core.southbound.SwitchOp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A {@link SwitchHandle} backed by an emulated switch, for tests.
 *
 * <p>It records every batch, transient flow and packet-out, and keeps a flow table (by
 * {@link FlowKey}) and a group table that {@link #apply} really changes with OpenFlow semantics:
 * ADD replaces an entry with the same key, MODIFY (strict) changes an existing entry only, DELETE
 * (strict) removes exactly that key; a group ADD for an existing id fails with GROUP_EXISTS, a
 * MODIFY of an unknown group with UNKNOWN_GROUP; a flow pointing to a missing group fails with
 * BAD_OUT_GROUP; deleting a group deletes the flows that point to it. Flow statistics report the
 * table as it is (on OpenFlow 1.0 without the removal-notification flag, as real 1.0 switches do);
 * group descriptions report app id 0, as the southbound decodes them (OpenFlow keeps no owner).
 *
 * <p>Scriptable: {@link #failOn} makes the switch refuse operations on a flow key,
 * {@link #answerBarriers}/{@link #answerStats} make it answer later, never, or time out, and
 * {@link #disconnect} closes it (outstanding futures then fail with
 * {@link SwitchDisconnectedException}). Thread-safe; futures are completed outside its lock.
 */
public class FakeSwitchHandle implements SwitchHandle {

    /** How the emulated switch answers barriers or statistics requests. */
    public enum Answer {
        /** At once: the returned future is already complete. */
        NOW,
        /** When the test calls {@link #releaseBarriers()} / {@link #releaseStats()}. */
        LATER,
        /** Never (until a disconnect fails the future), like benchmark tools that ignore stats requests. */
        NEVER,
        /** At once, with a {@link TimeoutException}, as the southbound reports an unanswered request. */
        TIME_OUT
    }

    /** A reactive flow sent with {@link #sendTransientFlow}. */
    public record TransientFlow(FlowRule rule, OptionalInt bufferId) {
    }

    /** Error the emulated switch gives for an operation on a key scripted with {@link #failOn(FlowKey)}. */
    public static final SwitchError TABLE_FULL = error("FLOW_MOD_FAILED", "TABLE_FULL");

    private final DeviceId id;
    private final ProtocolVersion version;
    private final InetSocketAddress address;

    private boolean connected = true;
    private String disconnectReason;
    private Answer barriers = Answer.NOW;
    private Answer stats = Answer.NOW;

    private final Map<FlowKey, FlowRule> flowTable = new LinkedHashMap<>();
    private final Map<Integer, GroupDescription> groupTable = new LinkedHashMap<>();
    private final Map<FlowKey, SwitchError> failingFlows = new HashMap<>();
    private final Map<Integer, SwitchError> failingGroups = new HashMap<>();
    private List<PortStatistics> portStatistics = List.of();

    private final List<List<SwitchOp>> batches = new ArrayList<>();
    private final List<TransientFlow> transientFlows = new ArrayList<>();
    private final List<OutboundPacket> packetOuts = new ArrayList<>();
    /** How many packets each packet-out call carried (1 for {@link #packetOut}). */
    private final List<Integer> packetOutWrites = new ArrayList<>();
    private int flowRequests;

    private final List<Runnable> heldBarriers = new ArrayList<>();
    private final List<Runnable> heldStats = new ArrayList<>();
    private final List<CompletableFuture<?>> unanswered = new ArrayList<>();

    public FakeSwitchHandle(DeviceId id, ProtocolVersion version) {
        this.id = checkNotNull(id, "id");
        this.version = checkNotNull(version, "version");
        this.address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000 + (int) (id.dpid() & 0x3fff));
    }

    /** An OpenFlow 1.3 switch. */
    public static FakeSwitchHandle of13(long dpid) {
        return new FakeSwitchHandle(DeviceId.of(dpid), ProtocolVersion.OF_13);
    }

    /** An OpenFlow 1.0 switch (no groups). */
    public static FakeSwitchHandle of10(long dpid) {
        return new FakeSwitchHandle(DeviceId.of(dpid), ProtocolVersion.OF_10);
    }

    /** A switch error as the southbound reports it. */
    public static SwitchError error(String type, String code) {
        return new SwitchError(type, code, 0, "");
    }

    // ---- SwitchHandle -----------------------------------------------------------------------

    @Override
    public DeviceId deviceId() {
        return id;
    }

    @Override
    public ProtocolVersion version() {
        return version;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address;
    }

    @Override
    public synchronized boolean isConnected() {
        return connected;
    }

    @Override
    public CompletableFuture<BatchResult> apply(List<SwitchOp> ops) {
        checkNotNull(ops, "ops");
        synchronized (this) {
            if (!connected) {
                return CompletableFuture.failedFuture(new SwitchDisconnectedException(id));
            }
            batches.add(ImmutableList.copyOf(ops));
            List<BatchResult.Failure> failures = new ArrayList<>();
            for (SwitchOp op : ops) {
                SwitchError e = execute(op);
                if (e != null) {
                    failures.add(new BatchResult.Failure(op, e));
                }
            }
            BatchResult result = new BatchResult(failures);
            return answer(barriers, () -> result, heldBarriers);
        }
    }

    @Override
    public synchronized void sendTransientFlow(FlowRule rule, OptionalInt bufferId) {
        checkNotNull(rule, "rule");
        checkNotNull(bufferId, "bufferId");
        if (connected) {
            transientFlows.add(new TransientFlow(rule, bufferId));
            flowTable.put(rule.key(), rule);
        }
    }

    @Override
    public synchronized void packetOut(OutboundPacket packet) {
        checkNotNull(packet, "packet");
        if (connected) {
            packetOuts.add(packet);
            packetOutWrites.add(1);
        }
    }

    @Override
    public synchronized void packetOutAll(List<OutboundPacket> packets) {
        packets.forEach(p -> checkNotNull(p, "packet"));
        if (connected) {
            packetOuts.addAll(packets);
            packetOutWrites.add(packets.size());
        }
    }

    @Override
    public synchronized CompletableFuture<List<FlowEntry>> requestFlows() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(id));
        }
        flowRequests++;
        return answer(stats, this::flowStats, heldStats);
    }

    @Override
    public synchronized CompletableFuture<List<GroupDescription>> requestGroups() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(id));
        }
        if (!version.isMultiTable()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return answer(stats, this::groupStats, heldStats);
    }

    @Override
    public synchronized CompletableFuture<List<PortStatistics>> requestPortStatistics() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(id));
        }
        List<PortStatistics> current = portStatistics;
        return answer(stats, () -> current, heldStats);
    }

    /** Closes the emulated connection; every outstanding future fails with {@link SwitchDisconnectedException}. */
    @Override
    public void disconnect(String reason) {
        List<CompletableFuture<?>> open;
        synchronized (this) {
            if (!connected) {
                return;
            }
            connected = false;
            disconnectReason = reason;
            open = new ArrayList<>(unanswered);
            unanswered.clear();
            heldBarriers.clear();
            heldStats.clear();
        }
        open.forEach(f -> f.completeExceptionally(new SwitchDisconnectedException(id)));
    }

    // ---- scripting --------------------------------------------------------------------------

    /** From now on, the switch refuses every operation on {@code key} with {@link #TABLE_FULL}. */
    public void failOn(FlowKey key) {
        failOn(key, TABLE_FULL);
    }

    /** From now on, the switch refuses every operation on {@code key} with {@code error}. */
    public synchronized void failOn(FlowKey key, SwitchError error) {
        failingFlows.put(checkNotNull(key, "key"), checkNotNull(error, "error"));
    }

    /** From now on, the switch refuses every operation on group {@code groupId} with {@code error}. */
    public synchronized void failOnGroup(int groupId, SwitchError error) {
        failingGroups.put(groupId, checkNotNull(error, "error"));
    }

    /** The switch accepts everything again. */
    public synchronized void clearFailures() {
        failingFlows.clear();
        failingGroups.clear();
    }

    /** How barriers (batch results) are answered from now on. */
    public synchronized void answerBarriers(Answer answer) {
        barriers = checkNotNull(answer, "answer");
    }

    /** How flow, group and port statistics requests are answered from now on. */
    public synchronized void answerStats(Answer answer) {
        stats = checkNotNull(answer, "answer");
    }

    /** Answers the barriers held with {@link Answer#LATER}, in order; returns how many. */
    public int releaseBarriers() {
        return release(heldBarriers);
    }

    /** Answers the statistics requests held with {@link Answer#LATER}, with the tables as they are now. */
    public int releaseStats() {
        return release(heldStats);
    }

    /** Puts entries in the flow table directly, as if left over from an earlier run; not recorded. */
    public synchronized void preload(FlowRule... rules) {
        for (FlowRule r : rules) {
            flowTable.put(r.key(), r);
        }
    }

    /** Puts groups in the group table directly; not recorded. */
    public synchronized void preloadGroups(GroupDescription... groups) {
        for (GroupDescription g : groups) {
            groupTable.put(g.groupId(), g);
        }
    }

    /** Removes an entry as the switch would on a timeout or someone else's delete; returns it. */
    public synchronized Optional<FlowRule> removeFlow(FlowKey key) {
        return Optional.ofNullable(flowTable.remove(key));
    }

    public synchronized void setPortStatistics(List<PortStatistics> stats) {
        portStatistics = ImmutableList.copyOf(stats);
    }

    /** Forgets what was recorded (batches, transient flows, packet-outs); the tables stay. */
    public synchronized void clearRecords() {
        batches.clear();
        transientFlows.clear();
        packetOuts.clear();
        packetOutWrites.clear();
    }

    // ---- inspection -------------------------------------------------------------------------

    /** Every batch received, in order. */
    public synchronized ImmutableList<List<SwitchOp>> batches() {
        return ImmutableList.copyOf(batches);
    }

    /** The last batch received. */
    public synchronized Optional<List<SwitchOp>> lastBatch() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.get(batches.size() - 1));
    }

    /** Every batched operation received, in order, across batches. */
    public synchronized ImmutableList<SwitchOp> ops() {
        return batches.stream().flatMap(List::stream).collect(ImmutableList.toImmutableList());
    }

    public synchronized ImmutableList<TransientFlow> transientFlows() {
        return ImmutableList.copyOf(transientFlows);
    }

    public synchronized ImmutableList<OutboundPacket> packetOuts() {
        return ImmutableList.copyOf(packetOuts);
    }

    /** How many packets each packet-out call carried, in order: 1 per {@link #packetOut}, n per {@link #packetOutAll}. */
    public synchronized ImmutableList<Integer> packetOutWrites() {
        return ImmutableList.copyOf(packetOutWrites);
    }

    /** Messages sent to the switch that change or use its tables: batches, transient flows, packet-outs. */
    public synchronized int messages() {
        return batches.size() + transientFlows.size() + packetOuts.size();
    }

    /** How many flow statistics requests the switch received. */
    public synchronized int flowRequests() {
        return flowRequests;
    }

    /** The emulated flow table. */
    public synchronized ImmutableMap<FlowKey, FlowRule> flowTable() {
        return ImmutableMap.copyOf(flowTable);
    }

    /** The entries of the flow table, in the order they were added. */
    public synchronized ImmutableList<FlowRule> flows() {
        return ImmutableList.copyOf(flowTable.values());
    }

    /** True if the table holds exactly this rule. */
    public synchronized boolean hasFlow(FlowRule rule) {
        return rule.equals(flowTable.get(rule.key()));
    }

    /** The emulated group table, by group id. */
    public synchronized ImmutableMap<Integer, GroupDescription> groupTable() {
        return ImmutableMap.copyOf(groupTable);
    }

    public synchronized Optional<String> disconnectReason() {
        return Optional.ofNullable(disconnectReason);
    }

    @Override
    public String toString() {
        return "FakeSwitchHandle{" + id + " " + version + "}";
    }

    // ---- emulation --------------------------------------------------------------------------

    /** Executes one operation on the tables; returns the error the switch gives, or null. Holds the lock. */
    private SwitchError execute(SwitchOp op) {
        if (op instanceof SwitchOp.FlowOp f) {
            FlowKey key = f.rule().key();
            SwitchError scripted = failingFlows.get(key);
            if (scripted != null) {
                return scripted;
            }
            switch (f.kind()) {
                case ADD -> {
                    SwitchError e = checkGroups(f.rule());
                    if (e == null) {
                        flowTable.put(key, f.rule());
                    }
                    return e;
                }
                case MODIFY -> {
                    SwitchError e = checkGroups(f.rule());
                    if (e == null && flowTable.containsKey(key)) {
                        flowTable.put(key, flowTable.get(key).toBuilder().instructions(f.rule().instructions())
                                .build());
                    }
                    return e;
                }
                default -> {
                    flowTable.remove(key);
                    return null;
                }
            }
        } else if (op instanceof SwitchOp.GroupOp g) {
            int gid = g.group().groupId();
            SwitchError scripted = failingGroups.get(gid);
            if (scripted != null) {
                return scripted;
            }
            switch (g.kind()) {
                case ADD -> {
                    if (groupTable.containsKey(gid)) {
                        return error("GROUP_MOD_FAILED", "GROUP_EXISTS");
                    }
                    groupTable.put(gid, g.group());
                }
                case MODIFY -> {
                    if (!groupTable.containsKey(gid)) {
                        return error("GROUP_MOD_FAILED", "UNKNOWN_GROUP");
                    }
                    groupTable.put(gid, g.group());
                }
                default -> {
                    groupTable.remove(gid);
                    flowTable.values().removeIf(r -> pointsTo(r, gid));
                }
            }
            return null;
        } else if (op instanceof SwitchOp.ClearAll) {
            flowTable.clear();
            groupTable.clear();
        }
        return null;
    }

    private SwitchError checkGroups(FlowRule rule) {
        for (Instruction i : rule.instructions()) {
            for (Action a : actions(i)) {
                if (a instanceof Action.Group g && !groupTable.containsKey(g.groupId())) {
                    return error("BAD_ACTION", "BAD_OUT_GROUP");
                }
            }
        }
        return null;
    }

    private static boolean pointsTo(FlowRule rule, int groupId) {
        for (Instruction i : rule.instructions()) {
            for (Action a : actions(i)) {
                if (a instanceof Action.Group g && g.groupId() == groupId) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Action> actions(Instruction i) {
        if (i instanceof Instruction.ApplyActions a) {
            return a.actions();
        } else if (i instanceof Instruction.WriteActions w) {
            return w.actions();
        }
        return List.of();
    }

    private List<FlowEntry> flowStats() {
        List<FlowEntry> entries = new ArrayList<>();
        for (FlowRule r : flowTable.values()) {
            FlowRule reported = version == ProtocolVersion.OF_10 && r.notifyRemoval()
                    ? r.toBuilder().notifyRemoval(false).build() : r;
            entries.add(new FlowEntry(reported, 0, 0, 0));
        }
        return ImmutableList.copyOf(entries);
    }

    /** Groups as a switch reports them: OpenFlow keeps no owner, so their app id is 0. */
    private List<GroupDescription> groupStats() {
        return groupTable.values().stream().map(g -> new GroupDescription(g.deviceId(), g.groupId(), g.type(),
                g.buckets(), 0)).collect(ImmutableList.toImmutableList());
    }

    /** Holds the lock. The value is computed when the switch answers. */
    private <T> CompletableFuture<T> answer(Answer how, Supplier<T> value, List<Runnable> held) {
        if (how == Answer.NOW) {
            return CompletableFuture.completedFuture(value.get());
        }
        if (how == Answer.TIME_OUT) {
            return CompletableFuture.failedFuture(new TimeoutException("switch " + id + " did not answer"));
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        unanswered.add(f);
        if (how == Answer.LATER) {
            held.add(() -> {
                T v;
                synchronized (this) {
                    unanswered.remove(f);
                    v = value.get();
                }
                f.complete(v);
            });
        }
        return f;
    }

    private int release(List<Runnable> held) {
        List<Runnable> toRun;
        synchronized (this) {
            toRun = new ArrayList<>(held);
            held.clear();
        }
        toRun.forEach(Runnable::run);
        return toRun.size();
    }
}
