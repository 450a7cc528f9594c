package io.skylane.bench;

/**
 * The PACKET_INs of one switch that wait for an answer, in a ring indexed by sequence number (the
 * buffer id, or the number carried in the frame). Sequences are issued in order; at most
 * {@code window} are outstanding and the ring holds twice that, so a slot is reused only long
 * after its packet was answered or expired. Each slot remembers whether its packet was answered or
 * expired, which tells a duplicate answer (the FLOW_MOD and the PACKET_OUT of one packet) from a
 * late one. Confined to the switch's event loop; no allocation after construction.
 */
final class Outstanding {

    /** What {@link #answer} found. */
    enum Match { ANSWERED, DUPLICATE, LATE, UNKNOWN }

    private static final byte FREE = 0;
    private static final byte WAITING = 1;
    private static final byte DONE = 2;
    private static final byte EXPIRED = 3;

    private final int window;
    private final int mask;
    private final long[] sentAt;
    private final int[] seqs;
    private final int[] macs;
    private final byte[] states;
    /** Next sequence to issue and oldest sequence that may still be waiting (both never wrap). */
    private long head;
    private long tail;
    private long stampedUpTo;
    private int waiting;
    /** Set by {@link #answer}: the round trip of the packet just answered, in nanoseconds. */
    private long lastRoundTrip;

    Outstanding(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.window = window;
        int size = Integer.highestOneBit(Math.max(2, window) * 2 - 1) << 1;
        this.mask = size - 1;
        this.sentAt = new long[size];
        this.seqs = new int[size];
        this.macs = new int[size];
        this.states = new byte[size];
    }

    /** Whether one more packet may be issued now. */
    boolean hasRoom() {
        return waiting < window && head - tail <= mask;
    }

    int waiting() {
        return waiting;
    }

    /**
     * Issues the next sequence for a packet with the given MAC tag; its send time is set by
     * {@link #stamp} once the packet is handed to the socket.
     *
     * @return the 32-bit sequence, never {@link Wire#NO_BUFFER}
     */
    int issue(int macTag) {
        int seq = (int) head;
        if (seq == Wire.NO_BUFFER) {
            head++;
            seq = (int) head;
        }
        int slot = seq & mask;
        seqs[slot] = seq;
        macs[slot] = macTag;
        states[slot] = WAITING;
        sentAt[slot] = 0;
        head++;
        waiting++;
        return seq;
    }

    /** Sets the send time of every packet issued since the last call. */
    void stamp(long now) {
        for (long s = Math.max(stampedUpTo, tail); s < head; s++) {
            sentAt[(int) s & mask] = now;
        }
        stampedUpTo = head;
    }

    /**
     * An answer naming {@code seq} arrived. For a packet-out without buffer, {@code macTag} is the
     * tag read from the frame and must equal the one issued; pass {@code checkMac=false} otherwise.
     */
    Match answer(int seq, int macTag, boolean checkMac, long now) {
        int slot = seq & mask;
        if (seqs[slot] != seq || (checkMac && macs[slot] != macTag)) {
            return Match.UNKNOWN;
        }
        byte state = states[slot];
        if (state == WAITING) {
            states[slot] = DONE;
            waiting--;
            lastRoundTrip = now - sentAt[slot];
            advanceTail();
            return Match.ANSWERED;
        }
        if (state == DONE) {
            return Match.DUPLICATE;
        }
        return state == EXPIRED ? Match.LATE : Match.UNKNOWN;
    }

    /** The round trip of the packet the last {@link Match#ANSWERED} was for. */
    long lastRoundTrip() {
        return lastRoundTrip;
    }

    /**
     * Expires every packet sent at or before {@code sentBefore} that is still waiting.
     *
     * @return how many expired
     */
    int expire(long sentBefore) {
        int expired = 0;
        while (tail < stampedUpTo) {
            int slot = (int) tail & mask;
            if (states[slot] == WAITING) {
                if (sentAt[slot] - sentBefore > 0) {
                    break;
                }
                states[slot] = EXPIRED;
                waiting--;
                expired++;
            }
            tail++;
        }
        return expired;
    }

    /** Expires everything still waiting (end of a run). */
    int expireAll() {
        int expired = 0;
        for (long s = tail; s < head; s++) {
            int slot = (int) s & mask;
            if (states[slot] == WAITING) {
                states[slot] = EXPIRED;
                expired++;
            }
        }
        waiting = 0;
        tail = head;
        stampedUpTo = head;
        return expired;
    }

    private void advanceTail() {
        while (tail < head && states[(int) tail & mask] != WAITING) {
            tail++;
        }
    }
}
