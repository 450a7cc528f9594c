package io.skylane.mininet;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a scenario's test fails, writes what the switches and the controller held at that moment
 * (whatever the scenario's {@link Source} collects: flow dumps, conntrack, status trees) to
 * {@code <work dir>/<scenario>-<test>-evidence.txt}, then lets the failure through unchanged.
 */
final class FailureEvidence implements TestExecutionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(FailureEvidence.class);

    /** Collects the evidence as text. */
    interface Source {
        String collect() throws Exception;
    }

    private final String scenario;
    private volatile Source source;

    FailureEvidence(String scenario) {
        this.scenario = scenario;
    }

    /** From now on, failures are documented with what {@code s} collects. */
    void collectWith(Source s) {
        this.source = s;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Source s = source;
        if (s != null) {
            Path file = LabSupport.workDir().resolve(scenario + "-" + context.getRequiredTestMethod().getName()
                    + "-evidence.txt");
            try {
                Files.writeString(file, s.collect(), StandardCharsets.UTF_8);
                log.info("{} failed; evidence in {}", context.getDisplayName(), file);
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
        throw failure;
    }
}
