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
 */
final class PendingBatch {

    final List<OFMessage> messages;
    final int[] xids;
    final SwitchOp[] ops;
    final int barrierXid;
    final OFMessage barrier;
    final CompletableFuture<BatchResult> future;
    ScheduledFuture<?> timeout;
    private List<BatchResult.Failure> failures;

    private PendingBatch(List<OFMessage> messages, int[] xids, SwitchOp[] ops, int barrierXid, OFMessage barrier,
                         CompletableFuture<BatchResult> future) {
        this.messages = messages;
        this.xids = xids;
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
    static PendingBatch encode(List<SwitchOp> ops, DeviceId deviceId, OFFactory factory, IntSupplier xids,
                               CompletableFuture<BatchResult> future) {
        List<OFMessage> messages = new ArrayList<>(ops.size() + 1);
        List<SwitchOp> owners = new ArrayList<>(ops.size() + 1);
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
                for (OFMessage msg : FlowModEncoder.clearAll(factory, unsigned(xids.getAsInt()),
                        unsigned(xids.getAsInt()))) {
                    messages.add(msg);
                    owners.add(op);
                }
            }
        }
        int[] xidArray = new int[messages.size()];
        for (int i = 0; i < xidArray.length; i++) {
            xidArray[i] = (int) messages.get(i).getXid();
        }
        int barrierXid = xids.getAsInt();
        OFMessage barrier = factory.buildBarrierRequest().setXid(unsigned(barrierXid)).build();
        return new PendingBatch(messages, xidArray, owners.toArray(new SwitchOp[0]), barrierXid, barrier, future);
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
        for (int i = 0; i < xids.length; i++) {
            if (xids[i] == xid) {
                if (failures == null) {
                    failures = new ArrayList<>(2);
                }
                failures.add(new BatchResult.Failure(ops[i], error));
                return;
            }
        }
    }

    BatchResult result() {
        return failures == null ? BatchResult.OK : new BatchResult(failures);
    }
}
