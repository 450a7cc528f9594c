package io.skylane.topology.discovery;

import static io.skylane.topology.testing.TopologyBuilder.cp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skylane.topology.Link;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The link table against a plain map read in full every time: the timeout sweep removes the same
 * links at the same tick, a switch's or port's links are the ones removed with it, and the links
 * listed (the last list with the links added since merged in) are the map's, in order.
 */
class LinkTableTest {

    private static final long TIMEOUT = 3500;

    private static Link link(int i) {
        return Link.of(cp(1 + i / 8, 1 + i % 8), cp(100 + i % 7, 1 + i / 7));
    }

    @Test
    void expiresExactlyWhatAFullReadAtEveryTickWould() {
        for (long seed = 1; seed <= 20; seed++) {
            Random r = new Random(seed);
            LinkTable table = new LinkTable();
            Map<Link, Long> model = new HashMap<>();
            long now = 1_000_000;
            for (int tick = 0; tick < 600; tick++) {
                now += 50;
                if (r.nextInt(100) == 0) {
                    now -= 200 + r.nextInt(2000); // the clock set back now and then
                }
                // probes confirm some links (most every second, some stop), a few go for other reasons
                for (int n = r.nextInt(12); n > 0; n--) {
                    Link l = link(r.nextInt(r.nextBoolean() ? 20 : 60));
                    table.confirm(l, now, x -> true);
                    model.put(l, now);
                    if (r.nextInt(5) == 0) {
                        // listed in the middle of a tick too: the merge of what was added since
                        assertEquals(new TreeSet<>(model.keySet()), table.links(), "seed " + seed + ", tick " + tick);
                    }
                }
                if (r.nextInt(300) == 0) {
                    table.clear();
                    model.clear();
                }
                if (r.nextInt(40) == 0) {
                    // a port going down, or a switch going away
                    Link gone = link(r.nextInt(60));
                    Set<Link> expected = new TreeSet<>();
                    model.keySet().removeIf(l -> (l.src().equals(gone.src()) || l.dst().equals(gone.src()))
                            && expected.add(l));
                    assertEquals(expected, new TreeSet<>(table.removeTouching(gone.srcDevice(),
                            l -> l.src().equals(gone.src()) || l.dst().equals(gone.src()))));
                }
                if (r.nextInt(80) == 0) {
                    Link l0 = link(r.nextInt(60));
                    Set<Link> expected = new TreeSet<>();
                    model.keySet().removeIf(l -> (l.srcDevice().equals(l0.dstDevice())
                            || l.dstDevice().equals(l0.dstDevice())) && expected.add(l));
                    assertEquals(expected, new TreeSet<>(table.removeTouching(l0.dstDevice(), l -> true)));
                }
                Set<Link> expired = new TreeSet<>();
                table.expire(now, TIMEOUT).forEach(e -> expired.add(e.getKey()));
                Set<Link> expected = new TreeSet<>();
                long cutoff = now - TIMEOUT;
                model.entrySet().removeIf(e -> e.getValue() < cutoff && expected.add(e.getKey()));
                assertEquals(expected, expired, "seed " + seed + ", tick " + tick);
                assertEquals(new TreeSet<>(model.keySet()), table.links(), "seed " + seed + ", tick " + tick);
            }
        }
    }

    @Test
    void linksConfirmedEverySecondAreReadAboutOncePerTimeoutNotAtEveryTick() {
        LinkTable table = new LinkTable();
        List<Link> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            all.add(link(i));
        }
        long start = 1_000_000;
        int ticks = 0;
        for (long now = start; now < start + 20_000; now += 50) {
            for (int i = 0; i < all.size(); i++) {
                // each link confirmed once a second, the probes spread over the second
                if ((now - start) % 1000 == (i * 50L) % 1000) {
                    table.confirm(all.get(i), now, x -> true);
                }
            }
            assertTrue(table.expire(now, TIMEOUT).isEmpty());
            ticks++;
        }
        assertEquals(1000, table.links().size());
        assertEquals(400, ticks);
        assertTrue(table.expiryScans() <= 20_000 / 2400 + 2, "read " + table.expiryScans() + " times in 400 ticks");
    }
}
