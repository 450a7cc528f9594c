package io.skylane.southbound.channel;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.ver10.OFTypeSerializerVer10;
import org.projectfloodlight.openflow.protocol.ver11.OFTypeSerializerVer11;
import org.projectfloodlight.openflow.protocol.ver12.OFTypeSerializerVer12;
import org.projectfloodlight.openflow.protocol.ver13.OFTypeSerializerVer13;
import org.projectfloodlight.openflow.protocol.ver14.OFTypeSerializerVer14;
import org.projectfloodlight.openflow.protocol.ver15.OFTypeSerializerVer15;

/**
 * A well-framed message the reader could not parse: a type its version does not have, a multipart
 * or experimenter type the reader does not know, a value it has no name for (an ERROR code, a
 * PACKET_IN reason) or a body that does not fit its type. The framing is intact, so the connection
 * can carry on; whether it does is the connection state's decision ({@link ConnectionState#unparsed}).
 * Keeps the header, the first {@link #HEAD_LENGTH} bytes and the BAD_REQUEST code an answer carries.
 * Immutable.
 */
final class UnparsedMessage {

    /** Bytes of the offending message an ERROR carries back (OpenFlow: at least 64). */
    static final int HEAD_LENGTH = 64;

    private static final int MULTIPART_EXPERIMENTER = 0xffff;
    /** Highest multipart (statistics) type openflowj reads in 1.0 (QUEUE) and 1.3 (PORT_DESC). */
    private static final int MAX_MULTIPART_10 = 5;
    private static final int MAX_MULTIPART_13 = 13;

    private final OFVersion version;
    private final int wireType;
    private final OFType type;
    private final long xid;
    private final int length;
    private final byte[] head;
    private final OFBadRequestCode code;
    private final String problem;

    private UnparsedMessage(OFVersion version, int wireType, OFType type, long xid, int length, byte[] head,
                            OFBadRequestCode code, String problem) {
        this.version = version;
        this.wireType = wireType;
        this.type = type;
        this.xid = xid;
        this.length = length;
        this.head = head;
        this.code = code;
        this.problem = problem;
    }

    /**
     * The message of {@code length} bytes at {@code start} (the header already checked: a known
     * version, a length within the frame).
     *
     * @param problem why it could not be read, for the log
     */
    static UnparsedMessage of(ByteBuf in, int start, int length, String problem) {
        OFVersion version = version(in.getUnsignedByte(start));
        int wireType = in.getUnsignedByte(start + 1);
        OFType type = type(version, wireType);
        byte[] head = new byte[Math.min(length, HEAD_LENGTH)];
        in.getBytes(start, head);
        int multipartType = length >= 10 ? in.getUnsignedShort(start + 8) : -1;
        return new UnparsedMessage(version, wireType, type, in.getUnsignedInt(start + 4), length, head,
                code(version, type, multipartType), problem);
    }

    /**
     * BAD_TYPE for a type the version does not have, BAD_MULTIPART (openflowj's BAD_STAT) for an
     * unknown multipart type, BAD_EXPERIMENTER for an experimenter message or multipart, and BAD_LEN
     * (the body does not read as its type; OpenFlow has no closer code) for the rest.
     */
    private static OFBadRequestCode code(OFVersion version, OFType type, int multipartType) {
        if (type == null) {
            return OFBadRequestCode.BAD_TYPE;
        }
        if (type == OFType.EXPERIMENTER) {
            return OFBadRequestCode.BAD_EXPERIMENTER;
        }
        if (type == OFType.STATS_REQUEST || type == OFType.STATS_REPLY) {
            if (multipartType == MULTIPART_EXPERIMENTER) {
                return OFBadRequestCode.BAD_EXPERIMENTER;
            }
            int max = switch (version) {
                case OF_10 -> MAX_MULTIPART_10;
                case OF_13 -> MAX_MULTIPART_13;
                default -> Integer.MAX_VALUE; // never negotiated: answered with BAD_LEN
            };
            if (multipartType > max) {
                return OFBadRequestCode.BAD_STAT;
            }
        }
        return OFBadRequestCode.BAD_LEN;
    }

    private static OFVersion version(int wire) {
        for (OFVersion v : OFVersion.values()) {
            if (v.getWireVersion() == wire) {
                return v;
            }
        }
        throw new IllegalArgumentException("wire version " + wire + " is not checked by the frame decoder");
    }

    /** The message type of this wire value in this version; null if the version has no such type. */
    private static OFType type(OFVersion version, int wireType) {
        byte b = (byte) wireType;
        try {
            return switch (version) {
                case OF_10 -> OFTypeSerializerVer10.ofWireValue(b);
                case OF_11 -> OFTypeSerializerVer11.ofWireValue(b);
                case OF_12 -> OFTypeSerializerVer12.ofWireValue(b);
                case OF_13 -> OFTypeSerializerVer13.ofWireValue(b);
                case OF_14 -> OFTypeSerializerVer14.ofWireValue(b);
                case OF_15 -> OFTypeSerializerVer15.ofWireValue(b);
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    OFVersion version() {
        return version;
    }

    /** Whether the message is of this type (false for every type if the version has no such type). */
    boolean is(OFType t) {
        return type == t;
    }

    /** Whether the version has the message's type at all. */
    boolean isKnownType() {
        return type != null;
    }

    long xid() {
        return xid;
    }

    /** The message's first bytes (all of it if it is short), as an ERROR carries them back. */
    byte[] head() {
        return head.clone();
    }

    /** The BAD_REQUEST code that answers it. */
    OFBadRequestCode code() {
        return code;
    }

    /** An ERROR long enough to hold its type and code. */
    boolean isReadableError() {
        return type == OFType.ERROR && length >= 12;
    }

    /** The error type of a {@link #isReadableError() readable ERROR}. */
    int errorType() {
        return ((head[8] & 0xff) << 8) | (head[9] & 0xff);
    }

    /** The error code of a {@link #isReadableError() readable ERROR}. */
    int errorCode() {
        return ((head[10] & 0xff) << 8) | (head[11] & 0xff);
    }

    /** The start of the request a readable ERROR echoes back (what of it is in {@link #head()}). */
    byte[] errorData() {
        return Arrays.copyOfRange(head, 12, head.length);
    }

    /** For logs: {@code STATS_REPLY (type 19, 16 bytes, xid 3): Unknown value ...}. */
    String describe() {
        return (type == null ? "unknown message" : type.name()) + " (type " + wireType + ", " + length + " bytes, xid "
                + xid + "): " + problem;
    }

    @Override
    public String toString() {
        return "UnparsedMessage{" + version + " " + describe() + "}";
    }
}
