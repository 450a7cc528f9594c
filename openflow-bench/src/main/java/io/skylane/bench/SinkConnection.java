package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/** One switch connection of the {@link SinkController}: raw bytes in, pre-encoded answers out. */
final class SinkConnection extends ByteToMessageDecoder {

    private static final int OUT_PORT = 2;
    private static final byte[] HELLO = SwitchReplies.bytes(OFFactories.getFactory(OFVersion.OF_13).buildHello()
            .setXid(1).setElements(List.of(OFFactories.getFactory(OFVersion.OF_13).buildHelloElemVersionbitmap()
                    .setBitmaps(List.of(U32.of((1L << Wire.OF10) | (1L << Wire.OF13)))).build())).build());
    private static final byte[] FLOW_MOD_10 = flowMod(OFVersion.OF_10);
    private static final byte[] FLOW_MOD_13 = flowMod(OFVersion.OF_13);

    private final SinkController.Answer answer;
    private final SinkController.Counters counters;
    private ChannelHandlerContext ctx;
    private ByteBuf out;
    private int version;
    private int xid = 1000;
    private int packetOuts;
    private int flowMods;

    SinkConnection(SinkController.Answer answer, SinkController.Counters counters) {
        this.answer = answer;
        this.counters = counters;
    }

    /** FLOW_MOD ADD in_port=1 -> output:2, idle 60 s, priority 10; buffer id and xid patched per packet. */
    private static byte[] flowMod(OFVersion v) {
        OFFactory f = OFFactories.getFactory(v);
        List<OFAction> out = List.of(f.actions().output(OFPort.of(OUT_PORT), 0));
        var b = f.buildFlowAdd().setXid(0).setCookie(U64.of(0x5eed)).setIdleTimeout(60).setPriority(10)
                .setBufferId(OFBufferId.of(0)).setFlags(java.util.EnumSet.noneOf(OFFlowModFlags.class))
                .setMatch(f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(TestFrames.IN_PORT)).build());
        if (v == OFVersion.OF_10) {
            b.setActions(out);
        } else {
            b.setInstructions(List.of(f.instructions().applyActions(out)));
        }
        return SwitchReplies.bytes(b.build());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        counters.connections.increment();
        context.writeAndFlush(context.alloc().buffer(HELLO.length).writeBytes(HELLO));
        context.fireChannelActive();
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf in, List<Object> unused) {
        int packetIns = 0;
        while (in.readableBytes() >= Wire.HEADER) {
            int at = in.readerIndex();
            int len = in.getUnsignedShort(at + 2);
            if (len < Wire.HEADER) {
                in.skipBytes(in.readableBytes());
                context.close();
                return;
            }
            if (in.readableBytes() < len) {
                break;
            }
            int type = in.getUnsignedByte(at + 1);
            int xidIn = in.getInt(at + 4);
            if (type == Wire.PACKET_IN && version != 0) {
                packetIns++;
                answer(in, at, len);
            } else if (type == Wire.HELLO) {
                version = in.getUnsignedByte(at) >= Wire.OF13 ? Wire.OF13 : Wire.OF10;
                Wire.writeHeader(out(), version, Wire.FEATURES_REQUEST, Wire.HEADER, ++xid);
            } else if (type == Wire.FEATURES_REPLY) {
                Wire.writeHeader(out(), version, Wire.SET_CONFIG, 12, ++xid);
                out.writeShort(0).writeShort(0xffff);
            } else if (type == Wire.ECHO_REQUEST) {
                Wire.writeHeader(out(), version, Wire.ECHO_REPLY, Wire.HEADER, xidIn);
            }
            in.readerIndex(at + len);
        }
        if (packetIns > 0) {
            counters.packetIns.add(packetIns);
            counters.packetOuts.add(packetOuts);
            counters.flowMods.add(flowMods);
            packetOuts = 0;
            flowMods = 0;
        }
    }

    private void answer(ByteBuf in, int at, int len) {
        if (answer == SinkController.Answer.NONE) {
            return;
        }
        int buffer = in.getInt(at + 8);
        if (answer != SinkController.Answer.PACKET_OUT) {
            byte[] t = version == Wire.OF10 ? FLOW_MOD_10 : FLOW_MOD_13;
            ByteBuf o = out();
            int start = o.writerIndex();
            o.writeBytes(t);
            o.setInt(start + 4, ++xid);
            o.setInt(start + (version == Wire.OF10 ? 64 : 32), buffer);
            flowMods++;
        }
        if (answer != SinkController.Answer.FLOW_MOD) {
            packetOut(in, at, len, buffer);
        }
    }

    private void packetOut(ByteBuf in, int at, int len, int buffer) {
        int dataAt;
        if (version == Wire.OF10) {
            dataAt = at + 18;
        } else {
            int matchLen = in.getUnsignedShort(at + 26);
            dataAt = at + 24 + ((matchLen + 7) & ~7) + 2;
        }
        int dataLen = buffer == Wire.NO_BUFFER ? Math.max(0, at + len - dataAt) : 0;
        ByteBuf o = out();
        if (version == Wire.OF10) {
            Wire.writeHeader(o, version, Wire.PACKET_OUT, 24 + dataLen, ++xid);
            o.writeInt(buffer).writeShort(0xffff).writeShort(8);
            o.writeShort(0).writeShort(8).writeShort(OUT_PORT).writeShort(0);
        } else {
            Wire.writeHeader(o, version, Wire.PACKET_OUT, 40 + dataLen, ++xid);
            o.writeInt(buffer).writeInt(0xfffffffd).writeShort(16).writeZero(6);
            o.writeShort(0).writeShort(16).writeInt(OUT_PORT).writeShort(0).writeZero(6);
        }
        if (dataLen > 0) {
            o.writeBytes(in, dataAt, dataLen);
        }
        packetOuts++;
    }

    private ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().ioBuffer(4096);
        }
        return out;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) throws Exception {
        if (out != null) {
            ByteBuf b = out;
            out = null;
            context.writeAndFlush(b, context.voidPromise());
        }
        super.channelReadComplete(context);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        if (out != null) {
            out.release();
            out = null;
        }
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
