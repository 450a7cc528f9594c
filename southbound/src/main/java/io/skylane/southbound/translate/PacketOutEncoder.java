package io.skylane.southbound.translate;

import com.google.common.collect.ImmutableList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.skylane.core.flow.Action;
import io.skylane.core.packet.OutboundPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * The PACKET_OUTs that carry one {@link OutboundPacket}: one, unless the frame and the actions
 * together exceed the 65,535 bytes an OpenFlow message can hold (a maximum-size frame, as a switch
 * sends it in a PACKET_IN, sent out of two or more ports). Then the actions are split over several
 * PACKET_OUTs, each carrying the frame, so that every output sends what the single message would
 * have sent:
 *
 * <ul>
 *   <li>outputs, groups and ct are the actions that send the packet somewhere (or record it) and are
 *       sent once each, in order;</li>
 *   <li>each PACKET_OUT after the first starts with every packet-modifying action (set-field,
 *       push/pop, dec_ttl) that came before its own actions: the switch starts again from the
 *       original frame, so replaying them in order rebuilds the packet those outputs saw.</li>
 * </ul>
 *
 * Splitting is greedy (as many actions per message as fit). The common case costs no measuring:
 * a message is measured only when {@link #MAX_ACTION_LENGTH} bytes per action might not fit.
 */
public final class PacketOutEncoder {

    /** The largest OpenFlow message (the header's length is 16 bits). */
    static final int MAX_MESSAGE_LENGTH = 0xffff;
    /**
     * An upper bound of the encoded length of any action {@link ActionTranslator} produces (ct is
     * 24 bytes, 56 with the longest nat, multipath 32, a set-field at most 16); pinned by a test
     * over every kind of action.
     */
    static final int MAX_ACTION_LENGTH = 64;
    /** PACKET_OUT without actions and data: 24 bytes from 1.1 on, 16 in 1.0. */
    private static final int HEADER_10 = 16;
    private static final int HEADER_13 = 24;

    private PacketOutEncoder() {
    }

    /**
     * Encodes {@code p}, splitting it when one message cannot carry it.
     *
     * @param xids a fresh transaction id per message
     * @return one PACKET_OUT, or several whose outputs together are those of {@code p}
     * @throws PacketTooLargeException  if no PACKET_OUT can carry it
     * @throws IllegalArgumentException if an action or the in_port cannot be expressed in the version
     */
    public static List<OFPacketOut> encode(OutboundPacket p, OFFactory factory, LongSupplier xids) {
        List<OFAction> actions = ActionTranslator.toOpenFlow(p.actions(), factory);
        int budget = MAX_MESSAGE_LENGTH - headerLength(factory.getVersion()) - p.data().length;
        if ((long) actions.size() * MAX_ACTION_LENGTH <= budget) {
            return List.of(PacketTranslator.toOpenFlow(p, actions, factory, xids.getAsLong()));
        }
        int[] lengths = lengths(actions);
        int total = 0;
        for (int l : lengths) {
            total += l;
        }
        if (total <= budget) {
            return List.of(PacketTranslator.toOpenFlow(p, actions, factory, xids.getAsLong()));
        }
        if (budget < 0) {
            throw new PacketTooLargeException("a frame of " + p.data().length + " bytes does not fit in a PACKET_OUT");
        }
        if (p.bufferId().isPresent()) {
            throw new PacketTooLargeException(actions.size() + " actions (" + total
                    + " bytes) do not fit in one PACKET_OUT, and a buffered packet cannot be split");
        }
        return split(p, actions, lengths, budget, factory, xids);
    }

    private static List<OFPacketOut> split(OutboundPacket p, List<OFAction> actions, int[] lengths, int budget,
                                           OFFactory factory, LongSupplier xids) {
        ImmutableList.Builder<OFPacketOut> out = ImmutableList.builder();
        List<OFAction> modifiers = new ArrayList<>();
        int modifiersLength = 0;
        List<OFAction> chunk = new ArrayList<>();
        int chunkLength = 0;
        boolean chunkSends = false;
        int sent = 0;
        for (int i = 0; i < actions.size(); i++) {
            if (chunkLength + lengths[i] > budget) {
                if (chunkSends) {
                    out.add(PacketTranslator.toOpenFlow(p, List.copyOf(chunk), factory, xids.getAsLong()));
                    sent++;
                }
                chunk = new ArrayList<>(modifiers);
                chunkLength = modifiersLength;
                chunkSends = false;
                if (chunkLength + lengths[i] > budget) {
                    throw new PacketTooLargeException("a frame of " + p.data().length + " bytes and the "
                            + (chunkLength + lengths[i]) + " bytes of actions up to action " + i
                            + " do not fit in a PACKET_OUT");
                }
            }
            chunk.add(actions.get(i));
            chunkLength += lengths[i];
            if (sends(p.actions().get(i))) {
                chunkSends = true;
            } else {
                modifiers.add(actions.get(i));
                modifiersLength += lengths[i];
            }
        }
        if (chunkSends) {
            out.add(PacketTranslator.toOpenFlow(p, List.copyOf(chunk), factory, xids.getAsLong()));
            sent++;
        }
        if (sent == 0) {
            throw new PacketTooLargeException(actions.size() + " actions send the packet nowhere");
        }
        return out.build();
    }

    /** Whether the action sends the packet (or records it, ct) rather than changing it. */
    static boolean sends(Action a) {
        return a instanceof Action.Output || a instanceof Action.Group || a instanceof Action.Ct;
    }

    static int headerLength(OFVersion version) {
        return version == OFVersion.OF_10 ? HEADER_10 : HEADER_13;
    }

    /** The encoded length of each action. */
    static int[] lengths(List<OFAction> actions) {
        int[] lengths = new int[actions.size()];
        ByteBuf scratch = Unpooled.buffer(MAX_ACTION_LENGTH);
        try {
            for (int i = 0; i < lengths.length; i++) {
                scratch.clear();
                actions.get(i).writeTo(scratch);
                lengths[i] = scratch.writerIndex();
            }
        } finally {
            scratch.release();
        }
        return lengths;
    }
}
