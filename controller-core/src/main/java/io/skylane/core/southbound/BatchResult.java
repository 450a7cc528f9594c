package io.skylane.core.southbound;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/** What a switch said about a batch: the operations it refused, each with its error. */
public record BatchResult(List<Failure> failures) {

    public static final BatchResult OK = new BatchResult(List.of());

    public BatchResult {
        failures = ImmutableList.copyOf(checkNotNull(failures, "failures"));
    }

    public boolean isSuccess() {
        return failures.isEmpty();
    }

    /** An operation the switch refused. */
    public record Failure(SwitchOp op, SwitchError error) {
        public Failure {
            checkNotNull(op, "op");
            checkNotNull(error, "error");
        }
    }
}
