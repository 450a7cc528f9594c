package io.skylane.core.flow;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * An OpenFlow 1.3 instruction. OpenFlow 1.0 switches support only {@link ApplyActions} (the
 * southbound refuses anything else for them).
 */
public sealed interface Instruction
        permits Instruction.ApplyActions, Instruction.WriteActions, Instruction.ClearActions,
        Instruction.WriteMetadata, Instruction.GotoTable, Instruction.Meter {

    /** The order OpenFlow 1.3 executes instructions in (section 5.9); also their canonical order. */
    int order();

    record Meter(long meterId) implements Instruction {
        public Meter {
            checkArgument(meterId > 0 && meterId <= 0xffff0000L, "meter id must be 1..0xffff0000");
        }

        @Override
        public int order() {
            return 0;
        }
    }

    /** Applies the actions now, in order. An empty list is allowed and means nothing to apply. */
    record ApplyActions(List<Action> actions) implements Instruction {
        public ApplyActions {
            actions = ImmutableList.copyOf(checkNotNull(actions, "actions"));
        }

        @Override
        public int order() {
            return 1;
        }
    }

    record ClearActions() implements Instruction {
        @Override
        public int order() {
            return 2;
        }
    }

    /** Adds the actions to the action set, executed when the pipeline ends. */
    record WriteActions(List<Action> actions) implements Instruction {
        public WriteActions {
            actions = ImmutableList.copyOf(checkNotNull(actions, "actions"));
        }

        @Override
        public int order() {
            return 3;
        }
    }

    record WriteMetadata(long value, long mask) implements Instruction {
        public WriteMetadata {
            checkArgument(mask != 0, "metadata mask must not be zero");
            value = value & mask;
        }

        @Override
        public int order() {
            return 4;
        }
    }

    record GotoTable(int tableId) implements Instruction {
        /** One per table (index 0 unused): a cloud's rules hold tens of thousands of instruction lists. */
        private static final GotoTable[] ALL = new GotoTable[255];

        static {
            for (int t = 1; t < ALL.length; t++) {
                ALL[t] = new GotoTable(t);
            }
        }

        public GotoTable {
            checkArgument(tableId > 0 && tableId < 255, "goto table must be 1..254");
        }

        @Override
        public int order() {
            return 5;
        }
    }

    static Instruction apply(Action... actions) {
        return new ApplyActions(List.of(actions));
    }

    static Instruction apply(List<Action> actions) {
        return new ApplyActions(actions);
    }

    /** The goto instruction to {@code tableId} (1..254), one instance per table. */
    static Instruction gotoTable(int tableId) {
        checkArgument(tableId > 0 && tableId < 255, "goto table must be 1..254");
        return GotoTable.ALL[tableId];
    }
}
