package io.skylane.southbound.channel;

import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.GroupTranslator;
import io.skylane.southbound.translate.MeterEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntSupplier;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * A batch of operations sent to a switch and closed by a BARRIER: the messages, which operation
 * each xid belongs to, and the errors collected until the barrier reply.
 *
 * <p>The batch takes one block of consecutive xids: message {@code i} carries {@code firstXid + i}
 * and the barrier the one after the last message. An error's xid is mapped back to its operation
 * by subtraction, so nothing is indexed per message (an index per FLOW_MOD, filled and emptied for
 * every batch, was the largest cost of flow programming).
 */
final class PendingBatch {

    final List<OFMessage> messages;
    final int firstXid;
    /** The operation of each message (an operation may need several messages). */
    final SwitchOp[] ops;
    final int barrierXid;
    final OFMessage barrier;
    final CompletableFuture<BatchResult> future;
    ScheduledFuture<?> timeout;
    private List<BatchResult.Failure> failures;

    private PendingBatch(List<OFMessage> messages, int firstXid, SwitchOp[] ops, int barrierXid, OFMessage barrier,
                         CompletableFuture<BatchResult> future) {
        this.messages = messages;
        this.firstXid = firstXid;
        this.ops = ops;
        this.barrierXid = barrierXid;
        this.barrier = barrier;
        this.future = future;
    }

    /**
     * Encodes the operations (on the caller's thread, so a bad operation fails the caller's future
     * and not the I/O thread).
     *
     * @throws IllegalArgumentException if an operation cannot be expressed for this switch
     */
    static PendingBatch encode(List<SwitchOp> ops, DeviceId deviceId, OFFactory factory, XidBlocks xidBlocks,
                               CompletableFuture<BatchResult> future) {
        int count = 0;
        for (SwitchOp op : ops) {
            count += messageCount(op, factory);
        }
        int first = xidBlocks.take(count + 1);
        IntSupplier xids = new IntSupplier() {
            private int next = first;

            @Override
            public int getAsInt() {
                return next++;
            }
        };
        List<OFMessage> messages = new ArrayList<>(count);
        List<SwitchOp> owners = new ArrayList<>(count);
        for (SwitchOp op : ops) {
            if (op instanceof SwitchOp.FlowOp f) {
                checkDevice(f.rule().deviceId(), deviceId);
                messages.add(FlowModEncoder.flowMod(f.kind(), f.rule(), factory, unsigned(xids.getAsInt()),
                        OptionalInt.empty()));
                owners.add(op);
            } else if (op instanceof SwitchOp.GroupOp g) {
                checkDevice(g.group().deviceId(), deviceId);
                messages.add(GroupTranslator.groupMod(g.kind(), g.group(), factory, unsigned(xids.getAsInt())));
                owners.add(op);
            } else if (op instanceof SwitchOp.MeterOp m) {
                checkDevice(m.meter().deviceId(), deviceId);
                messages.add(MeterEncoder.meterMod(m.kind(), m.meter(), factory, unsigned(xids.getAsInt())));
                owners.add(op);
            } else {
                long flowXid = unsigned(xids.getAsInt());
                long groupXid = FlowModEncoder.clearAllSize(factory.getVersion()) > 1 ? unsigned(xids.getAsInt()) : 0;
                for (OFMessage msg : FlowModEncoder.clearAll(factory, flowXid, groupXid)) {
                    messages.add(msg);
                    owners.add(op);
                }
            }
        }
        int barrierXid = xids.getAsInt();
        OFMessage barrier = factory.buildBarrierRequest().setXid(unsigned(barrierXid)).build();
        return new PendingBatch(messages, first, owners.toArray(new SwitchOp[0]), barrierXid, barrier, future);
    }

    /** Messages an operation is sent as: one, or for a clear-all one per table kind of the version. */
    private static int messageCount(SwitchOp op, OFFactory factory) {
        return op instanceof SwitchOp.FlowOp || op instanceof SwitchOp.GroupOp || op instanceof SwitchOp.MeterOp
                ? 1 : FlowModEncoder.clearAllSize(factory.getVersion());
    }

    /** Hands out blocks of consecutive transaction ids. */
    @FunctionalInterface
    interface XidBlocks {
        /** The first of {@code n} consecutive xids, none of them 0. */
        int take(int n);
    }

    /** True if {@code xid} is one of this batch's operations (not its barrier). */
    boolean covers(int xid) {
        return Integer.toUnsignedLong(xid - firstXid) < ops.length;
    }

    private static void checkDevice(DeviceId given, DeviceId handle) {
        if (!given.equals(handle)) {
            throw new IllegalArgumentException("operation for switch " + given + " sent to switch " + handle);
        }
    }

    static long unsigned(int xid) {
        return xid & 0xffffffffL;
    }

    /** Records the switch's error for the operation sent with {@code xid}. */
    void failed(int xid, SwitchError error) {
        if (!covers(xid)) {
            return;
        }
        if (failures == null) {
            failures = new ArrayList<>(2);
        }
        failures.add(new BatchResult.Failure(ops[xid - firstXid], error));
    }

    BatchResult result() {
        return failures == null ? BatchResult.OK : new BatchResult(failures);
    }
}
