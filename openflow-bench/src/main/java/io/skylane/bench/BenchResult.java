package io.skylane.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link LoadGenerator} run measured: the outcome (and exit code), the summary that makes
 * the one grep-able {@code RESULT} line, and the whole JSON document (parameters, per-loop and
 * per-switch numbers, machine).
 */
public final class BenchResult {

    /** How a run ended. */
    public enum Outcome {
        OK(0),
        /** A switch could not connect or finish its handshake. */
        CONNECTION_FAILED(3),
        /** A switch lost its connection during the run (numbers are reported, but suspect). */
        DISCONNECTED(3),
        /** The controller stopped answering PACKET_INs. */
        STALLED(4),
        /** The hard deadline passed. */
        DEADLINE(4),
        /** A REST request failed, or the switches did not receive what the controller confirmed. */
        VERIFICATION_FAILED(5);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Outcome outcome;
    private final String message;
    private final Map<String, Object> summary;
    private final Map<String, Object> document;

    BenchResult(Outcome outcome, String message, Map<String, Object> summary, Map<String, Object> document) {
        this.outcome = outcome;
        this.message = message;
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        this.document = document;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** Why the run did not end OK (or a note), empty when there is nothing to say. */
    public String message() {
        return message;
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /** The summary values, in RESULT-line order (numbers, strings, booleans). */
    public Map<String, Object> summary() {
        return summary;
    }

    /** {@code RESULT key=value ...}: one line, no spaces inside values. */
    public String summaryLine() {
        StringBuilder sb = new StringBuilder("RESULT");
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            sb.append(' ').append(e.getKey()).append('=').append(format(e.getValue()));
        }
        return sb.toString();
    }

    /** The JSON document. */
    public String json() {
        return BenchJson.document(document);
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "na";
            }
            return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%.0f" : "%.2f", d);
        }
        return String.valueOf(v).replace(' ', '_');
    }
}
