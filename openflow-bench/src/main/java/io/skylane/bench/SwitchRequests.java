package io.skylane.bench;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFStatsType;
import org.projectfloodlight.openflow.types.U64;

/**
 * The statistics (multipart) requests of an emulated switch, decoded with openflowj: DESC and
 * PORT_DESC always; FLOW (the recorded entries), AGGREGATE, GROUP_DESC, PORT and TABLE (empty)
 * unless statistics are ignored as cbench does; anything else gets an ERROR.
 */
final class SwitchRequests {

    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

    private final SwitchSpec spec;
    private final EmulatedFlowTable table;
    private final OFFactory factory;

    SwitchRequests(SwitchSpec spec, EmulatedFlowTable table) {
        this.spec = spec;
        this.table = table;
        this.factory = SwitchReplies.factory(spec.wireVersion());
    }

    /** The message at {@code at}; empty if openflowj cannot read it. */
    Optional<OFMessage> parse(ByteBuf in, int at, int len) {
        try {
            return Optional.ofNullable(READER.readFrom(in.slice(at, len)));
        } catch (OFParseError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the replies to the statistics request at {@code at} into {@code out}; false when it is
     * ignored (no statistics).
     */
    boolean stats(ByteBuf in, int at, int len, long now, ByteBuf out) {
        Optional<List<OFMessage>> replies = replies(in, at, len, now, out);
        replies.ifPresent(list -> list.forEach(m -> m.writeTo(out)));
        return replies.isPresent();
    }

    /** The replies as openflowj messages, except flow statistics, already written to {@code out}. */
    private Optional<List<OFMessage>> replies(ByteBuf in, int at, int len, long now, ByteBuf out) {
        OFMessage m = parse(in, at, len).orElse(null);
        long xid = in.getUnsignedInt(at + 4);
        if (!(m instanceof OFStatsRequest<?>)) {
            return Optional.of(List.of(SwitchReplies.badRequest(spec.wireVersion(), xid, OFBadRequestCode.BAD_LEN, in,
                    at, len)));
        }
        OFStatsRequest<?> r = (OFStatsRequest<?>) m;
        switch (r.getStatsType()) {
            case DESC:
                return Optional.of(List.of(SwitchReplies.descReply(spec, xid)));
            case PORT_DESC:
                return Optional.of(List.of(SwitchReplies.portDescReply(spec, xid)));
            default:
                break;
        }
        if (!spec.answerStats()) {
            return Optional.empty();
        }
        if (r.getStatsType() == OFStatsType.FLOW) {
            table.writeFlowStats((OFFlowStatsRequest) r, now, out);
            return Optional.of(List.of());
        }
        return Optional.of(answer(r, xid, in, at, len));
    }

    private List<OFMessage> answer(OFStatsRequest<?> r, long xid, ByteBuf in, int at, int len) {
        switch (r.getStatsType()) {
            case AGGREGATE:
                return List.of(factory.buildAggregateStatsReply().setXid(xid).setFlowCount(table.count())
                        .setPacketCount(U64.ZERO).setByteCount(U64.ZERO).build());
            case GROUP_DESC:
                return List.of(factory.buildGroupDescStatsReply().setXid(xid).build());
            case PORT:
                return List.of(factory.buildPortStatsReply().setXid(xid).build());
            case TABLE:
                return List.of(factory.buildTableStatsReply().setXid(xid).build());
            default:
                return List.of(SwitchReplies.badRequest(spec.wireVersion(), xid, OFBadRequestCode.BAD_STAT, in, at,
                        len));
        }
    }
}
