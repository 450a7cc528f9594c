package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.skylane.southbound.channel.SouthboundCounters.Counter;
import io.skylane.southbound.translate.MessageReader;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the byte stream into OpenFlow frames and parses each with openflowj's generic reader
 * (through {@link MessageReader}, which adds the Nicira actions openflowj lacks, such as ct).
 * Reads the 8-byte header, rejects a length below 8 or above the maximum and a version other than
 * the negotiated one (any known version before negotiation): broken framing, which closes the
 * connection. Then waits for the whole frame and parses it within its own bounds. A frame whose
 * type the version does not have, or whose body the reader cannot parse, is well framed: it is
 * passed on as an {@link UnparsedMessage} and the stream goes on with the next frame. Decodes one
 * frame per call, so the handler sees the HELLO (and fixes the version) before the next frame is
 * read. After the first badly framed one everything else is discarded: the connection is being
 * closed.
 */
final class OFFrameDecoder extends ByteToMessageDecoder {

    private static final Logger log = LoggerFactory.getLogger(OFFrameDecoder.class);

    static final int HEADER_LENGTH = 8;
    /** Wire versions 1 (1.0) .. 6 (1.5) are OpenFlow. */
    private static final int MAX_WIRE_VERSION = 6;

    private final int maxFrameLength;
    private final SouthboundCounters counters;
    private int expectedVersion;
    private boolean failed;

    OFFrameDecoder(int maxFrameLength, SouthboundCounters counters) {
        this.maxFrameLength = maxFrameLength;
        this.counters = counters;
    }

    /** From now on only frames of this version are accepted. */
    void expectVersion(OFVersion version) {
        this.expectedVersion = version.getWireVersion();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws FrameException {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        try {
            int length = checkHeader(in.getUnsignedByte(start), in.getUnsignedShort(start + 2));
            if (in.readableBytes() < length) {
                return;
            }
            out.add(parse(in, start, length));
        } catch (FrameException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private int checkHeader(int version, int length) throws FrameException {
        if (version < 1 || version > MAX_WIRE_VERSION) {
            throw new FrameException.Malformed(String.format("not an OpenFlow frame (version byte 0x%02x)", version), null);
        }
        if (expectedVersion != 0 && version != expectedVersion) {
            throw new FrameException.WrongVersion("frame of version " + version + " on a connection that negotiated "
                    + expectedVersion);
        }
        if (length < HEADER_LENGTH) {
            throw new FrameException.Malformed("frame length " + length + " is shorter than the OpenFlow header", null);
        }
        if (length > maxFrameLength) {
            throw new FrameException.Oversize("frame length " + length + " exceeds the maximum " + maxFrameLength);
        }
        return length;
    }

    /**
     * Parses exactly {@code length} bytes: the reader cannot run into the next frame. A body it
     * cannot parse leaves an {@link UnparsedMessage}.
     */
    private static Object parse(ByteBuf in, int start, int length) {
        int end = start + length;
        int writerIndex = in.writerIndex();
        OFMessage m;
        try {
            in.writerIndex(end);
            m = MessageReader.readFrom(in);
        } catch (OFParseError | RuntimeException e) {
            return unparsed(in, start, length, String.valueOf(e.getMessage()));
        } finally {
            in.writerIndex(writerIndex);
        }
        if (m == null) {
            return unparsed(in, start, length, "the body is longer than the frame");
        }
        in.readerIndex(end);
        return m;
    }

    private static UnparsedMessage unparsed(ByteBuf in, int start, int length, String problem) {
        UnparsedMessage u = UnparsedMessage.of(in, start, length, problem);
        in.readerIndex(start + length);
        return u;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // every whole frame has been decoded by now: what is left is a partial one
        if (!failed && in.isReadable()) {
            counters.increment(Counter.FRAMES_TRUNCATED);
            log.warn("connection from {} closed in the middle of a frame ({} bytes left over)",
                    ctx.channel().remoteAddress(), in.readableBytes());
            in.skipBytes(in.readableBytes());
        }
    }
}
