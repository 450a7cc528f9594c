package io.skylane.topology.discovery;

import static io.skylane.topology.testing.FakeFabric.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skylane.core.net.ConnectPoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the periodic probes are spread over the interval. */
class ProbeScheduleTest {

    private final ProbeSchedule schedule = new ProbeSchedule(1000);
    private List<ConnectPoint> targets = List.of(cp(1, 1), cp(1, 2), cp(2, 1), cp(2, 2));

    private List<ConnectPoint> due(long now) {
        return schedule.due(now, () -> targets);
    }

    @Test
    void aRoundHandsOutItsPortsInProportionToTheTimePassed() {
        assertEquals(List.of(), due(0), "a round starts: nothing due yet");
        assertEquals(List.of(cp(1, 1)), due(100));
        assertEquals(List.of(), due(200));
        assertEquals(List.of(cp(1, 2)), due(500));
        assertEquals(List.of(cp(2, 1), cp(2, 2)), due(1000));
        assertEquals(List.of(cp(1, 1)), due(1001), "the next round started at 1000");
    }

    @Test
    void aLateTickCatchesUpAndTheNextRoundTakesTheNewPorts() {
        due(0);
        targets = List.of(cp(3, 1));
        assertEquals(List.of(cp(1, 1), cp(1, 2), cp(2, 1), cp(2, 2)), due(5000), "all that was left");
        assertEquals(List.of(cp(3, 1)), due(6000));
    }

    @Test
    void everyPortOncePerIntervalWhateverTheTick() {
        List<ConnectPoint> sent = new ArrayList<>();
        for (long t = 0; t < 1000; t += 7) {
            sent.addAll(due(t));
        }
        sent.addAll(due(1000));
        assertEquals(targets, sent);
    }

    @Test
    void aClockSetBackEndsTheRound() {
        due(1000);
        assertEquals(targets, due(500));
    }
}
