package io.skylane.core.pipeline;

/** A priority that an app wants to use lies outside the app's band in that table. */
public class PriorityOutOfBandException extends IllegalArgumentException {

    private final int priority;
    private final Band band;

    public PriorityOutOfBandException(int priority, Band band) {
        super("priority " + priority + " is outside " + band);
        this.priority = priority;
        this.band = band;
    }

    public int priority() {
        return priority;
    }

    public Band band() {
        return band;
    }
}
