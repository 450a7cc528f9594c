package io.skylane.topology.discovery;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Link discovery's counters: probes sent, LLDP received and why some of it was refused. Lock-free. */
final class DiscoveryCounters {

    final LongAdder probesSent = new LongAdder();
    final LongAdder lldpReceived = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder foreign = new LongAdder();
    final LongAdder otherController = new LongAdder();
    final LongAdder badSignature = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder notLive = new LongAdder();
    final LongAdder linksTimedOut = new LongAdder();
    /** Times the discovery timer ran more than half a probe interval late (its probes late with it). */
    final LongAdder timerStalls = new LongAdder();
    /** Probes of this controller that came back more than half a probe interval after they left. */
    final LongAdder lateProbes = new LongAdder();
    /** Probes of the periodic rounds skipped because probes came back late (see {@link DiscoveryPace}). */
    final LongAdder probesYielded = new LongAdder();

    /** The counter of a probe refused for {@code verdict}. */
    LongAdder refused(ProbeSigner.Verdict verdict) {
        return switch (verdict) {
            case OTHER_CONTROLLER -> otherController;
            case BAD_SIGNATURE -> badSignature;
            default -> stale;
        };
    }

    /** Every counter by name, the number of links known now and how often the timeout sweep read them. */
    Map<String, Long> toMap(int links, long expiryScans) {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("probesSent", probesSent.sum())
                .put("lldpReceived", lldpReceived.sum())
                .put("malformed", malformed.sum())
                .put("foreign", foreign.sum())
                .put("otherController", otherController.sum())
                .put("badSignature", badSignature.sum())
                .put("stale", stale.sum())
                .put("notLive", notLive.sum())
                .put("linksTimedOut", linksTimedOut.sum())
                .put("timerStalls", timerStalls.sum())
                .put("lateProbes", lateProbes.sum())
                .put("probesYielded", probesYielded.sum())
                .put("links", (long) links)
                .put("expiryScans", expiryScans)
                .build();
    }
}
