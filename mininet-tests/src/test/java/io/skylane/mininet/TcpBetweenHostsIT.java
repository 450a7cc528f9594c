package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP across three switches: an iperf3 run moves data, and a netcat transfer arrives intact. */
class TcpBetweenHostsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void tcpFlowsBetweenHosts() throws Exception {
        LabSupport.assumeRoot();
        try (ControllerProcess controller = ControllerProcess.start("TcpBetweenHostsIT");
             Lab lab = Lab.start("TcpBetweenHostsIT")) {
            lab.start(LabTopo.linear(3), controller.openflowPort());
            controller.rest().waitForSwitches(3, Duration.ofSeconds(20));
            Lab.Ping warm = lab.ping("h1", "h3", 3, Duration.ofSeconds(1));
            assertTrue(warm.received() > 0, () -> "h1 cannot reach h3 at all: " + warm);

            // iperf3: a 2 s run from h1 to h3
            String server = lab.bgStart("h3", "iperf3 -s -1 -p 5201");
            awaitListening(lab, "h3", 5201);
            Lab.CmdResult client = lab.cmd("h1", "iperf3 -c 10.0.0.3 -p 5201 -t 2 -J", Duration.ofSeconds(20));
            assertEquals(0, client.rc(), () -> "iperf3 client failed: " + client.output());
            JsonNode report = JSON.readTree(client.output());
            long received = report.path("end").path("sum_received").path("bytes").asLong();
            assertTrue(received > 1_000_000, () -> "iperf3 moved only " + received + " bytes: " + client.output());
            lab.bgWait(server, Duration.ofSeconds(5));

            // netcat: 1 MiB from h3 to h1 arrives whole (same checksum); hosts share the file system
            Path sent = LabSupport.workDir().resolve("TcpBetweenHostsIT-sent.bin");
            Path got = LabSupport.workDir().resolve("TcpBetweenHostsIT-received.bin");
            String sink = lab.bgStart("h1", "nc -l -p 7000 > " + got);
            awaitListening(lab, "h1", 7000);
            Lab.CmdResult send = lab.cmd("h3", "head -c 1048576 /dev/urandom > " + sent
                    + " && nc -N -w 5 10.0.0.1 7000 < " + sent, Duration.ofSeconds(20));
            assertEquals(0, send.rc(), () -> "nc sender failed: " + send.output());
            JsonNode done = lab.bgWait(sink, Duration.ofSeconds(10));
            assertEquals(0, done.path("rc").asInt(-1), () -> "nc receiver: " + done);
            assertEquals(1_048_576L, Files.size(got), "bytes h1 received");
            assertEquals(sha256(sent), sha256(got), "the file h1 received differs from what h3 sent");
            Files.delete(sent);
            Files.delete(got);
        }
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static void awaitListening(Lab lab, String host, int port) {
        Lab.CmdResult r = lab.cmd(host, "for i in $(seq 50); do ss -ltn | grep -q ':" + port
                + " ' && exit 0; sleep 0.1; done; exit 1", Duration.ofSeconds(10));
        assertEquals(0, r.rc(), () -> "nothing listens on " + host + ":" + port);
    }
}
