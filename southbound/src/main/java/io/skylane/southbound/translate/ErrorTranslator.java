package io.skylane.southbound.translate;

import io.skylane.core.southbound.SwitchError;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadActionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadInstructionErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadMatchErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFBadRequestErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFExperimenterErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFGroupModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFMeterModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFPortModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFQueueOpFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFRoleRequestFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFSwitchConfigFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableFeaturesFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.errormsg.OFTableModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.ver10.OFErrorTypeSerializerVer10;
import org.projectfloodlight.openflow.protocol.ver13.OFErrorTypeSerializerVer13;

/** ERROR messages in words: openflowj's enum names for the type and the code. */
public final class ErrorTranslator {

    private ErrorTranslator() {
    }

    /** The error as the core sees it: {@code FLOW_MOD_FAILED/TABLE_FULL}, the xid, and the failed request's type. */
    public static SwitchError toCore(OFErrorMsg e) {
        return new SwitchError(e.getErrType().name(), code(e), e.getXid(), request(e));
    }

    /**
     * An ERROR openflowj cannot read (a type or code it has no name for), from its raw fields: the
     * type by its OpenFlow name when the version has it ({@code TYPE_77} otherwise), the code as
     * {@code CODE_99}.
     *
     * @param data the start of the request the switch echoed back (may be cut short)
     */
    public static SwitchError toCore(OFVersion version, int type, int code, long xid, byte[] data) {
        return new SwitchError(typeName(version, type), "CODE_" + code, xid,
                data.length >= 2 ? "type " + (data[1] & 0xff) : "");
    }

    private static String typeName(OFVersion version, int type) {
        try {
            if (version == OFVersion.OF_10) {
                return OFErrorTypeSerializerVer10.ofWireValue((short) type).name();
            } else if (version == OFVersion.OF_13) {
                return OFErrorTypeSerializerVer13.ofWireValue((short) type).name();
            }
        } catch (IllegalArgumentException e) {
            // not a type of this version: by number
        }
        return "TYPE_" + type;
    }

    static String code(OFErrorMsg e) {
        if (e instanceof OFFlowModFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFBadRequestErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFBadActionErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFBadMatchErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFBadInstructionErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFGroupModFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFMeterModFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFHelloFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFPortModFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFTableModFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFQueueOpFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFSwitchConfigFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFRoleRequestFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFTableFeaturesFailedErrorMsg m) {
            return m.getCode().name();
        } else if (e instanceof OFExperimenterErrorMsg m) {
            return "EXPERIMENTER_0x" + Long.toHexString(m.getExperimenter()) + "_" + m.getSubtype();
        }
        return "UNKNOWN";
    }

    /** The type of the request the switch echoed back: parsed if it can be, else read from its header. */
    static String request(OFErrorMsg e) {
        byte[] data = e.getData().getData();
        if (data.length == 0) {
            return "";
        }
        com.google.common.base.Optional<OFMessage> parsed = e.getData().getParsedMessage();
        if (parsed.isPresent()) {
            return parsed.get().getType().name();
        }
        return data.length >= 2 ? "type " + (data[1] & 0xff) + " (" + data.length + " bytes)" : data.length + " bytes";
    }
}
