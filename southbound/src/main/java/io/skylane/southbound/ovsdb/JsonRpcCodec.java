package io.skylane.southbound.ovsdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * JSON-RPC 1.0 messages over a byte stream (RFC 7047 §4): after Netty's {@code JsonObjectDecoder}
 * has cut the stream into whole JSON values (there is no length prefix), each is parsed into a
 * tree, which must be an object; outgoing trees are written as UTF-8 JSON. A value that does not
 * parse, or is not an object, is a {@link CorruptedFrameException}: the connection is closed.
 */
final class JsonRpcCodec extends MessageToMessageCodec<ByteBuf, JsonNode> {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(frame));
        } catch (JsonProcessingException e) {
            throw new CorruptedFrameException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new CorruptedFrameException("a JSON-RPC message must be a JSON object, got "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        out.add(node);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonNode msg, List<Object> out) throws IOException {
        ByteBuf buf = ctx.alloc().buffer();
        boolean done = false;
        try (OutputStream os = new ByteBufOutputStream(buf)) {
            MAPPER.writeValue(os, msg);
            done = true;
        } finally {
            if (!done) {
                buf.release();
            }
        }
        out.add(buf);
    }
}
