package io.skylane.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One blocking HTTP/1.1 connection, kept alive, for a churn client: the calling thread writes the
 * request and reads the answer on a plain socket, nothing else runs (no selector thread, no
 * executor hand-offs, no request objects), so that the load generator measures the controller and
 * not itself. A request is encoded once ({@link #request}) and may be sent any number of times.
 *
 * <p>Answers are read whole: the status line, the headers, and a body framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked} (none for 204 and 304); a
 * {@code Connection: close} answer closes the socket after it, and the next request opens a new one.
 * A connection that fails is closed and the failure thrown; the next request reconnects. Not
 * thread-safe: one per client thread.
 */
final class KeepAliveHttp implements AutoCloseable {

    /** The largest status line or header line read. */
    static final int MAX_LINE = 16 * 1024;

    private final String host;
    private final int port;
    private final int timeoutMs;
    private final String authorization;
    private final byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    /** The last exchange ended because the server closed the connection before answering anything. */
    private boolean silentClose;
    /** Some byte of the current answer has arrived. */
    private boolean answered;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /**
     * @param base      {@code http://host:port}; a path in it is ignored
     * @param timeoutMs for connecting and for each read
     * @param token     the bearer token sent with every request, or null
     */
    KeepAliveHttp(URI base, int timeoutMs, String token) {
        if (!"http".equals(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("only http://host:port is supported, got " + base);
        }
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
        this.timeoutMs = timeoutMs;
        this.authorization = token == null ? "" : "Authorization: Bearer " + token + "\r\n";
    }

    /** The bytes of a request: {@code method path}, the host, the token, and a JSON body if not null. */
    byte[] request(String method, String path, String jsonBody) {
        StringBuilder sb = new StringBuilder(160 + (jsonBody == null ? 0 : jsonBody.length()));
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\n").append(authorization);
        byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            sb.append("Content-Length: 0\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null) {
            return head;
        }
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /**
     * Writes the request and reads its whole answer; {@link RestClient.Response#receivedNanos()} is
     * when its last byte was read.
     *
     * @throws IOException if the connection failed or the answer was not HTTP/1.1 as expected
     *                     (the connection is closed then)
     */
    RestClient.Response send(byte[] request) throws IOException {
        boolean reused = socket != null;
        try {
            return exchange(request);
        } catch (EOFException e) {
            // A kept-alive connection the server closed while it was idle: an idempotent request
            // (not a POST) is sent again, once, on a new connection, as HTTP clients do.
            if (!reused || !silentClose || isPost(request)) {
                throw e;
            }
            return exchange(request);
        }
    }

    private RestClient.Response exchange(byte[] request) throws IOException {
        silentClose = false;
        answered = end > start;
        try {
            if (socket == null) {
                connect();
            }
            out.write(request);
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static boolean isPost(byte[] request) {
        return request.length > 4 && request[0] == 'P' && request[1] == 'O' && request[2] == 'S' && request[3] == 'T';
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            in = s.getInputStream();
            out = s.getOutputStream();
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        start = 0;
        end = 0;
    }

    private RestClient.Response readResponse() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + RestClient.abbreviate(statusLine));
        }
        int status = parseStatus(statusLine);
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = statusLine.startsWith("HTTP/1.0");
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + RestClient.abbreviate(h));
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length: " + value);
                }
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).endsWith("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close") || (closeAfter && !value.equalsIgnoreCase("keep-alive"));
            }
        }
        byte[] body;
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            if (length > Integer.MAX_VALUE - 8) {
                throw new IOException("body too large: " + length);
            }
            body = bytes((int) length);
        } else {
            throw new IOException("answer " + status + " without Content-Length or chunked body (not supported)");
        }
        long received = System.nanoTime();
        if (closeAfter) {
            close();
        }
        return new RestClient.Response(status, new String(body, StandardCharsets.UTF_8), received);
    }

    private static int parseStatus(String statusLine) throws IOException {
        int s = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("bad status: " + RestClient.abbreviate(statusLine));
            }
            s = s * 10 + (c - '0');
        }
        return s;
    }

    private byte[] chunkedBody() throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semi = sizeLine.indexOf(';');
            int size;
            try {
                size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size: " + RestClient.abbreviate(sizeLine));
            }
            if (size < 0) {
                throw new IOException("bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are not used
                }
                return b.toByteArray();
            }
            b.write(bytes(size));
            if (!line().isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** The next line without its CRLF (a bare LF is accepted too). */
    private String line() throws IOException {
        int from = start;
        while (true) {
            for (int i = from; i < end; i++) {
                if (buffer[i] == '\n') {
                    int stop = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String s = new String(buffer, start, stop - start, StandardCharsets.ISO_8859_1);
                    start = i + 1;
                    return s;
                }
            }
            from = end;
            if (end - start >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            int before = end - start;
            fill();
            from = start + before;
        }
    }

    /** Exactly n bytes of body. */
    private byte[] bytes(int n) throws IOException {
        byte[] b = new byte[n];
        int have = Math.min(n, end - start);
        System.arraycopy(buffer, start, b, 0, have);
        start += have;
        while (have < n) {
            int r = in.read(b, have, n - have);
            if (r < 0) {
                throw new EOFException("connection closed after " + have + " of " + n + " body bytes");
            }
            have += r;
        }
        return b;
    }

    /** Reads more into the buffer, moving what is unread to its start first. */
    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        int r = in.read(buffer, end, buffer.length - end);
        if (r < 0) {
            silentClose = !answered;
            throw new EOFException("connection closed by the server");
        }
        end += r;
        answered = true;
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        start = 0;
        end = 0;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
