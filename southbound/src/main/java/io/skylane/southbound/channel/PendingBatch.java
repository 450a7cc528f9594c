package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.skylane.core.net.DeviceId;
import io.skylane.core.southbound.BatchResult;
import io.skylane.core.southbound.SwitchError;
import io.skylane.core.southbound.SwitchOp;
import io.skylane.southbound.translate.FlowModEncoder;
import io.skylane.southbound.translate.FlowModWriter;
import io.skylane.southbound.translate.GroupTranslator;
import io.skylane.southbound.translate.MeterEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * A batch of operations sent to a switch and closed by a BARRIER: the messages (encoded into one
 * buffer, FLOW_MODs written straight from the core rule by {@link FlowModWriter}), which operation
 * each xid belongs to, and the errors collected until the barrier reply.
 *
 * <p>The batch takes one block of consecutive xids: message {@code i} carries {@code firstXid + i}
 * and the barrier the one after the last message. An error's xid is mapped back to its operation
 * by subtraction, so nothing is indexed per message (an index per FLOW_MOD, filled and emptied for
 * every batch, was the largest cost of flow programming).
 */
final class PendingBatch {

    /** A FLOW_MOD with a few match fields and an output is about this long; the buffer grows if needed. */
    private static final int TYPICAL_MESSAGE_BYTES = 96;

    final int firstXid;
    /** The operation of each message (an operation may need several messages). */
    final SwitchOp[] ops;
    final int barrierXid;
    /** How many of the messages are FLOW_MODs, and GROUP_MODs (for the counters). */
    final int flowMods;
    final int groupMods;
    final CompletableFuture<BatchResult> future;
    ScheduledFuture<?> timeout;
    /** Every message and the barrier in wire format, until written. */
    private ByteBuf frames;
    private List<BatchResult.Failure> failures;

    private PendingBatch(ByteBuf frames, int firstXid, SwitchOp[] ops, int barrierXid, int flowMods, int groupMods,
                         CompletableFuture<BatchResult> future) {
        this.frames = frames;
        this.firstXid = firstXid;
        this.ops = ops;
        this.barrierXid = barrierXid;
        this.flowMods = flowMods;
        this.groupMods = groupMods;
        this.future = future;
    }

    /**
     * Encodes the operations and the closing BARRIER into one buffer (on the caller's thread, so a
     * bad operation fails the caller's future and not the I/O thread, and the I/O thread writes one
     * buffer per batch instead of encoding a message per operation).
     *
     * @throws IllegalArgumentException if an operation cannot be expressed for this switch
     */
    static PendingBatch encode(List<SwitchOp> ops, DeviceId deviceId, OFFactory factory, XidBlocks xidBlocks,
                               ByteBufAllocator alloc, CompletableFuture<BatchResult> future) {
        int count = 0;
        for (SwitchOp op : ops) {
            count += messageCount(op, factory);
        }
        int first = xidBlocks.take(count + 1);
        SwitchOp[] owners = new SwitchOp[count];
        ByteBuf out = alloc.buffer((count + 1) * TYPICAL_MESSAGE_BYTES);
        try {
            int i = 0;
            int flowMods = 0;
            int groupMods = 0;
            for (SwitchOp op : ops) {
                if (op instanceof SwitchOp.FlowOp f) {
                    flowMods++;
                    checkDevice(f.rule().deviceId(), deviceId);
                    FlowModWriter.write(f.kind(), f.rule(), factory, unsigned(first + i), out);
                    owners[i++] = op;
                } else if (op instanceof SwitchOp.GroupOp g) {
                    groupMods++;
                    checkDevice(g.group().deviceId(), deviceId);
                    GroupTranslator.groupMod(g.kind(), g.group(), factory, unsigned(first + i)).writeTo(out);
                    owners[i++] = op;
                } else if (op instanceof SwitchOp.MeterOp m) {
                    checkDevice(m.meter().deviceId(), deviceId);
                    MeterEncoder.meterMod(m.kind(), m.meter(), factory, unsigned(first + i)).writeTo(out);
                    owners[i++] = op;
                } else {
                    int n = FlowModEncoder.clearAllSize(factory.getVersion());
                    for (OFMessage msg : FlowModEncoder.clearAll(factory, unsigned(first + i),
                            unsigned(first + i + n - 1))) {
                        if (msg.getType() == OFType.FLOW_MOD) {
                            flowMods++;
                        } else if (msg.getType() == OFType.GROUP_MOD) {
                            groupMods++;
                        }
                        msg.writeTo(out);
                        owners[i++] = op;
                    }
                }
            }
            int barrierXid = first + count;
            factory.buildBarrierRequest().setXid(unsigned(barrierXid)).build().writeTo(out);
            return new PendingBatch(out, first, owners, barrierXid, flowMods, groupMods, future);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** The messages (operations, then the barrier): one buffer, handed over once. */
    ByteBuf takeFrames() {
        ByteBuf f = frames;
        frames = null;
        return f;
    }

    /** Frees the encoded messages if they were never written. */
    void discardFrames() {
        ByteBuf f = takeFrames();
        if (f != null) {
            f.release();
        }
    }

    /** Messages written for this batch, the barrier included. */
    int messageCount() {
        return ops.length + 1;
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
