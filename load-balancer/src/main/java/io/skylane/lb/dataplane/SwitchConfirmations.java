package io.skylane.lb.dataplane;

import io.skylane.core.net.DeviceId;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each switch is with the load balancer's rules: rule sets are numbered per switch as they
 * are handed over; a switch is {@code CONFIRMED} once it holds the latest (barrier) and stays
 * connected, {@code REFUSED} if it refused some of them, {@code PENDING} otherwise. A confirmation
 * or refusal of an older set does not count. Not thread-safe: the data plane's one thread uses it.
 */
final class SwitchConfirmations {

    enum State { PENDING, CONFIRMED, REFUSED }

    private final Map<DeviceId, Long> sent = new HashMap<>();
    private final Map<DeviceId, Long> confirmed = new HashMap<>();
    private final Map<DeviceId, Long> refused = new HashMap<>();
    /** Switches whose latest set was handed over while they were connected. */
    private final Map<DeviceId, Boolean> sentConnected = new HashMap<>();

    /** A new rule set goes to the switch: its number, which the outcome must name. */
    long handedOver(DeviceId d, boolean connected) {
        confirmed.remove(d);
        refused.remove(d);
        sentConnected.put(d, connected);
        return sent.merge(d, 1L, Long::sum);
    }

    /** True when the switch is connected but its latest set was never confirmed while it was: send again. */
    boolean needsResend(DeviceId d, boolean connected) {
        return connected && !confirmed.containsKey(d) && !refused.containsKey(d)
                && !sentConnected.getOrDefault(d, false);
    }

    /** The switch left: what it confirmed is void until it holds the rules again. */
    void disconnected(DeviceId d) {
        confirmed.remove(d);
        sentConnected.put(d, false);
    }

    boolean confirm(DeviceId d, long generation) {
        if (sent.getOrDefault(d, 0L) != generation) {
            return false;
        }
        confirmed.put(d, generation);
        return true;
    }

    boolean refuse(DeviceId d, long generation) {
        if (sent.getOrDefault(d, 0L) != generation) {
            return false;
        }
        refused.put(d, generation);
        return true;
    }

    /** The number of the rule set last handed over (0: none yet). */
    long latest(DeviceId d) {
        return sent.getOrDefault(d, 0L);
    }

    /**
     * Where the switch is with rule set {@code since} or a later one: confirmed, refused, or
     * pending; for the sets of one load balancer, which last changed at {@code since}.
     */
    State state(DeviceId d, long since) {
        Long r = refused.get(d);
        if (r != null && r >= since) {
            return State.REFUSED;
        }
        Long c = confirmed.get(d);
        return c != null && c >= since ? State.CONFIRMED : State.PENDING;
    }

    void clear() {
        sent.clear();
        confirmed.clear();
        refused.clear();
        sentConnected.clear();
    }
}
