package io.skylane.southbound.channel;

import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * OpenFlow version negotiation (OpenFlow 1.3.5 section 6.3.1). We offer 1.0 and 1.3 in a version
 * bitmap, in a HELLO whose header says 1.3. If the peer's HELLO has a bitmap, the highest version
 * both have wins; otherwise the lower of the two header versions, which must be 1.0 or 1.3.
 */
final class VersionNegotiation {

    /** Bit n set = wire version n supported: 1.0 (1) and 1.3 (4). */
    static final long OUR_BITMAP = (1L << OFVersion.OF_10.getWireVersion()) | (1L << OFVersion.OF_13.getWireVersion());

    private VersionNegotiation() {
    }

    /** Our HELLO: header version 1.3 with a version bitmap element advertising 1.0 and 1.3. */
    static OFHello hello(long xid) {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_13);
        OFHelloElem bitmap = f.buildHelloElemVersionbitmap().setBitmaps(List.of(U32.of(OUR_BITMAP))).build();
        return f.buildHello().setXid(xid).setElements(List.of(bitmap)).build();
    }

    /** The version to speak with the peer that sent {@code hello}, or empty if there is none in common. */
    static Optional<OFVersion> negotiate(OFHello hello) {
        OFVersion peer = hello.getVersion();
        if (peer.compareTo(OFVersion.OF_13) >= 0) {
            for (OFHelloElem e : hello.getElements()) {
                if (e instanceof OFHelloElemVersionbitmap b) {
                    long bits = b.getBitmaps().isEmpty() ? 0 : b.getBitmaps().get(0).getValue();
                    return highestCommon(bits & OUR_BITMAP);
                }
            }
        }
        OFVersion v = peer.compareTo(OFVersion.OF_13) > 0 ? OFVersion.OF_13 : peer;
        return v == OFVersion.OF_13 || v == OFVersion.OF_10 ? Optional.of(v) : Optional.empty();
    }

    private static Optional<OFVersion> highestCommon(long common) {
        if ((common & (1L << OFVersion.OF_13.getWireVersion())) != 0) {
            return Optional.of(OFVersion.OF_13);
        } else if ((common & (1L << OFVersion.OF_10.getWireVersion())) != 0) {
            return Optional.of(OFVersion.OF_10);
        }
        return Optional.empty();
    }
}
