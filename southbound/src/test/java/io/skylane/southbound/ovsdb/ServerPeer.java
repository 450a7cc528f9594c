package io.skylane.southbound.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * An ovsdb-server on the other end of an {@link EmbeddedChannel} that runs the real pipeline: what
 * it sends goes through the framer and the codec, what the client sends comes back as JSON trees.
 */
final class ServerPeer implements AutoCloseable {

    final EmbeddedChannel ch;
    final OvsdbCounters counters = new OvsdbCounters();
    final RecordingConnectionListener listener = new RecordingConnectionListener();
    final OvsdbConnection conn;
    final Set<Channel> open = new HashSet<>();

    ServerPeer(OvsdbConfig config) {
        ch = new EmbeddedChannel(DefaultChannelId.newInstance(),
                new OvsdbChannelInitializer(config, counters, listener, true, open));
        conn = ch.pipeline().get(OvsdbConnection.class);
    }

    ServerPeer() {
        this(OvsdbConfig.defaults());
    }

    /** The server sends text (single quotes stand for double quotes). */
    void receive(String singleQuoted) {
        receiveBytes(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    void receiveBytes(byte[] b) {
        ch.writeInbound(Unpooled.wrappedBuffer(b));
        ch.runPendingTasks();
    }

    /** Everything the client sent since the last call. */
    List<JsonNode> sent() {
        ch.runPendingTasks();
        List<JsonNode> out = new ArrayList<>();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            try (MappingIterator<JsonNode> it = JsonRpcCodec.MAPPER.readerFor(JsonNode.class)
                    .readValues(ByteBufUtil.getBytes(b))) {
                it.forEachRemaining(out::add);
            } catch (IOException e) {
                throw new AssertionError("client sent bad JSON", e);
            } finally {
                b.release();
            }
        }
        return out;
    }

    JsonNode sentOne() {
        List<JsonNode> s = sent();
        assertEquals(1, s.size(), "expected one message, got " + s);
        return s.get(0);
    }

    /** Answers a request with a result. */
    void answer(JsonNode request, String resultSingleQuoted) {
        receive("{'id': " + request.get("id") .toString().replace('"', '\'') + ", 'result': " + resultSingleQuoted
                + ", 'error': null}");
    }

    /** Answers list_dbs and the monitor with these table updates: the connection is then ready. */
    void setUp(String tableUpdatesSingleQuoted) {
        JsonNode listDbs = sentOne();
        assertEquals("list_dbs", listDbs.get("method").asText());
        answer(listDbs, "['Open_vSwitch', '_Server']");
        JsonNode monitor = sentOne();
        assertEquals("monitor", monitor.get("method").asText());
        answer(monitor, tableUpdatesSingleQuoted);
    }

    /** Virtual time passes; timers due run. */
    void advance(Duration d) {
        ch.advanceTimeBy(d.toMillis(), TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.runPendingTasks();
    }

    @Override
    public void close() {
        ch.finishAndReleaseAll();
    }
}
