package io.skylane.mininet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * tcpdump on the overlay lab's underlay bridge ({@code ul} in namespace {@code <prefix>-u}), which
 * sees every frame between the hypervisors (a bridge in promiscuous mode gets a copy of what it
 * forwards). {@link #stop()} ends it and returns the frames; the pcap file stays for a look with
 * {@code tcpdump -r FILE -nn -e -v}.
 */
public final class UnderlayCapture implements AutoCloseable {

    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    private final NamespaceShell shell;
    private final String bg;
    private final Path file;
    private List<UnderlayFrame> frames;

    private UnderlayCapture(NamespaceShell shell, String bg, Path file) {
        this.shell = shell;
        this.bg = bg;
        this.file = file;
    }

    static UnderlayCapture start(NamespaceShell shell, Path file) {
        String bg = shell.bgStart("u", "exec tcpdump -i ul -nn -U -w " + file);
        UnderlayCapture capture = new UnderlayCapture(shell, bg, file);
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        JsonNode s = shell.bgStatus(bg);
        while (!s.path("output").asText().contains("listening on")) {
            if (!s.path("running").asBoolean() || System.nanoTime() > deadline) {
                capture.close();
                throw new LabException("tcpdump on the underlay did not start: " + s.path("output").asText());
            }
            sleep(20);
            s = shell.bgStatus(bg);
        }
        return capture;
    }

    /** The pcap file. */
    public Path file() {
        return file;
    }

    /** Stops tcpdump (SIGTERM: it writes what it holds) and returns every frame it captured. */
    public synchronized List<UnderlayFrame> stop() {
        if (frames == null) {
            shell.bgStop(bg);
            try {
                frames = UnderlayFrame.parsePcap(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new LabException("cannot read the underlay capture " + file, e);
            }
        }
        return frames;
    }

    @Override
    public void close() {
        shell.bgStop(bg);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted waiting for tcpdump", e);
        }
    }
}
