package io.skylane.bench;

/**
 * Where an emulated switch's handshake stands: the controller's HELLO, the FEATURES_REQUEST
 * answered, the SET_CONFIG seen. The switch is ready when it has answered FEATURES_REQUEST and
 * seen SET_CONFIG (what Skylane, ovs-testcontroller and most controllers send once they consider
 * the handshake done). Written on the switch's event loop only; {@link #handshakeNs} and
 * {@link #isReady} may be read from any thread.
 */
final class HandshakeProgress {

    private final long connectStartNanos;
    private boolean helloDone;
    private boolean featuresReplied;
    private boolean configSeen;
    private volatile long handshakeNs = -1;

    /** @param connectStartNanos when the connect call was made: the handshake time counts from there */
    HandshakeProgress(long connectStartNanos) {
        this.connectStartNanos = connectStartNanos;
    }

    /** The controller's HELLO was accepted. */
    void helloDone() {
        helloDone = true;
    }

    boolean isHelloDone() {
        return helloDone;
    }

    /** The switch answered FEATURES_REQUEST; true if that made it ready. */
    boolean featuresReplied(long now) {
        featuresReplied = true;
        return checkReady(now);
    }

    /** The controller sent SET_CONFIG; true if that made the switch ready. */
    boolean configSeen(long now) {
        configSeen = true;
        return checkReady(now);
    }

    boolean isReady() {
        return handshakeNs >= 0;
    }

    /** From the connect call to ready; -1 while not ready. */
    long handshakeNs() {
        return handshakeNs;
    }

    private boolean checkReady(long now) {
        if (handshakeNs < 0 && featuresReplied && configSeen) {
            handshakeNs = Math.max(0, now - connectStartNanos);
            return true;
        }
        return false;
    }

    /** Empty when ready, else where the handshake stands (for the error message). */
    String describe(String dpid, String closeReason) {
        if (isReady()) {
            return "";
        }
        return "switch " + dpid + ": HELLO " + (helloDone ? "received" : "not received") + ", FEATURES "
                + (featuresReplied ? "answered" : "not requested") + ", SET_CONFIG " + (configSeen ? "received"
                : "not received") + (closeReason != null ? ", closed: " + closeReason : "");
    }
}
