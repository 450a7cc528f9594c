package io.skylane.bench;

import io.netty.buffer.ByteBuf;

/**
 * The PACKET_IN of one switch, encoded once with openflowj and then copied and patched per packet:
 * xid, buffer id (when buffering), the source MAC tag and the sequence carried in the frame. The
 * source MAC cycles through {@link SwitchSpec#macs()} tags. Confined to the switch's event loop.
 */
final class PacketInTemplate {

    private final byte[] template;
    private final int dataOffset;
    private final int macKey;
    private final int macs;
    private final boolean buffered;
    private int nextMac;

    PacketInTemplate(SwitchSpec spec) {
        this.template = SwitchReplies.packetInTemplate(spec);
        this.dataOffset = template.length - TestFrames.LENGTH;
        this.macKey = TestFrames.macKey(spec.seed(), spec.index());
        this.macs = spec.macs();
        this.buffered = spec.buffered();
    }

    /** The tag of the next packet's source MAC; advances the cycle. */
    int nextTag() {
        int i = nextMac;
        nextMac = i + 1 == macs ? 0 : i + 1;
        return TestFrames.macTag(macKey, i);
    }

    /** Appends one PACKET_IN to {@code out}. */
    void write(ByteBuf out, int xid, int seq, int tag) {
        int at = out.writerIndex();
        out.writeBytes(template);
        out.setInt(at + 4, xid);
        if (buffered) {
            out.setInt(at + 8, seq);
        }
        out.setInt(at + dataOffset + TestFrames.SRC_TAG_OFFSET, tag);
        out.setInt(at + dataOffset + TestFrames.SEQ_OFFSET, seq);
    }
}
