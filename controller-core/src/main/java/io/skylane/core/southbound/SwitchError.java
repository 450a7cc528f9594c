package io.skylane.core.southbound;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * An OpenFlow ERROR message, in words.
 *
 * @param type     the error type as OpenFlow names it ({@code FLOW_MOD_FAILED})
 * @param code     the error code as OpenFlow names it ({@code TABLE_FULL})
 * @param xid      the transaction id of the message that failed
 * @param request  a short description of the offending request the switch echoed back, if any
 */
public record SwitchError(String type, String code, long xid, String request) {
    public SwitchError {
        checkNotNull(type, "type");
        checkNotNull(code, "code");
        checkNotNull(request, "request");
    }

    @Override
    public String toString() {
        return type + "/" + code + " (xid " + xid + ")";
    }
}
