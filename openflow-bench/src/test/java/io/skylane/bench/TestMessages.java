package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import io.skylane.southbound.translate.MessageReader;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * What a controller sends, built with openflowj, and reading back what an emulated switch sent
 * (with southbound's {@link MessageReader}). The few helpers of southbound's test sources that
 * these tests need (southbound ships no test-jar).
 */
final class TestMessages {

    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    static final OFFactory OF10 = OFFactories.getFactory(OFVersion.OF_10);

    private TestMessages() {
    }

    /** A HELLO with a version bitmap of the given wire versions. */
    static OFHello helloWithBitmap(OFFactory f, int... wireVersions) {
        long bits = 0;
        for (int v : wireVersions) {
            bits |= 1L << v;
        }
        return f.buildHello().setXid(1).setElements(List.of(
                f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bits))).build())).build();
    }

    /** A HELLO without elements. */
    static OFHello plainHello(OFFactory f) {
        return f.buildHello().setXid(1).build();
    }

    static byte[] bytes(OFMessage m) {
        return SwitchReplies.bytes(m);
    }

    /** Parses every message in the buffer and releases it. */
    static List<OFMessage> parseAll(ByteBuf b) {
        try {
            List<OFMessage> out = new ArrayList<>();
            while (b.isReadable()) {
                OFMessage m = MessageReader.readFrom(b);
                if (m == null) {
                    throw new AssertionError("truncated message");
                }
                out.add(m);
            }
            return out;
        } catch (OFParseError e) {
            throw new AssertionError("unparseable message", e);
        } finally {
            b.release();
        }
    }
}
