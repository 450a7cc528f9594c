package io.skylane.northbound;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP written by hand over a socket, for the requests java.net.http refuses to send (control bytes in
 * headers, a negative Content-Length, malformed escapes): the bytes go out as they are written.
 */
final class RawHttp {

    /** The admin's Authorization header line. */
    static final String AUTH = "Authorization: Bearer " + TestServices.ADMIN_TOKEN + "\r\n";

    /** An answer: status, Content-Type (empty if none) and body. */
    record Raw(int status, String contentType, String body) {
    }

    private RawHttp() {
    }

    /** {@code GET target} as the admin, closing the connection after the answer. */
    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n";
    }

    /** Writes {@code request} as it is (ISO-8859-1 bytes) to the server on {@code port} and reads the whole answer. */
    static Raw send(int port, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            try {
                in.transferTo(answer);
            } catch (java.net.SocketException e) {
                // Jetty may reset a connection it refused once it has answered
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, () -> "no complete answer to " + abbreviate(request) + ": " + text);
            String[] head = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String type = "";
            for (String h : head) {
                if (h.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    type = h.substring("content-type:".length()).trim();
                }
            }
            return new Raw(status, type, text.substring(end + 4));
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
