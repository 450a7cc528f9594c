package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link KeepAliveHttp} against a server that answers scripted bytes, in pieces, as servers may. */
class KeepAliveHttpTest {

    /** What to do with one request: write these pieces (pausing between them), then maybe close. */
    private record Answer(List<String> pieces, boolean closeAfter) {
        static Answer of(String... pieces) {
            return new Answer(List.of(pieces), false);
        }
    }

    private final ServerSocket server;
    private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    KeepAliveHttpTest() throws IOException {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "scripted-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                serve(s);
            } catch (IOException | InterruptedException e) {
                // next connection, or closed
            }
        }
    }

    private void serve(Socket s) throws IOException, InterruptedException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
            String request = readRequest(in);
            if (request == null) {
                return;
            }
            requests.add(request);
            Answer a = answers.poll(5, TimeUnit.SECONDS);
            if (a == null) {
                return;
            }
            for (String piece : a.pieces()) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(2); // so that the client's reads see the pieces apart
            }
            if (a.closeAfter()) {
                return;
            }
        }
    }

    /** One request's head and its Content-Length body, or null at the end of the connection. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
        }
        String head = b.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private KeepAliveHttp client() {
        return new KeepAliveHttp(URI.create("http://127.0.0.1:" + server.getLocalPort()), 5_000, "tok");
    }

    @Test
    void requestsGoOutWholeAndAnswersAreReadByContentLengthOnOneConnection() throws Exception {
        try (KeepAliveHttp http = client()) {
            byte[] post = http.request("POST", "/v1/ports", "{\"port\":{\"vpc_id\":\"é\"}}");
            answers.add(Answer.of("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Le",
                    "ngth: 17\r\n\r\n{\"port\":", "{\"id\":1}}"));
            answers.add(Answer.of("HTTP/1.1 409 Conflict\r\ncontent-length: 2\r\n\r\n{}"));
            long before = System.nanoTime();
            RestClient.Response first = http.send(post);
            RestClient.Response second = http.send(post);

            assertEquals(201, first.status());
            assertEquals("{\"port\":{\"id\":1}}", first.body());
            assertTrue(first.receivedNanos() >= before);
            assertEquals(409, second.status());
            assertEquals("{}", second.body());
            assertEquals(1, connections.get(), "kept alive");
            assertEquals(2, requests.size());
            int port = server.getLocalPort();
            assertEquals("POST /v1/ports HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: Bearer tok\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"port\":{\"vpc_id\":\"é\"}}",
                    requests.get(0), "the body's length in bytes, not characters");
            assertEquals(requests.get(0), requests.get(1));
        }
    }

    @Test
    void chunkedAnswersAndAnswersWithoutBodyAreReadWhole() throws Exception {
        try (KeepAliveHttp http = client()) {
            answers.add(Answer.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", "lo\r\n6;x=y\r\n wor",
                    "ld\r\n0\r\nTrailer: t\r\n\r\n"));
            answers.add(Answer.of("HTTP/1.1 204 No Content\r\nDate: today\r\n\r\n"));
            answers.add(Answer.of("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nno!"));
            assertEquals("hello world", http.send(http.request("GET", "/a", null)).body());
            RestClient.Response deleted = http.send(http.request("DELETE", "/v1/ports/1", null));
            assertEquals(204, deleted.status());
            assertEquals("", deleted.body());
            assertEquals("no!", http.send(http.request("GET", "/b", null)).body());
            assertEquals(1, connections.get());
            assertTrue(requests.get(1).startsWith("DELETE /v1/ports/1 HTTP/1.1\r\n"));
            assertTrue(!requests.get(1).contains("Content-"), requests.get(1));
        }
    }

    @Test
    void connectionCloseMeansTheNextRequestOpensAnother() throws Exception {
        try (KeepAliveHttp http = client()) {
            answers.add(new Answer(List.of("HTTP/1.1 201 Created\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx"),
                    true));
            answers.add(Answer.of("HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\ny"));
            byte[] post = http.request("POST", "/v1/ports", "{}");
            assertEquals("x", http.send(post).body());
            assertEquals("y", http.send(post).body());
            assertEquals(2, connections.get());
        }
    }

    @Test
    void aConnectionClosedWhileIdleIsReopenedForADeleteButNotForAPost() throws Exception {
        try (KeepAliveHttp http = client()) {
            answers.add(Answer.of("HTTP/1.1 204 No Content\r\n\r\n"));
            http.send(http.request("DELETE", "/v1/ports/1", null));
            answers.add(new Answer(List.of(), true)); // the server closes without answering
            answers.add(Answer.of("HTTP/1.1 204 No Content\r\n\r\n"));
            assertEquals(204, http.send(http.request("DELETE", "/v1/ports/2", null)).status(),
                    "sent again on a new connection");
            assertEquals(2, connections.get());

            answers.add(new Answer(List.of(), true));
            assertThrows(IOException.class, () -> http.send(http.request("POST", "/v1/ports", "{}")),
                    "a create is never sent twice");
            answers.add(Answer.of("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"));
            assertEquals(201, http.send(http.request("POST", "/v1/ports", "{}")).status(), "the next one reconnects");
            assertEquals(3, connections.get());
            assertEquals(5, requests.size());
        }
    }

    @Test
    void whatIsNotHttpIsAnIoException() throws Exception {
        try (KeepAliveHttp http = client()) {
            answers.add(Answer.of("SSH-2.0-OpenSSH\r\n\r\n"));
            assertThrows(IOException.class, () -> http.send(http.request("GET", "/", null)));
            answers.add(Answer.of("HTTP/1.1 200 OK\r\n\r\nno length"));
            assertThrows(IOException.class, () -> http.send(http.request("GET", "/", null)));
            answers.add(new Answer(List.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"), true));
            assertThrows(IOException.class, () -> http.send(http.request("GET", "/", null)));
        }
    }
}
