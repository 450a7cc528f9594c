package io.skylane.bench;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.function.Consumer;

/**
 * The OpenFlow load generator behind {@code skylane bench}: emulates {@link BenchConfig#switches()}
 * switches over TCP against a running controller and measures it in one {@link BenchMode}.
 *
 * <pre>{@code
 * BenchResult r = LoadGenerator.run(BenchConfig.builder().mode(BenchMode.THROUGHPUT).switches(16).build(),
 *         System.err::println);
 * System.out.println(r.summaryLine());
 * }</pre>
 *
 * A run is bounded by {@link BenchConfig#deadlineSeconds()}; a controller that cannot be reached,
 * stops answering, or drops switches ends it with an {@link BenchResult.Outcome} that says so.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    /**
     * Runs one benchmark and returns what it measured; never throws for controller misbehaviour.
     *
     * @param progress hears human-readable progress lines (stderr for the command line)
     */
    public static BenchResult run(BenchConfig config, Consumer<String> progress) {
        checkNotNull(config, "config");
        checkNotNull(progress, "progress");
        switch (config.mode()) {
            case FLOWS:
                return new FlowProgrammingRun(config, progress).run();
            case FLOW_SERVICE:
                return new FlowServiceRun(config, progress).run();
            case FLOW_RESTART:
                return new FlowRestartRun(config, progress).run();
            case STORM:
                return new StormRun(config, progress).run();
            case CHURN:
                return new ChurnRun(config, progress).run();
            case FABRIC:
                return new FabricRun(config, progress).run();
            case HOLD:
                return HoldRun.run(config, progress, new java.util.concurrent.CountDownLatch(1)); // until the deadline
            default:
                return new PacketInRun(config, progress).run();
        }
    }
}
