package io.skylane.southbound.translate;

import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/**
 * What every Nicira action openflowj does not have ({@link NxConntrackAction}, {@link NxMultipathAction},
 * {@link NxConjunctionAction}) answers alike: an OpenFlow 1.3 experimenter action of Nicira
 * (0x00002320), written and read by the southbound itself, without an openflowj builder.
 */
abstract class NiciraAction implements OFActionExperimenter {

    /** The Nicira experimenter id. */
    static final int NICIRA = 0x00002320;

    /** The action's name on the wire (NXAST_CT, ...), for messages. */
    abstract String wireName();

    @Override
    public final OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public final long getExperimenter() {
        return NICIRA;
    }

    @Override
    public final OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    /** openflowj's builders do not apply: build a new action instead. */
    @Override
    public final OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException(wireName() + " has no openflowj builder");
    }
}
