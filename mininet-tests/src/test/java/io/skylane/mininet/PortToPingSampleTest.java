package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The figures PortToPingBench prints: nearest-rank percentiles over the samples where both ends are known. */
class PortToPingSampleTest {

    @Test
    void percentilesSkipUnknownEndsAndKeepNegativeIntervals() {
        List<PortToPingSample> samples = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            samples.add(new PortToPingSample("h" + i, 1000, 1010, 1050, i == 7 ? -1 : 1100, 1000 + i * 10L));
        }
        assertEquals("p50 500 / p99 990 / max 1000 ms (n=100)",
                PortToPingSample.figures(samples, PortToPingSample::posted, PortToPingSample::pinged));
        // ACTIVE unknown for one sample: left out; a ping before ACTIVE is a negative interval
        assertEquals("p50 410 / p99 900 / max 900 ms (n=99)",
                PortToPingSample.figures(samples, PortToPingSample::active, PortToPingSample::pinged));
        assertEquals("p50 -100 / p99 -100 / max -100 ms (n=1)", PortToPingSample.figures(
                List.of(new PortToPingSample("h2", 0, 1, 2, 200, 100)), PortToPingSample::active,
                PortToPingSample::pinged));
        assertEquals("n/a", PortToPingSample.figures(List.of(new PortToPingSample("h3", 0, 1, -1, -1, -1)),
                PortToPingSample::posted, PortToPingSample::pinged));
    }
}
