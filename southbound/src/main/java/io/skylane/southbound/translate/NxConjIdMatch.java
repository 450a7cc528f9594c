package io.skylane.southbound.translate;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.projectfloodlight.openflow.protocol.OFMatchV3;
import org.projectfloodlight.openflow.protocol.OFOxmList;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * An OpenFlow 1.3 match that also matches Open vSwitch's {@code conj_id} (NXM_NX_CONJ_ID: class
 * 0x0001, field 37, 4 bytes, no mask), which openflowj has no match field for: an openflowj match
 * of the other fields plus the id. It writes its OXMs, then the conj_id OXM, as one {@code
 * ofp_match} (Open vSwitch writes conj_id first; the order of OXMs does not matter to a switch).
 * {@link MatchTranslator} makes it for a core match with conj_id and reads it back;
 * {@link MessageReader} makes it when a switch sends a match holding conj_id (openflowj cannot
 * read such a match: it fails the whole message).
 *
 * <p>openflowj's accessors ({@link #get}, {@link #getOxmList}, ...) see the other fields only.
 */
final class NxConjIdMatch implements OFMatchV3 {

    static final int CLASS = 0x0001;
    static final int FIELD = 37;
    /** The OXM header: class 0x0001, field 37, no mask, 4 bytes. */
    static final long HEADER = ((long) CLASS << 16) | (FIELD << 9) | 4;
    /** Bytes of the OXM: header and value. */
    static final int LENGTH = 8;

    private static final int MATCH_TYPE_OXM = 1;

    private final OFMatchV3 others;
    private final long conjId;

    NxConjIdMatch(OFMatchV3 others, long conjId) {
        this.others = Objects.requireNonNull(others, "others");
        if (others.getVersion() != OFVersion.OF_13) {
            throw new IllegalArgumentException("conj_id is matched in OpenFlow 1.3 only");
        }
        this.conjId = conjId & 0xffffffffL;
    }

    /** The match of the other fields. */
    OFMatchV3 others() {
        return others;
    }

    long conjId() {
        return conjId;
    }

    @Override
    public int getType() {
        return MATCH_TYPE_OXM;
    }

    /** The other fields' OXMs: conj_id has no openflowj OXM. */
    @Override
    public OFOxmList getOxmList() {
        return others.getOxmList();
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        int start = bb.writerIndex();
        bb.writeShort(MATCH_TYPE_OXM);
        bb.writeShort(0);
        others.getOxmList().writeTo(bb);
        bb.writeInt((int) HEADER);
        bb.writeInt((int) conjId);
        int length = bb.writerIndex() - start;
        bb.setShort(start + 2, length);
        bb.writeZero(OxmWriter.padding(length));
    }

    /** openflowj's builders would lose conj_id: build a new match instead. */
    @Override
    public OFMatchV3.Builder createBuilder() {
        throw new UnsupportedOperationException("a match with conj_id has no openflowj builder");
    }

    @Override
    public <F extends OFValueType<F>> F get(MatchField<F> field) {
        return others.get(field);
    }

    @Override
    public <F extends OFValueType<F>> Masked<F> getMasked(MatchField<F> field) {
        return others.getMasked(field);
    }

    @Override
    public boolean supports(MatchField<?> field) {
        return others.supports(field);
    }

    @Override
    public boolean supportsMasked(MatchField<?> field) {
        return others.supportsMasked(field);
    }

    @Override
    public boolean isExact(MatchField<?> field) {
        return others.isExact(field);
    }

    @Override
    public boolean isFullyWildcarded(MatchField<?> field) {
        return others.isFullyWildcarded(field);
    }

    @Override
    public boolean isPartiallyMasked(MatchField<?> field) {
        return others.isPartiallyMasked(field);
    }

    @Override
    public Iterable<MatchField<?>> getMatchFields() {
        return others.getMatchFields();
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        others.putTo(sink);
        sink.putInt((int) HEADER).putInt((int) conjId);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof NxConjIdMatch m && conjId == m.conjId && others.equals(m.others));
    }

    @Override
    public int hashCode() {
        return others.hashCode() * 31 + Long.hashCode(conjId);
    }

    @Override
    public String toString() {
        return "NxConjIdMatch(conj_id=" + conjId + ", " + others + ")";
    }
}
