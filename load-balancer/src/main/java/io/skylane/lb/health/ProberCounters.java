package io.skylane.lb.health;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What a {@link HealthProber} counts, for operators ({@code GET /v1/stats}). */
final class ProberCounters {

    final LongAdder probesSent = new LongAdder();
    final LongAdder probesDeferred = new LongAdder();
    final LongAdder answers = new LongAdder();
    final LongAdder answersUnmatched = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder successes = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder resetsSent = new LongAdder();
    final LongAdder transitionsUp = new LongAdder();
    final LongAdder transitionsDown = new LongAdder();
    final LongAdder sendErrors = new LongAdder();

    /** The counters by name, with the targets probed and the probes in flight now. */
    Map<String, Long> snapshot(long targets, long inFlight) {
        return ImmutableSortedMap.<String, Long>naturalOrder()
                .put("probesSent", probesSent.sum())
                .put("probesDeferred", probesDeferred.sum())
                .put("probesInFlight", inFlight)
                .put("answers", answers.sum())
                .put("answersUnmatched", answersUnmatched.sum())
                .put("timeouts", timeouts.sum())
                .put("successes", successes.sum())
                .put("failures", failures.sum())
                .put("resetsSent", resetsSent.sum())
                .put("transitionsUp", transitionsUp.sum())
                .put("transitionsDown", transitionsDown.sum())
                .put("sendErrors", sendErrors.sum())
                .put("targets", targets)
                .build();
    }
}
