package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import org.HdrHistogram.Histogram;

/**
 * One emulated switch's test PACKET_INs (cbench's traffic): the window of those waiting for an
 * answer ({@link Outstanding}), the frames they carry ({@link PacketInTemplate}), and how each
 * answer is scored: counted in the switch's counters by what answered it, its round trip recorded
 * in the latency histogram. Confined to the switch's event loop, as the switch is.
 */
final class TestTraffic {

    /** Round trips above this are recorded as this (the histogram's range). */
    static final long HIGHEST_LATENCY_NS = EmulatedSwitch.HIGHEST_LATENCY_NS;

    private final long[] c;
    private final Histogram latency;
    private final Outstanding outstanding;
    private final PacketInTemplate packetIn;

    /**
     * @param counters the switch's counters, indexed by {@link Metric} (shared, written here too)
     * @param latency  the histogram of the switch's event loop (single writer: that loop)
     */
    TestTraffic(SwitchSpec spec, long[] counters, Histogram latency) {
        this.c = counters;
        this.latency = latency;
        this.outstanding = new Outstanding(spec.window());
        this.packetIn = new PacketInTemplate(spec);
    }

    /** A FLOW_MOD or PACKET_OUT naming this buffer id; true if it answered a packet waiting. */
    boolean answerBuffer(int buffer, Metric by, long now) {
        return score(outstanding.answer(buffer, 0, false, now), by);
    }

    /** A PACKET_OUT carrying a test frame back (sequence and source tag); true if it answered. */
    boolean answerFrame(int seq, int srcTag, long now) {
        return score(outstanding.answer(seq, srcTag, true, now), Metric.ANSWERED_BY_PACKET_OUT);
    }

    private boolean score(Outstanding.Match m, Metric by) {
        switch (m) {
            case ANSWERED:
                c[Metric.ANSWERED.ordinal()]++;
                c[by.ordinal()]++;
                latency.recordValue(Math.min(outstanding.lastRoundTrip(), HIGHEST_LATENCY_NS));
                return true;
            case DUPLICATE:
                c[Metric.DUPLICATE_ANSWERS.ordinal()]++;
                break;
            case LATE:
                c[Metric.LATE_ANSWERS.ordinal()]++;
                break;
            default:
                c[Metric.UNKNOWN_ANSWERS.ordinal()]++;
        }
        return false;
    }

    /** Room in the window for another PACKET_IN. */
    boolean hasRoom() {
        return outstanding.hasRoom();
    }

    /** Writes the next test PACKET_IN into {@code out}, with this xid. */
    void emit(ByteBuf out, int xid) {
        int tag = packetIn.nextTag();
        packetIn.write(out, xid, outstanding.issue(tag), tag);
        c[Metric.PACKET_INS.ordinal()]++;
    }

    /** The PACKET_INs written so far leave now: their round trips start. */
    void stamp(long now) {
        outstanding.stamp(now);
    }

    /** Counts the packets sent before {@code sentBefore} and still waiting as unanswered. */
    int expire(long sentBefore) {
        int expired = outstanding.expire(sentBefore);
        c[Metric.UNANSWERED.ordinal()] += expired;
        return expired;
    }

    /** Counts every packet still waiting as unanswered (end of a run). */
    void expireAll() {
        c[Metric.UNANSWERED.ordinal()] += outstanding.expireAll();
    }

    int waiting() {
        return outstanding.waiting();
    }
}
