package io.skylane.southbound.channel;

import io.netty.util.collection.IntObjectHashMap;
import io.skylane.core.southbound.SwitchDisconnectedException;
import io.skylane.core.southbound.SwitchError;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.ErrorTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFStatsType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one ready connection that wait for an answer: barrier-closed batches (by the xid
 * of their barrier; an error is matched to the batch whose block of xids holds it) and multipart requests (by xid, replies accumulated until
 * one without the MORE flag). Each ends with its answer, a timeout, or the connection's close;
 * then every map entry and timer of it is gone. Event loop only.
 */
final class PendingRequests {

    private static final Logger log = LoggerFactory.getLogger(PendingRequests.class);

    /** Turns one reply of a multipart request into core objects. */
    @FunctionalInterface
    interface ReplyDecoder<T> {
        void decode(OFStatsReply reply, List<T> into);
    }

    private final OFConnection conn;
    private final IntObjectHashMap<PendingBatch> batchByBarrierXid = new IntObjectHashMap<>();
    private final IntObjectHashMap<Multipart<?>> multiparts = new IntObjectHashMap<>();

    PendingRequests(OFConnection conn) {
        this.conn = conn;
    }

    /** Sends a batch and its barrier; the batch's future completes on the barrier reply. */
    void start(PendingBatch batch) {
        if (conn.isClosed()) {
            batch.discardFrames();
            batch.future.completeExceptionally(new SwitchDisconnectedException(conn.deviceId()));
            return;
        }
        batchByBarrierXid.put(batch.barrierXid, batch);
        batch.timeout = conn.schedule(() -> batchTimedOut(batch), conn.config().requestTimeout());
        conn.counters().add(Counter.FLOW_MODS_OUT, batch.flowMods);
        conn.counters().add(Counter.GROUP_MODS_OUT, batch.groupMods);
        conn.sendEncoded(batch.takeFrames(), batch.messageCount());
    }

    /** Sends a multipart request; {@code future} completes with the decoded entries of all its replies. */
    <T> void start(OFStatsRequest<?> request, ReplyDecoder<T> decoder, CompletableFuture<List<T>> future) {
        if (conn.isClosed()) {
            future.completeExceptionally(new SwitchDisconnectedException(conn.deviceId()));
            return;
        }
        expect((int) request.getXid(), request.getStatsType(), decoder, future);
        conn.send(request);
    }

    /**
     * Waits, like {@link #start(OFStatsRequest, ReplyDecoder, CompletableFuture)}, for the replies
     * to a multipart request sent earlier (set-up's PORT_DESC once set-up stopped waiting for it).
     */
    <T> void expect(int xid, OFStatsType type, ReplyDecoder<T> decoder, CompletableFuture<List<T>> future) {
        if (conn.isClosed()) {
            future.completeExceptionally(new SwitchDisconnectedException(conn.deviceId()));
            return;
        }
        Multipart<T> m = new Multipart<>(xid, type, decoder, future);
        multiparts.put(m.xid, m);
        m.timeout = conn.schedule(() -> multipartTimedOut(m), conn.config().requestTimeout());
    }

    void onBarrierReply(OFMessage reply) {
        PendingBatch batch = batchByBarrierXid.get((int) reply.getXid());
        if (batch == null) {
            log.debug("switch {}: barrier reply for unknown xid {}", conn.deviceId(), reply.getXid());
            return;
        }
        forget(batch);
        batch.future.complete(batch.result());
    }

    void onStatsReply(OFStatsReply reply) {
        int xid = (int) reply.getXid();
        Multipart<?> m = multiparts.get(xid);
        if (m == null) {
            log.debug("switch {}: {} reply for unknown xid {}", conn.deviceId(), reply.getStatsType(), reply.getXid());
            return;
        }
        if (reply.getStatsType() != m.type) {
            forget(m);
            m.future.completeExceptionally(new IllegalStateException("switch answered a " + m.type + " request with a "
                    + reply.getStatsType() + " reply"));
            return;
        }
        try {
            m.add(reply);
        } catch (RuntimeException e) {
            forget(m);
            m.future.completeExceptionally(e);
            return;
        }
        if (!reply.getFlags().contains(OFStatsReplyFlags.REPLY_MORE)) {
            forget(m);
            m.complete();
        }
    }

    /**
     * Matches an ERROR to an operation of a pending batch (recorded as its failure) or to a pending
     * request (which fails).
     *
     * @return false if the error answers nothing pending
     */
    boolean onError(OFErrorMsg e) {
        return onError(ErrorTranslator.toCore(e));
    }

    /** The same for an error already in core terms (one openflowj could not read). */
    boolean onError(SwitchError error) {
        int xid = (int) error.xid();
        for (PendingBatch b : batchByBarrierXid.values()) { // a few batches at most; errors are rare
            if (b.covers(xid)) {
                b.failed(xid, error);
                return true;
            }
        }
        PendingBatch batch = batchByBarrierXid.get(xid);
        if (batch != null) {
            forget(batch);
            batch.future.completeExceptionally(new SwitchErrorException("BARRIER", error));
            return true;
        }
        Multipart<?> m = multiparts.get(xid);
        if (m != null) {
            forget(m);
            m.future.completeExceptionally(new SwitchErrorException(m.type + " request", error));
            return true;
        }
        return false;
    }

    /** The connection closed: everything pending fails with {@link SwitchDisconnectedException}. */
    void failAll() {
        if (batchByBarrierXid.isEmpty() && multiparts.isEmpty()) {
            return;
        }
        SwitchDisconnectedException e = new SwitchDisconnectedException(conn.deviceId());
        for (PendingBatch b : new ArrayList<>(batchByBarrierXid.values())) {
            forget(b);
            b.future.completeExceptionally(e);
        }
        for (Multipart<?> m : new ArrayList<>(multiparts.values())) {
            forget(m);
            m.future.completeExceptionally(e);
        }
    }

    /** Requests waiting for an answer (for tests and diagnostics). */
    int size() {
        return batchByBarrierXid.size() + multiparts.size();
    }

    private void batchTimedOut(PendingBatch batch) {
        if (batchByBarrierXid.get(batch.barrierXid) != batch) {
            return;
        }
        forget(batch);
        conn.counters().increment(Counter.REQUESTS_TIMEOUT);
        log.debug("switch {}: no barrier reply within {} ms", conn.deviceId(), conn.config().requestTimeout().toMillis());
        batch.future.completeExceptionally(new TimeoutException("switch " + conn.deviceId()
                + " did not answer the barrier within " + conn.config().requestTimeout().toMillis() + " ms"));
    }

    private void multipartTimedOut(Multipart<?> m) {
        if (multiparts.get(m.xid) != m) {
            return;
        }
        forget(m);
        conn.counters().increment(Counter.REQUESTS_TIMEOUT);
        log.debug("switch {}: no {} reply within {} ms", conn.deviceId(), m.type, conn.config().requestTimeout().toMillis());
        m.future.completeExceptionally(new TimeoutException("switch " + conn.deviceId() + " did not answer the "
                + m.type + " request within " + conn.config().requestTimeout().toMillis() + " ms"));
    }

    private void forget(PendingBatch batch) {
        batchByBarrierXid.remove(batch.barrierXid);
        if (batch.timeout != null) {
            batch.timeout.cancel(false);
        }
    }

    private void forget(Multipart<?> m) {
        multiparts.remove(m.xid);
        if (m.timeout != null) {
            m.timeout.cancel(false);
        }
    }

    /** A multipart request and the entries of its replies so far. */
    private static final class Multipart<T> {
        final int xid;
        final OFStatsType type;
        final ReplyDecoder<T> decoder;
        final CompletableFuture<List<T>> future;
        final List<T> entries = new ArrayList<>();
        ScheduledFuture<?> timeout;

        Multipart(int xid, OFStatsType type, ReplyDecoder<T> decoder, CompletableFuture<List<T>> future) {
            this.xid = xid;
            this.type = type;
            this.decoder = decoder;
            this.future = future;
        }

        void add(OFStatsReply reply) {
            decoder.decode(reply, entries);
        }

        void complete() {
            future.complete(com.google.common.collect.ImmutableList.copyOf(entries));
        }
    }
}
