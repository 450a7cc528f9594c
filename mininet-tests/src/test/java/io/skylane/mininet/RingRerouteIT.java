package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link of a ring fails while a ping runs across it: traffic continues within the reroute
 * budget, REST and the switches' tables stop using the dead link, and it comes back when the link
 * does.
 */
class RingRerouteIT {

    private static final Logger log = LoggerFactory.getLogger(RingRerouteIT.class);
    private static final int INTERVAL_MS = 20;
    /** Lost pings allowed around the failure: half a second's worth ("well under a second"). */
    private static final int MAX_LOST = 500 / INTERVAL_MS;
    private static final Pattern REPLY = Pattern.compile("bytes from .* icmp_seq=(\\d+)");
    private static final Pattern RECEIVED = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void trafficSurvivesALinkCutAndTheLinkComesBack() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("RingRerouteIT");
             Lab lab = Lab.start("RingRerouteIT")) {
            lab.start(LabTopo.ring(5), controller.openflowPort());
            SkylaneRest rest = controller.rest();
            rest.waitForSwitches(5, Duration.ofSeconds(20));
            Set<String> built = TopologyLinks.built(lab);
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(10)), "discovered links");
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the cut");

            // h1 (s1) to h2 (s2): the shortest path is the direct cable s1-s2; cut it mid-stream
            String ping = lab.bgStart("h1", "ping -n -i 0." + String.format("%03d", INTERVAL_MS)
                    + " -c 400 -W 1 10.0.0.2");
            Thread.sleep(2000);
            lab.link("s1", "s2", false);
            Set<String> withoutCut = TopologyLinks.built(lab, "s1", "s2");
            assertEquals(withoutCut, rest.waitForLinks(withoutCut, Duration.ofSeconds(5)),
                    "REST links after the cut");
            JsonNode done = lab.bgWait(ping, Duration.ofSeconds(30));
            Matcher m = RECEIVED.matcher(done.path("output").asText());
            assertTrue(m.find(), () -> "no ping summary in " + done);
            int sent = Integer.parseInt(m.group(1));
            int received = Integer.parseInt(m.group(2));
            int gap = longestGap(done.path("output").asText());
            log.info("reroute: {} of {} pings at {} ms intervals lost across the cut; longest outage {} pings, "
                    + "about {} ms from the first lost to the first received", sent - received, sent, INTERVAL_MS, gap,
                    gap * INTERVAL_MS);
            assertTrue(sent - received <= MAX_LOST,
                    "lost " + (sent - received) + " of " + sent + " pings across the cut; log " + controller.logFile());

            int deadPort = portTowards(lab, "s1", "s2");
            List<String> stillUsing = waitUntilUnused(lab, "s1", deadPort, Duration.ofSeconds(5));
            assertTrue(stillUsing.isEmpty(), "s1 still forwards out of the dead port " + deadPort + ": " + stillUsing);

            lab.link("s1", "s2", true);
            assertEquals(built, rest.waitForLinks(built, Duration.ofSeconds(10)), "REST links after the repair");
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall after the repair");
        }
    }

    /** The longest run of missing icmp_seq numbers between two replies. */
    private static int longestGap(String output) {
        Matcher m = REPLY.matcher(output);
        int last = 0;
        int longest = 0;
        while (m.find()) {
            int seq = Integer.parseInt(m.group(1));
            longest = Math.max(longest, seq - last - 1);
            last = seq;
        }
        return longest;
    }

    private static int portTowards(Lab lab, String sw, String peer) {
        for (JsonNode s : lab.switches()) {
            if (s.path("name").asText().equals(sw)) {
                for (JsonNode p : s.path("ports")) {
                    if (peer.equals(p.path("peer").asText())) {
                        return p.path("port").asInt();
                    }
                }
            }
        }
        throw new AssertionError(sw + " has no port towards " + peer);
    }

    /** Flows and groups of the switch that output to the port, after waiting up to timeout for none. */
    private static List<String> waitUntilUnused(Lab lab, String sw, int port, Duration timeout) throws InterruptedException {
        Pattern out = Pattern.compile("output:" + port + "(?![0-9])");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> using = new java.util.ArrayList<>();
            for (String line : lab.ofctl(sw, "dump-flows")) {
                if (out.matcher(line).find()) {
                    using.add(line);
                }
            }
            for (String line : lab.ofctl(sw, "dump-groups")) {
                if (out.matcher(line).find()) {
                    using.add(line);
                }
            }
            if (using.isEmpty() || System.nanoTime() > deadline) {
                return using;
            }
            Thread.sleep(250);
        }
    }
}
