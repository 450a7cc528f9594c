package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client that is not a switch writes garbage to the OpenFlow port while two hosts ping each
 * other: the controller closes that connection, and the switches and their traffic are untouched.
 */
class GarbageClientIT {

    private static final Logger log = LoggerFactory.getLogger(GarbageClientIT.class);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(15);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void garbageIsDisconnectedAndTrafficContinues() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("GarbageClientIT");
             Lab lab = Lab.start("GarbageClientIT")) {
            lab.start(LabTopo.linear(2), controller.openflowPort());
            controller.rest().waitForSwitches(2, Duration.ofSeconds(20));
            assertEquals(0.0, lab.pingAllWarm(Duration.ofSeconds(1)).lossPercent(), "pingall before the garbage");

            String pings = lab.bgStart("h1", "ping -n -i 0.2 -c 40 10.0.0.2");
            Thread.sleep(1_000);

            byte[] random = new byte[4096];
            new Random(42).nextBytes(random);
            random[0] = 0x00; // no OpenFlow version: reject at the first header
            assertClosedByController(controller.openflowPort(), random, "4 KiB of random bytes");
            // OFPT_HELLO of version 1.3 whose length (4) is shorter than the header itself
            byte[] shortHeader = {0x04, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01};
            assertClosedByController(controller.openflowPort(), shortHeader, "a header with length 4");

            JsonNode done = lab.bgWait(pings, Duration.ofSeconds(20));
            JsonNode ping = done.path("ping");
            assertEquals(40, ping.path("sent").asInt(), () -> "ping did not finish: " + done);
            assertEquals(40, ping.path("received").asInt(), () -> "pings lost during the garbage: " + done);
            assertEquals(2, controller.rest().waitForSwitches(2, Duration.ofSeconds(5)).size());
            assertEquals(200, controller.rest().healthStatus().orElse(-1));
        }
    }

    /** Writes bytes and expects the controller to close the connection (EOF or reset) in time. */
    private static void assertClosedByController(int port, byte[] bytes, String what) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout((int) CLOSE_WITHIN.toMillis());
            try {
                socket.getOutputStream().write(bytes);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                log.info("controller closed a client that sent {} while it was writing", what);
                return;
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                while (in.read(buffer) >= 0) {
                    assertTrue(System.nanoTime() - started < CLOSE_WITHIN.toNanos(),
                            () -> "the controller kept talking to a client that sent " + what);
                }
            } catch (SocketTimeoutException e) {
                fail("the controller kept a client that sent " + what + " connected for " + CLOSE_WITHIN.toSeconds() + " s");
            } catch (IOException e) {
                log.debug("reset after {}", what, e); // closed with a reset
            }
        }
        log.info("controller closed a client that sent {} after {} ms", what, (System.nanoTime() - started) / 1_000_000);
    }
}
