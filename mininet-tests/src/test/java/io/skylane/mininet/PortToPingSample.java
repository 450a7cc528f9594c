package io.skylane.mininet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * One port of {@link PortToPingBench}, wall-clock milliseconds (one clock: the benchmark's JVM, the
 * Mininet hosts and the controller's log all read the machine's): the POST sent, its answer,
 * the end of the first tenant recompute the controller logged after the POST (-1: none seen), the
 * first poll that saw the port ACTIVE (its switch confirmed its rules by a barrier; -1: never
 * within the poll's time), and the host's first answered ping (-1: none).
 */
record PortToPingSample(String host, long posted, long answered, long recomputed, long active, long pinged) {

    boolean reached() {
        return pinged >= 0;
    }

    long total() {
        return pinged - posted;
    }

    /** p50 / p99 / max of one interval over the samples where both ends are known; "n/a" when none. */
    static String figures(List<PortToPingSample> samples, ToLongFunction<PortToPingSample> from,
                          ToLongFunction<PortToPingSample> to) {
        List<Long> values = new ArrayList<>();
        for (PortToPingSample s : samples) {
            long a = from.applyAsLong(s);
            long b = to.applyAsLong(s);
            if (a >= 0 && b >= 0) {
                values.add(b - a);
            }
        }
        if (values.isEmpty()) {
            return "n/a";
        }
        Collections.sort(values);
        return String.format(Locale.ROOT, "p50 %d / p99 %d / max %d ms (n=%d)", percentile(values, 50),
                percentile(values, 99), values.get(values.size() - 1), values.size());
    }

    /** Nearest rank of sorted values. */
    static long percentile(List<Long> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
