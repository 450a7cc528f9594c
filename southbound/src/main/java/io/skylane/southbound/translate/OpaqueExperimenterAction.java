package io.skylane.southbound.translate;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * An experimenter action openflowj cannot read (a Nicira action other than dec_ttl, ct and
 * multipath, or an unknown experimenter's), kept as its bytes: the message it came in still
 * parses, and only the flow entry or group holding it is undecodable.
 */
final class OpaqueExperimenterAction implements OFActionExperimenter {

    private final byte[] bytes;

    OpaqueExperimenterAction(ByteBuf b, int at, int length) {
        this.bytes = new byte[length];
        b.getBytes(at, bytes);
    }

    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return ((bytes[4] & 0xffL) << 24) | ((bytes[5] & 0xff) << 16) | ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
    }

    /** The Nicira subtype (the two bytes after the experimenter id). */
    int subtype() {
        return ((bytes[8] & 0xff) << 8) | (bytes[9] & 0xff);
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("an opaque experimenter action has no builder");
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof OpaqueExperimenterAction a && Arrays.equals(bytes, a.bytes));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return String.format("experimenter(0x%08x, subtype %d, %d bytes)", getExperimenter(), subtype(), bytes.length);
    }
}
