package io.skylane.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one churn client saw in one phase (creates or deletes): the latency of every successful
 * request (an HdrHistogram in nanoseconds, three significant digits, up to a minute; slower answers
 * are recorded as a minute), and every answer counted by status ({@code "201"}, {@code "409"},
 * {@code "io"} for a request that got no answer). Written by its client's thread only; read once the
 * clients are done, through {@link Figures#of}.
 */
final class ChurnTally {

    /** The slowest latency the histogram tells apart. */
    static final long HIGHEST_NS = TimeUnit.MINUTES.toNanos(1);
    /** The status under which requests without an answer are counted. */
    static final String NO_ANSWER = "io";

    private final Histogram latencies = new Histogram(HIGHEST_NS, 3);
    private final Map<String, Long> byStatus = new TreeMap<>();
    private String firstError;

    /** A request that succeeded after {@code nanos}, answering {@code status}. */
    void success(int status, long nanos) {
        latencies.recordValue(Math.max(0, Math.min(HIGHEST_NS, nanos)));
        byStatus.merge(Integer.toString(status), 1L, Long::sum);
    }

    /** A request that failed: an error status (or {@link #NO_ANSWER}) and what was said. */
    void failure(String status, String what) {
        byStatus.merge(status, 1L, Long::sum);
        if (firstError == null) {
            firstError = what;
        }
    }

    long successes() {
        return latencies.getTotalCount();
    }

    /**
     * A phase over all clients: successes per second over its wall time, latency percentiles in
     * milliseconds (NaN when nothing succeeded), answers by status, and the first error.
     */
    record Figures(long successes, long failures, double elapsedMs, double perSecond, double p50Ms, double p99Ms,
                   double p999Ms, double maxMs, Map<String, Long> byStatus, String firstError) {

        static Figures of(List<ChurnTally> tallies, long elapsedNanos) {
            Histogram all = new Histogram(HIGHEST_NS, 3);
            Map<String, Long> statuses = new TreeMap<>();
            String first = null;
            for (ChurnTally t : tallies) {
                all.add(t.latencies);
                t.byStatus.forEach((k, v) -> statuses.merge(k, v, Long::sum));
                if (first == null) {
                    first = t.firstError;
                }
            }
            long ok = all.getTotalCount();
            long failed = statuses.values().stream().mapToLong(Long::longValue).sum() - ok;
            return new Figures(ok, failed, RunBase.millis(elapsedNanos), RunBase.perSecond(ok, elapsedNanos),
                    ms(all, 50), ms(all, 99), ms(all, 99.9), ok == 0 ? Double.NaN : all.getMaxValue() / 1e6,
                    Map.copyOf(statuses), first == null ? "" : first);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
        }

        /** {@code 201:998,409:2}: the RESULT line's form, in status order. */
        String statusText() {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(byStatus).forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append(':').append(v));
            return sb.length() == 0 ? "none" : sb.toString();
        }

        /** Every figure, for the JSON document. */
        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", successes);
            m.put("failed", failures);
            m.put("elapsed_ms", elapsedMs);
            m.put("per_s", perSecond);
            m.put("p50_ms", p50Ms);
            m.put("p99_ms", p99Ms);
            m.put("p999_ms", p999Ms);
            m.put("max_ms", maxMs);
            m.put("by_status", new TreeMap<>(byStatus));
            m.put("first_error", firstError);
            return m;
        }
    }
}
