package io.skylane.core.pipeline;

import java.util.List;

/**
 * The pipeline's declaration contradicts itself: two apps with one id, two tables with one id or
 * name, a band of an undeclared app or table, or two apps' bands overlapping in one table. The
 * controller does not start with such a pipeline.
 */
public class PipelineConflictException extends IllegalStateException {

    private final List<String> conflicts;

    public PipelineConflictException(List<String> conflicts) {
        super("pipeline declaration conflicts: " + String.join("; ", conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    /** Each conflict found, in words. */
    public List<String> conflicts() {
        return conflicts;
    }
}
