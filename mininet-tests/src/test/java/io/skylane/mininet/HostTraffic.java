package io.skylane.mininet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traffic between hosts of any lab ({@link HostShell}): pings (also don't-fragment ones of a given
 * size), connections answered by name ({@code skylane_l4.py}, as the load-balancer scenarios use it)
 * and a bulk TCP transfer (netcat), whose full-size segments make it the test of a path's MTU.
 */
final class HostTraffic {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received");
    private static final Pattern RTT = Pattern.compile("time=([0-9.]+) ms");

    private final HostShell hosts;

    HostTraffic(HostShell hosts) {
        this.hosts = hosts;
    }

    /** {@code count} pings 0.2 s apart, each waiting up to a second for its reply. */
    Lab.Ping ping(String src, String dst, int count) {
        return parsePing(hosts.cmd(src, "ping -n -c " + count + " -i 0.2 -W 1 " + dst,
                Duration.ofSeconds(5L + count)).output());
    }

    /**
     * Don't-fragment pings with {@code payload} bytes of data (an IP packet of payload + 28): what
     * exceeds the host's own MTU is refused locally and counts as sent and lost.
     */
    Lab.Ping pingDf(String src, String dst, int payload, int count) {
        return parsePing(hosts.cmd(src, "ping -n -M do -s " + payload + " -c " + count + " -i 0.2 -W 1 " + dst,
                Duration.ofSeconds(5L + count)).output());
    }

    /** sent, received and round-trip times from iputils ping's output; nothing sent if it printed no summary. */
    static Lab.Ping parsePing(String output) {
        Matcher m = SUMMARY.matcher(output);
        if (!m.find()) {
            return new Lab.Ping(0, 0, List.of());
        }
        List<Double> rtts = new ArrayList<>();
        Matcher r = RTT.matcher(output);
        while (r.find()) {
            rtts.add(Double.parseDouble(r.group(1)));
        }
        return new Lab.Ping(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), List.copyOf(rtts));
    }

    /** A server answering every connection on {@code port} with {@code name}; its background name, once it listens. */
    String tcpServer(String host, String name, int port) throws InterruptedException {
        String bg = hosts.bgStart(host, l4("tcp-server " + name + " " + port));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = hosts.bgStatus(bg);
        while (!s.path("output").asText().contains("listening") && s.path("running").asBoolean()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            s = hosts.bgStatus(bg);
        }
        assertTrue(s.path("output").asText().contains("listening"), host + ": tcp-server " + port + ": " + s);
        return bg;
    }

    /**
     * {@code count} new connections from the host to dst:port, 4 at a time, 3 s each: how many each
     * server name answered, and failures by kind under "failed:KIND".
     */
    Map<String, Integer> tcpAnswers(String host, String dst, int port, int count) throws IOException {
        Lab.CmdResult r = hosts.cmd(host, l4("burst " + dst + " " + port + " " + count + " --parallel 4 --timeout 3"),
                Duration.ofSeconds(20L + count));
        String[] lines = r.output().strip().split("\n");
        String last = lines[lines.length - 1].strip();
        assertTrue(last.startsWith("{"), host + ": skylane_l4.py printed no result (rc " + r.rc() + "): " + r.output());
        JsonNode j = JSON.readTree(last);
        Map<String, Integer> result = new TreeMap<>(JSON.convertValue(j.path("answers"),
                new TypeReference<Map<String, Integer>>() { }));
        JSON.convertValue(j.path("failures"), new TypeReference<Map<String, Integer>>() { })
                .forEach((kind, n) -> result.put("failed:" + kind, n));
        return result;
    }

    /**
     * {@code bytes} over one TCP connection from client to server (netcat; the sender closes its side
     * when done): the bytes the server received. A path that drops full-size segments stalls the
     * sender, which gives up after 5 s idle; its FIN still arrives and the count is short.
     */
    long tcpTransfer(String client, String server, String serverIp, long bytes) {
        int port = 5201;
        String sink = hosts.bgStart(server, "timeout 60 nc -l -p " + port + " | wc -c");
        Lab.CmdResult listening = hosts.cmd(server, "for i in $(seq 100); do ss -ltn | grep -q ':" + port
                + " ' && exit 0; sleep 0.05; done; exit 1", Duration.ofSeconds(10));
        assertEquals(0, listening.rc(), () -> "nc does not listen in " + server + ": " + hosts.bgStatus(sink));
        Lab.CmdResult sent = hosts.cmd(client, "head -c " + bytes + " /dev/zero | nc -N -w 5 " + serverIp + " " + port,
                Duration.ofSeconds(60));
        JsonNode done = hosts.bgWait(sink, Duration.ofSeconds(15));
        hosts.bgStop(sink);
        String[] lines = done.path("output").asText().strip().split("\n");
        String count = lines[lines.length - 1].strip();
        assertTrue(count.matches("[0-9]+"), () -> "the receiver in " + server + " counted nothing (sender rc "
                + sent.rc() + ": " + sent.output() + "): " + done);
        return Long.parseLong(count);
    }

    private static String l4(String args) {
        return LabSupport.PYTHON + " " + LabSupport.labScript().resolveSibling("skylane_l4.py") + " " + args;
    }
}
