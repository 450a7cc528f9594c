package io.skylane.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * A controller played by the test, one message at a time over a blocking socket: it sends what the
 * test says and reads what the emulated switch answers.
 */
final class ScriptedController implements AutoCloseable {

    static final int TIMEOUT_MS = 5000;

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    ScriptedController() throws IOException {
        this(0);
    }

    /** @param receiveBuffer the accepted socket's receive buffer in bytes (0: the system's) */
    ScriptedController(int receiveBuffer) throws IOException {
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer);
        }
        server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setSoTimeout(TIMEOUT_MS);
    }

    int port() {
        return server.getLocalPort();
    }

    void accept() throws IOException {
        socket = server.accept();
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        out = socket.getOutputStream();
    }

    void send(OFMessage... messages) throws IOException {
        for (OFMessage m : messages) {
            out.write(TestMessages.bytes(m));
        }
        out.flush();
    }

    void sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** The next message from the switch. */
    OFMessage read() throws IOException {
        return TestMessages.parseAll(Unpooled.wrappedBuffer(readFrame())).get(0);
    }

    byte[] readFrame() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 8);
        in.readFully(frame, 8, length - 8);
        return frame;
    }

    /** The next message from the switch, skipping the ECHO_REQUESTs it sends by itself. */
    <T extends OFMessage> T read(Class<T> type) throws IOException {
        OFMessage m = read();
        while (m.getType() == OFType.ECHO_REQUEST) {
            m = read();
        }
        return type.cast(assertInstanceOf(type, m));
    }

    /** Reads until a message of {@code type} arrives, skipping echoes. */
    OFMessage readType(OFType type) throws IOException {
        List<OFType> skipped = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OFMessage m = read();
            if (m.getType() == type) {
                return m;
            }
            skipped.add(m.getType());
        }
        return fail("no " + type + " among " + skipped);
    }

    /**
     * Reads until the switch closes the connection.
     *
     * @return how many whole frames arrived
     * @throws java.io.EOFException if the stream ends inside a frame
     */
    long drainToEof() throws IOException {
        long frames = 0;
        while (true) {
            int first = in.read();
            if (first < 0) {
                return frames;
            }
            byte[] header = new byte[7];
            in.readFully(header);
            int length = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
            in.readFully(new byte[length - 8]);
            frames++;
        }
    }

    /** True if the switch sends nothing for {@code ms}. */
    boolean silentFor(int ms) throws IOException {
        socket.setSoTimeout(ms);
        try {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MS);
        }
    }

    /** Controller side of the handshake: HELLO both ways, FEATURES, (1.3) PORT_DESC, SET_CONFIG. */
    List<OFMessage> handshake(OFFactory f) throws IOException {
        List<OFMessage> got = new ArrayList<>();
        OFMessage hello = read();
        assertEquals(OFType.HELLO, hello.getType());
        got.add(hello);
        send(TestMessages.helloWithBitmap(TestMessages.OF13, 1, 4));
        send(f.buildFeaturesRequest().setXid(11).build());
        got.add(read());
        if (f.getVersion() != TestMessages.OF10.getVersion()) {
            send(f.buildPortDescStatsRequest().setXid(12).build());
            got.add(read());
        }
        send(f.buildSetConfig().setXid(13).setMissSendLen(0xffff).build());
        return got;
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
