package io.skylane.southbound;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.southbound.translate.MessageReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U32;

/** Messages a switch sends, built with openflowj, and byte helpers for tests. */
public final class OFTestMessages {

    public static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    public static final OFFactory OF10 = OFFactories.getFactory(OFVersion.OF_10);

    private OFTestMessages() {
    }

    /** A HELLO with a version bitmap of the given wire versions. */
    public static OFHello helloWithBitmap(OFFactory f, int... wireVersions) {
        long bits = 0;
        for (int v : wireVersions) {
            bits |= 1L << v;
        }
        return f.buildHello().setXid(1).setElements(List.of(
                f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(bits))).build())).build();
    }

    /** A HELLO without elements. */
    public static OFHello plainHello(OFFactory f) {
        return f.buildHello().setXid(1).build();
    }

    /** A port description: {@code s1-eth<n>}, up, 10 Gbit/s (1.3) or 10 Gbit/s full duplex (1.0). */
    public static OFPortDesc port(OFFactory f, int number) {
        return port(f, number, Set.of(), Set.of());
    }

    public static OFPortDesc port(OFFactory f, int number, Set<OFPortConfig> config, Set<OFPortState> state) {
        OFPortDesc.Builder b = f.buildPortDesc().setPortNo(OFPort.of(number)).setName("s1-eth" + number)
                .setHwAddr(MacAddress.of(0x0a0000000000L + number)).setConfig(config).setState(state);
        if (f.getVersion() == OFVersion.OF_10) {
            b.setCurr(EnumSet.of(OFPortFeatures.PF_10GB_FD));
        } else {
            b.setCurr(EnumSet.of(OFPortFeatures.PF_10GB_FD)).setCurrSpeed(10_000_000L).setMaxSpeed(10_000_000L);
        }
        return b.build();
    }

    public static byte[] bytes(OFMessage m) {
        ByteBuf b = Unpooled.buffer();
        try {
            m.writeTo(b);
            byte[] out = new byte[b.readableBytes()];
            b.readBytes(out);
            return out;
        } finally {
            b.release();
        }
    }

    /** Parses every message in the buffer and releases it. */
    public static List<OFMessage> parseAll(ByteBuf b) {
        try {
            List<OFMessage> out = new ArrayList<>();
            while (b.isReadable()) {
                OFMessage m = MessageReader.readFrom(b);
                if (m == null) {
                    throw new AssertionError("truncated message in output");
                }
                out.add(m);
            }
            return out;
        } catch (OFParseError e) {
            throw new AssertionError("controller sent an unparseable message", e);
        } finally {
            b.release();
        }
    }

    /** Encodes and parses again (what a message looks like after the wire). */
    public static OFMessage roundTrip(OFMessage m) {
        return parseAll(Unpooled.wrappedBuffer(bytes(m))).get(0);
    }
}
